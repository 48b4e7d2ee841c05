package nakamoto_test

import (
	"context"
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/nakamoto"
)

// Ten miners on a full mesh, 10 s blocks: the longer a block takes to arrive, the more blocks
// are found on a tip already beaten, and orphaned.
func Example() {
	for _, lat := range []time.Duration{0, time.Second} {
		e := nakamoto.Experiment{Network: nakamoto.Network{Miners: 10, Interval: 10 * time.Second}, Seed: 1, Blocks: 1000, Latency: sim.Const(lat)}
		st, _, err := e.Run(context.Background())
		if err != nil {
			panic(err)
		}
		fmt.Printf("latency %v: %d of %d blocks stale (%.3f)\n", lat, st.Stale, st.Mined, st.StaleRate)
	}
	fmt.Printf("selfish mining pays from α = %.3f at γ = 0\n", nakamoto.Threshold(0))
	// Output:
	// latency 0s: 0 of 934 blocks stale (0.000)
	// latency 1s: 70 of 934 blocks stale (0.075)
	// selfish mining pays from α = 0.333 at γ = 0
}

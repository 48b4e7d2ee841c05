package clocksync_test

import (
	"context"
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocksync"
)

// Cristian's algorithm keeps every error within ±RTT/2; its ignore-rtt bug does not.
func Example() {
	for _, bug := range []string{"", "ignore-rtt"} {
		cfg := clocksync.Config{Nodes: 4, DriftPPM: 1000, Skew: 50 * time.Millisecond, Bug: bugs.Bug(bug)}
		if err := cfg.Validate("cristian"); err != nil {
			fmt.Println(err)
			return
		}
		res, err := sim.Simulate(context.Background(), sim.Config{Seed: 1, Duration: 20 * time.Second,
			Types: clocksync.Types("cristian", cfg), Topology: sim.Topology{Kind: sim.FullMesh},
			Latency: sim.UniformDist(5*time.Millisecond, 50*time.Millisecond)})
		if err != nil {
			fmt.Println(err)
			return
		}
		m := clocksync.RecordsOf(res, cfg.Sample).Metrics()
		fmt.Printf("bug %q: %v syncs, %v outside the bound\n", bug, m["syncs"], m["bound_broken"])
	}
	// Output:
	// bug "": 59 syncs, 0 outside the bound
	// bug "ignore-rtt": 59 syncs, 33 outside the bound
}

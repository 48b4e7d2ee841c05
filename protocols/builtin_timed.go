package protocols

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/nakamoto"
)

// TimedConfig is what the simulate flags of the course's timed protocols set.
type TimedConfig struct {
	// Nakamoto: the mean time between blocks, a selfish miner's share of the hash power (0:
	// none), the confirmation depth, and random tie-breaking.
	BlockInterval time.Duration
	Selfish       float64
	Confirmations int
	RandomTies    bool
}

// timedProtocols returns the protocols of the course that run only in virtual time:
// blockchains and routing.
func timedProtocols() []Protocol {
	return []Protocol{
		{Name: "nakamoto", Layer: ActorLayer, simulate: nakamotoSim,
			Summary: "Nakamoto longest-chain consensus: proof of work as a random block timer per miner (--block-interval), " +
				"blocks flooded over the overlay; stale blocks, forks, time to --confirmations; a --selfish miner (Eyal–Sirer)"},
	}
}

// nakamotoSim runs --nodes honest miners sharing the hash power, and a selfish one with share
// --selfish.
func nakamotoSim(c SimConfig) (SimSetup, error) {
	t := c.Timed
	if t.Confirmations < 1 {
		return SimSetup{}, fmt.Errorf("--confirmations %d: want at least 1", t.Confirmations)
	}
	n := nakamoto.Network{Miners: c.Nodes, Selfish: t.Selfish, Interval: t.BlockInterval, BlockSize: c.Size, RandomTies: t.RandomTies}
	if t.Selfish > 0 {
		n.Miners--
	}
	types, err := n.Types()
	if err != nil {
		return SimSetup{}, flagged(err, "", map[string]string{"selfish": "--selfish", "interval": "--block-interval", "miners": "--nodes"})
	}
	return SimSetup{
		Types: types, Timeouts: nakamoto.Timeouts,
		Metrics:      func(res *sim.Result) map[string]float64 { return nakamoto.Measure(res, t.Confirmations).Map() },
		SweepMetrics: []string{"stale_rate", fmt.Sprintf("confirm%d_mean_s", t.Confirmations)},
	}, nil
}

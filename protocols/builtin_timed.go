package protocols

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/nakamoto"
	"github.com/distcheck/distcheck/protocols/routing"
)

// TimedConfig is what the simulate flags of the course's timed protocols set.
type TimedConfig struct {
	// Nakamoto: the mean time between blocks, a selfish miner's share of the hash power (0:
	// none), the confirmation depth, and random tie-breaking.
	BlockInterval time.Duration
	Selfish       float64
	Confirmations int
	RandomTies    bool
	// Routing (dv, linkstate): the links that fail (the simulation's LinkFailures too).
	FailLinks []sim.LinkFailure
}

// timedProtocols returns the protocols of the course that run only in virtual time:
// blockchains and routing.
func timedProtocols() []Protocol {
	return []Protocol{
		{Name: "nakamoto", Layer: ActorLayer, simulate: nakamotoSim,
			Summary: "Nakamoto longest-chain consensus: proof of work as a random block timer per miner (--block-interval), " +
				"blocks flooded over the overlay; stale blocks, forks, time to --confirmations; a --selfish miner (Eyal–Sirer)"},
		{Name: "dv", Layer: ActorLayer, simulate: routingSim(false), Bugs: routing.DVCatalog,
			Summary: "distance-vector routing (Bellman–Ford, RIP's infinity 16) with split horizon and poisoned reverse; " +
				"links fail with --fail-link; convergence time, routing-table correctness, counting to infinity (SimpleRoutes)"},
		{Name: "linkstate", Layer: ActorLayer, simulate: routingSim(true), Bugs: routing.LSCatalog,
			Summary: "link-state routing: LSAs flooded with sequence numbers, Dijkstra; links fail with --fail-link; " +
				"convergence time and routing-table correctness (NewestLSA)"},
	}
}

// routingSim runs --nodes routers on the overlay, sending every --period.
func routingSim(linkState bool) func(SimConfig) (SimSetup, error) {
	return func(c SimConfig) (SimSetup, error) {
		e := routing.Experiment{LinkState: linkState, Config: routing.Config{Period: c.Period, Bug: bugs.Bug(c.Bug)}}
		newRouter, err := e.New()
		if err != nil {
			return SimSetup{}, flagged(err, "", map[string]string{"period": "--period"})
		}
		fails := c.Timed.FailLinks
		return SimSetup{
			Types:        []sim.PeerType{{Name: "router", Count: c.Nodes, New: newRouter}},
			Props:        routing.Properties(),
			Metrics:      func(res *sim.Result) map[string]float64 { return routing.Measure(res, fails).Map() },
			SweepMetrics: []string{"convergence_s", "max_route"},
		}, nil
	}
}

// nakamotoSim runs --nodes honest miners sharing the hash power, and a selfish one with share
// --selfish.
func nakamotoSim(c SimConfig) (SimSetup, error) {
	t := c.Timed
	switch {
	case t.Confirmations < 1:
		return SimSetup{}, fmt.Errorf("--confirmations %d: want at least 1", t.Confirmations)
	case t.BlockInterval <= 0:
		return SimSetup{}, fmt.Errorf("--block-interval %v: want a positive duration", t.BlockInterval)
	case t.Selfish > 0 && c.Nodes < 2:
		return SimSetup{}, fmt.Errorf("--nodes %d: with --selfish, want at least 2 (the selfish miner is one of them)", c.Nodes)
	}
	sweep := []string{"stale_rate", fmt.Sprintf("confirm%d_mean_s", t.Confirmations)}
	if t.Selfish > 0 {
		sweep = append(sweep, "selfish_share")
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
		SweepMetrics: sweep, SweepBaselines: map[string]string{"selfish_share": "selfish_power"},
	}, nil
}

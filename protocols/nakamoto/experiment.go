package nakamoto

import (
	"context"
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
)

// Experiment is a whole run of miners, for tests and sweeps: the cast, the overlay and its
// latency, and how long (in expected blocks).
type Experiment struct {
	Network
	Seed uint64
	// Blocks is the run's length in mean block intervals (default 1,000).
	Blocks int
	// Topology is the overlay among the miners (the zero value is a full mesh) and Latency a
	// message's latency (the zero value is none).
	Topology sim.Topology
	Latency  sim.Dist
	// SelfishLatency, if set, is the latency between the selfish miner and every other
	// miner: a well-connected attacker (a small one raises γ).
	SelfishLatency *sim.Dist
	// Bandwidth is every miner's upload bandwidth in bytes per second (0: unlimited).
	Bandwidth float64
	// K is the confirmation depth (default 6).
	K int
}

// Config returns the simulation of the experiment.
func (e Experiment) Config() (sim.Config, error) {
	types, err := e.Types()
	if err != nil {
		return sim.Config{}, err
	}
	blocks := e.Blocks
	if blocks == 0 {
		blocks = 1000
	}
	if blocks < 0 {
		return sim.Config{}, fmt.Errorf("blocks %d is negative", blocks)
	}
	dur := time.Duration(blocks) * e.interval()
	cfg := sim.Config{
		Seed: e.Seed, Duration: dur, Settle: min(10*e.interval(), dur/10), Types: types,
		Topology: e.Topology, Latency: e.Latency, Timeouts: Timeouts, Bandwidth: e.Bandwidth,
		Bucket: max(time.Second, dur/100),
	}
	if e.SelfishLatency != nil && e.Selfish > 0 {
		cfg.Locations = []string{"honest", "selfish"}
		cfg.Types[0].Locations = []string{"honest"}
		cfg.Types[1].Locations = []string{"selfish"}
		cfg.Links = []sim.Link{{A: "honest", B: "selfish", Latency: *e.SelfishLatency}}
	}
	return cfg, nil
}

// Run runs the experiment and measures it.
func (e Experiment) Run(ctx context.Context) (Stats, *sim.Result, error) {
	cfg, err := e.Config()
	if err != nil {
		return Stats{}, nil, err
	}
	res, err := sim.Simulate(ctx, cfg)
	if err != nil {
		return Stats{}, res, err
	}
	k := e.K
	if k == 0 {
		k = 6
	}
	return Measure(res, k), res, nil
}

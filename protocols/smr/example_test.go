package smr_test

import (
	"context"
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/raft"
)

// Three Raft servers — the model checker's — and a client sending ten commands a second, in
// virtual time, with Raft's safety properties judged after every step.
func Example() {
	s, err := raft.Simulate(raft.SimConfig{Servers: 3, Clients: 1, Every: 100 * time.Millisecond, Until: 2 * time.Second})
	if err != nil {
		panic(err)
	}
	res, err := sim.Simulate(context.Background(), sim.Config{
		Seed: 1, Duration: 3 * time.Second, Types: s.Types, Topology: sim.Topology{Kind: sim.FullMesh},
		Latency: sim.Const(10 * time.Millisecond), Timeouts: s.Timeouts, Props: s.Props,
	})
	if err != nil {
		panic(err)
	}
	c := res.Consensus()
	fmt.Printf("%d of %d commands committed, %d election(s), violation: %v\n", c.Committed, c.Requested, c.Elections, res.Violation)
	// Output:
	// 19 of 19 commands committed, 1 election(s), violation: <nil>
}

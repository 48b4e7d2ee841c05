package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// relay passes the first copy of each item on to its neighbours; the origin produces one item.
type relay struct {
	origin bool
	seen   bool
}

type news struct{ ID sim.ItemID }

func (r *relay) Init(ctx actor.Context) {
	if r.origin {
		id := sim.ItemID{Origin: ctx.ID()}
		sim.Produced(ctx, id, 1)
		r.Handle(ctx, ctx.ID(), news{id})
	}
}

func (r *relay) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	m := msg.(news)
	sim.Seen(ctx, m.ID, 1)
	if !r.seen {
		r.seen = true
		ctx.Broadcast(m)
	}
}

func (r *relay) Timeout(actor.Context, actor.Timer) {}

// An item flooded over a ring of 10 peers, 20 ms a hop, while peer 5 is offline: it goes both
// ways round and reaches the 8 other online peers within 4 hops.
func Example() {
	cfg := sim.Config{
		Seed: 1, Duration: time.Second,
		Types: []sim.PeerType{
			{Name: "origin", Count: 1, New: func(model.NodeID) actor.Node { return &relay{origin: true} }},
			{Name: "relay", Count: 9, New: func(model.NodeID) actor.Node { return &relay{} }},
		},
		Topology: sim.Topology{Kind: sim.Ring},
		Latency:  sim.Const(20 * time.Millisecond),
		Disruptions: []sim.Disruption{{Kind: sim.Downtime, Windows: []sim.Window{
			{Peer: 5, Start: 0, End: 500 * time.Millisecond},
		}}},
	}
	res, err := sim.Simulate(context.Background(), cfg)
	if err != nil {
		panic(err)
	}
	s := res.Summarize()
	fmt.Printf("coverage %.2f, %d of %d peers missing it, longest delay %v\n",
		s.Coverage, s.PeersMissing, s.OnlineAtEnd, time.Duration(s.DelayMax*1e9))
	// Output: coverage 0.90, 1 of 10 peers missing it, longest delay 80ms
}

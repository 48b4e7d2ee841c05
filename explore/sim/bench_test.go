package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// rumor is the message of flooder.
type rumor struct{ ID sim.ItemID }

func (rumor) Size() int { return 100 }

// flooder floods rumours: the first copy is kept and passed on to every neighbour.
type flooder struct {
	every time.Duration
	seq   int
	have  map[sim.ItemID]bool
}

func (f *flooder) Init(ctx actor.Context) {
	f.have = map[sim.ItemID]bool{}
	if f.every > 0 {
		ctx.SetTimer("produce", f.every)
	}
}

func (f *flooder) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	r := msg.(rumor)
	sim.Seen(ctx, r.ID, 1)
	if f.have[r.ID] {
		return
	}
	f.have[r.ID] = true
	var m actor.Message = r // boxed once for every send
	for _, p := range ctx.Peers() {
		if p != from {
			ctx.Send(p, m)
		}
	}
}

func (f *flooder) Timeout(ctx actor.Context, t actor.Timer) {
	id := sim.ItemID{Origin: ctx.ID(), Seq: f.seq}
	f.seq++
	sim.Produced(ctx, id, 1)
	f.have[id] = true
	sim.Seen(ctx, id, 1)
	ctx.Broadcast(rumor{id})
	ctx.SetTimer("produce", f.every)
}

// floodConfig floods an item from each of the first producers peers every period, over n
// peers on a random 8-regular overlay.
func floodConfig(n, producers int, d time.Duration) sim.Config {
	return sim.Config{
		Seed: 1, Duration: d,
		Types: []sim.PeerType{
			{Name: "producer", Count: producers, New: func(model.NodeID) actor.Node { return &flooder{every: time.Second} }},
			{Name: "peer", Count: n - producers, New: func(model.NodeID) actor.Node { return &flooder{} }},
		},
		Topology:  sim.Topology{Kind: sim.RandomRegular, Degree: 8},
		Latency:   sim.UniformDist(10*time.Millisecond, 100*time.Millisecond),
		Bandwidth: 10e6,
	}
}

// BenchmarkSimulate1000 floods items over 1,000 peers (each item costs about 8,000
// messages) and reports simulated events per second.
func BenchmarkSimulate1000(b *testing.B) {
	cfg := floodConfig(1000, 10, 10*time.Second)
	var events int64
	b.ReportAllocs()
	for b.Loop() {
		res, err := sim.Simulate(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		events += res.Events
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

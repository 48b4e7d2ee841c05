package protocols_test

import (
	"context"
	"testing"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols"
)

// raftSim is a simulation of Raft with n servers and one client sending 10 commands a second
// for d, over latencies of 10–100 ms with 1% loss, its safety properties judged every check.
func raftSim(b *testing.B, n int, d, check time.Duration) sim.Config {
	p, err := protocols.LookupFor(protocols.CmdSimulate, "raft")
	if err != nil {
		b.Fatal(err)
	}
	lat := sim.UniformDist(10*time.Millisecond, 100*time.Millisecond)
	setup, err := p.Simulation(protocols.SimConfig{Nodes: n, NodesGiven: true, Duration: d, Settle: d / 10, Latency: lat.Mean()})
	if err != nil {
		b.Fatal(err)
	}
	return sim.Config{Seed: 1, Duration: d, Types: setup.Types, Topology: sim.Topology{Kind: sim.FullMesh},
		Latency: lat, PacketLoss: 0.01, Timeouts: setup.Timeouts, Props: setup.Props, CheckEvery: check}
}

// BenchmarkSimulateRaft100 runs Raft with 100 servers for 10 s of virtual time and reports
// simulated events (messages delivered, timers fired) per second of real time: with the
// safety properties judged after every step, and every 100 ms of virtual time.
func BenchmarkSimulateRaft100(b *testing.B) {
	for _, bc := range []struct {
		name  string
		check time.Duration
	}{{"check-every-step", 0}, {"check-every-100ms", 100 * time.Millisecond}} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := raftSim(b, 100, 10*time.Second, bc.check)
			var events int64
			b.ReportAllocs()
			for b.Loop() {
				res, err := sim.Simulate(context.Background(), cfg)
				if err != nil {
					b.Fatal(err)
				}
				if res.Violation != nil {
					b.Fatalf("violation: %+v", res.Violation)
				}
				events += res.Events
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(events)/float64(b.N), "events/op")
		})
	}
}

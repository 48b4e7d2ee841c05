package raft_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/modeltest"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/raft"
)

// deepBugs are the bugs the strategy benchmark hunts, each in a configuration sampled search
// must be used for (too large to enumerate quickly).
var deepBugs = []struct {
	bug bugs.Bug
	cfg raft.Config
}{
	{raft.BugFixedQuorum, fiveServers},
	{raft.BugAckLogLength, raft.Config{Nodes: 3, MaxTerm: 3, Commands: 2, Faults: model.Faults{Drops: 2, Partitions: 1}}},
	{raft.BugAlwaysTruncate, raft.Config{Nodes: 3, MaxTerm: 3, Commands: 2, Faults: model.Faults{Drops: 2, Partitions: 1}}},
	{raft.BugAckLogLength, raft.Config{Nodes: 5, MaxTerm: 3, Commands: 2, Faults: model.Faults{Drops: 2, Partitions: 1}}},
	{raft.BugNoTruncate, raft.Config{Nodes: 5, MaxTerm: 3, Commands: 2, Faults: model.Faults{Drops: 3}}},
}

// BenchmarkStrategiesFindDeepBugs reports, per bug and strategy, the median over 10 seeds of
// the walks and the seconds to the first counterexample (one worker; a seed that finds
// nothing within the cap counts as the cap, and "found" says how many seeds found it). Uniform
// random walks are the baseline. The cap is 60 s per seed, or DISTCHECK_BENCH_CAP. Run it once
// per case:
//
//	go test -run XXX -bench StrategiesFindDeepBugs -benchtime 1x ./protocols/raft/
func BenchmarkStrategiesFindDeepBugs(b *testing.B) {
	benchmarkDeepBugs(b, []explore.Strategy{explore.Random, explore.PCT, explore.Swarm, explore.Coverage}, nil)
}

func benchmarkDeepBugs(b *testing.B, strategies []explore.Strategy, feature func(any) uint64) {
	const seeds = 10
	limit := 60 * time.Second
	if v := os.Getenv("DISTCHECK_BENCH_CAP"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("DISTCHECK_BENCH_CAP=%q: %v", v, err)
		}
		limit = d
	}
	for _, c := range deepBugs {
		for _, s := range strategies {
			b.Run(fmt.Sprintf("%s/%dnodes/%s", c.bug, c.cfg.Nodes, s), func(b *testing.B) {
				for range b.N {
					var walks, secs []float64
					found := 0
					for seed := range uint64(seeds) {
						res, err := explore.Run(context.Background(), modeltest.System(b, raft.New, withBug(c.cfg, c.bug)), explore.Options{
							Strategy: s, Seed: seed, Walks: 1 << 40, MaxDepth: 80, Workers: 1, Time: limit, Feature: feature})
						if err != nil {
							b.Fatal(err)
						}
						w, t := float64(res.Walks), res.Elapsed.Seconds()
						if len(res.Violations) > 0 {
							found++
							w = float64(res.Violations[0].Walk + 1)
						} else {
							t = limit.Seconds()
						}
						walks, secs = append(walks, w), append(secs, t)
					}
					b.ReportMetric(median(walks), "walks")
					b.ReportMetric(median(secs), "s")
					b.ReportMetric(float64(found), "found")
				}
			})
		}
	}
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// BenchmarkCoverageWithRaftFeatures is the coverage row of BenchmarkStrategiesFindDeepBugs
// with raft.Feature as the abstraction walks try to vary, instead of whole states.
func BenchmarkCoverageWithRaftFeatures(b *testing.B) {
	benchmarkDeepBugs(b, []explore.Strategy{explore.Coverage}, raft.Feature)
}

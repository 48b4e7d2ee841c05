package protocols_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multipaxos"
	"github.com/distcheck/distcheck/protocols/pbft"
	"github.com/distcheck/distcheck/protocols/raft"
)

// deepBug is a named bug that needs ≥ 4 nodes, ≥ 2 commands or ≥ 2 leader changes, in a
// configuration for sampled search.
type deepBug struct {
	name   string
	system func() (*actor.System, error)
}

// deepBugDepths bound the walks of the bugs that need more than 80 states: PBFT's two
// requests and view change take a few hundred messages to play out.
var deepBugDepths = map[string]int{"pbft/new-view-highest-only": 200, "pbft/new-view-renumbers": 200}

// deepBugs are the bugs the strategy benchmark hunts (the README's strategy table).
var deepBugs = []deepBug{
	{"raft/fixed-quorum", raftSystem(raft.Config{Nodes: 5, MaxTerm: 3, Commands: 2,
		Faults: actor.Faults{Crashes: 2, Recoveries: 2, Drops: 2, Partitions: 1, LoseWhileDown: true}}, raft.BugFixedQuorum)},
	{"raft/no-prev-term-check", raftSystem(raft.Config{Nodes: 3, MaxTerm: 3, Commands: 2,
		Faults: actor.Faults{Drops: 2, Partitions: 1}}, raft.BugNoPrevTermCheck)},
	{"raft/append-at-end", raftSystem(raft.Config{Nodes: 5, MaxTerm: 3, Commands: 2,
		Faults: actor.Faults{Drops: 2, Partitions: 1}}, raft.BugAppendAtEnd)},
	{"multipaxos/stop-at-gap", multipaxosSystem(multipaxos.BugStopAtGap)},
	{"multipaxos/last-vote-only", multipaxosSystem(multipaxos.BugLastVoteOnly)},
	{"multipaxos/shared-acks", multipaxosSystem(multipaxos.BugSharedAcks)},
	{"pbft/new-view-highest-only", pbftSystem(actor.Faults{}, pbft.BugNewViewHighestOnly)},
	{"pbft/new-view-renumbers", pbftSystem(actor.Faults{Drops: 1}, pbft.BugNewViewRenumbers)},
}

// pbftSystem: four replicas, two requests, one view change, the primary of view 0
// equivocating; the view-change timers fire when nothing else can happen.
func pbftSystem(faults actor.Faults, bug bugs.Bug) func() (*actor.System, error) {
	return func() (*actor.System, error) {
		return pbft.New(pbft.Config{Replicas: 4, F: 1, Views: 1, Requests: 2, Faults: faults, Bug: bug,
			Adversary: adversary.Config{Byzantine: 1, Behavior: actor.Equivocate}})
	}
}

func raftSystem(cfg raft.Config, bug bugs.Bug) func() (*actor.System, error) {
	cfg.Bug = bug
	return func() (*actor.System, error) { return raft.New(cfg) }
}

// multipaxosSystem: five acceptors, three slots, the standby taking over at any moment, and a
// lost message.
func multipaxosSystem(bug bugs.Bug) func() (*actor.System, error) {
	return func() (*actor.System, error) {
		return multipaxos.New(multipaxos.Config{Leaders: 2, Acceptors: 5, Slots: 3, Asynchronous: true,
			Faults: actor.Faults{Drops: 1}, Bug: bug})
	}
}

// BenchmarkStrategiesFindDeepBugs reports, per deep bug and strategy, the median over 10 seeds
// of the walks and the seconds to the first counterexample (one worker, walks of ≤ 80 states,
// or deepBugDepths;
// a seed that finds nothing within the cap counts as the cap, and "found" says how many seeds
// found it). Uniform random walks are the baseline. The cap is 60 s per seed, or
// DISTCHECK_BENCH_CAP:
//
//	go test -run XXX -bench StrategiesFindDeepBugs -benchtime 1x -timeout 0 ./protocols/
func BenchmarkStrategiesFindDeepBugs(b *testing.B) {
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
		for _, s := range []explore.Strategy{explore.Random, explore.PCT, explore.Swarm, explore.Coverage} {
			b.Run(fmt.Sprintf("%s/%s", c.name, s), func(b *testing.B) {
				for range b.N {
					var walks, secs []float64
					found := 0
					for seed := range uint64(seeds) {
						sys, err := c.system()
						if err != nil {
							b.Fatal(err)
						}
						res, err := explore.Run(context.Background(), sys, explore.Options{
							Strategy: s, Seed: seed, Walks: 1 << 40, MaxDepth: cmp.Or(deepBugDepths[c.name], 80), Workers: 1, Time: limit})
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

package protocols_test

import (
	"context"
	"sync"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/protocols"
	"github.com/stretchr/testify/require"
)

// reductionCase is a configuration whose reduction factors the README quotes.
type reductionCase struct {
	name     string
	protocol string
	params   map[string]int
	faults   actor.Faults
}

var reductionCases = []reductionCase{
	{"twophase-5", "twophase", map[string]int{"rms": 5}, actor.Faults{}},
	{"raft-3-crash", "raft", map[string]int{"nodes": 3, "max-term": 2}, actor.Faults{Crashes: 1, Recoveries: 1}},
	{"paxos-3", "paxos", nil, actor.Faults{}},
	{"central-mutex-4x3", "central-mutex", map[string]int{"clients": 4, "entries": 3}, actor.Faults{}},
}

// build builds the case's protocol with its parameters and faults.
func (c reductionCase) build(b *testing.B) distcheck.Runner {
	p, err := protocols.Lookup(c.protocol)
	require.NoError(b, err)
	cfg := p.Defaults()
	for k, v := range c.params {
		cfg.Params[k] = v
	}
	cfg.Faults = c.faults
	r, err := p.Build(cfg)
	require.NoError(b, err)
	return r
}

// BenchmarkReductionFactors explores each configuration exhaustively without and with symmetry
// reduction, and reports the states, the orbits and their ratio; for actor-layer protocols it
// also reports node-states, the distinct combinations of what properties read (node states, which
// nodes are up, the history), and their ratio to the states: no sound partial-order reduction
// whose visible actions are those that change a node's state can keep fewer states than that.
//
//	go test -run XXX -bench ReductionFactors -benchtime 1x ./protocols/
func BenchmarkReductionFactors(b *testing.B) {
	for _, c := range reductionCases {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				r := c.build(b)
				var views *nodeViews
				if sys := distcheck.SystemOf(r); sys != nil {
					views = &nodeViews{seen: map[uint64]bool{}}
					sys.Props = append(sys.Props, views.property())
				}
				opts := explore.Options{Workers: 2, CollectAll: true}
				plain, err := r.Explore(context.Background(), opts)
				require.NoError(b, err)
				require.True(b, plain.Exhaustive)
				opts.Symmetry = true
				sym, err := r.Explore(context.Background(), opts)
				require.NoError(b, err)
				require.Equal(b, plain.Distinct, sym.Represented)
				b.ReportMetric(float64(plain.Distinct), "states")
				b.ReportMetric(float64(sym.Distinct), "orbits")
				b.ReportMetric(float64(plain.Distinct)/float64(sym.Distinct), "symmetry-factor")
				if views != nil {
					b.ReportMetric(float64(len(views.seen)), "node-states")
					b.ReportMetric(float64(plain.Distinct)/float64(len(views.seen)), "por-bound")
				}
			}
		})
	}
}

// nodeViews collects the distinct node-state combinations of the states a search checks.
type nodeViews struct {
	mu   sync.Mutex
	seen map[uint64]bool
}

// property returns an invariant that always holds and records what it sees.
func (v *nodeViews) property() model.Property[*actor.State] {
	return model.Property[*actor.State]{Name: "(node states seen)", Kind: model.KindAlways, Holds: func(s *actor.State) bool {
		h := s.HistoryFingerprint()
		for i := range s.NumNodes() {
			h = value.Mix(h, value.Hash(s.Node(model.NodeID(i))))
			if !s.Up(model.NodeID(i)) {
				h = value.Mix(h, 0xd0e5)
			}
		}
		v.mu.Lock()
		v.seen[h] = true
		v.mu.Unlock()
		return true
	}}
}

// porCases are configurations whose partial-order reduction the README quotes.
var porCases = []reductionCase{
	{"paxos-3", "paxos", nil, actor.Faults{}},
	{"paxos-3-learners-2", "paxos", map[string]int{"learners": 2}, actor.Faults{}},
}

// BenchmarkPartialOrder explores each configuration exhaustively without and with
// partial-order reduction, with 1 and 2 workers (the reduced counts must agree), and reports
// the states and transitions of each and their ratios.
//
//	go test -run XXX -bench PartialOrder -benchtime 1x ./protocols/
func BenchmarkPartialOrder(b *testing.B) {
	for _, c := range porCases {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				r := c.build(b)
				plain, err := r.Explore(context.Background(), explore.Options{Workers: 2})
				require.NoError(b, err)
				require.True(b, plain.Exhaustive)
				var por [2]*distcheck.Report
				for w := range por {
					por[w], err = r.Explore(context.Background(), explore.Options{Workers: w + 1, POR: true})
					require.NoError(b, err)
					require.True(b, por[w].Exhaustive)
				}
				require.Equal(b, por[0].Distinct, por[1].Distinct, "1 and 2 workers")
				require.Equal(b, por[0].Generated, por[1].Generated, "1 and 2 workers")
				b.ReportMetric(float64(plain.Distinct), "states")
				b.ReportMetric(float64(por[0].Distinct), "por-states")
				b.ReportMetric(float64(plain.Distinct)/float64(por[0].Distinct), "state-factor")
				b.ReportMetric(float64(plain.Generated), "steps")
				b.ReportMetric(float64(por[0].Generated), "por-steps")
				b.ReportMetric(float64(plain.Generated)/float64(por[0].Generated), "step-factor")
			}
		})
	}
}

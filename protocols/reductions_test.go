package protocols_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols"
)

// verdict is what a search concluded: the properties it found violated, and whether it
// covered every reachable state.
func verdict(rep *distcheck.Report) (violated []string, exhaustive bool) {
	for _, f := range rep.Findings {
		violated = append(violated, f.Property)
	}
	slices.Sort(violated)
	return violated, rep.Exhaustive
}

// TestSymmetryKeepsEveryVerdict: for every protocol in the registry and every named bug, at
// the default configuration, BFS with symmetry reduction reaches the verdict BFS without it
// does — the same violated property, or every property holding after an exhaustive search —
// or the reduction is refused with a one-line error (no symmetry declared, liveness).
func TestSymmetryKeepsEveryVerdict(t *testing.T) {
	budget := int64(20_000)
	if testing.Short() {
		budget = 10_000
	}
	reduced := map[string]bool{}
	for _, p := range protocols.For(protocols.CmdCheck) {
		for _, bug := range append([]string{""}, p.BugNames()...) {
			cfg := p.Defaults()
			cfg.Bug = bug
			r, err := p.Build(cfg)
			require.NoError(t, err, "%s bug=%q", p.Name, bug)
			opts := explore.Options{Workers: 1, MaxStates: budget}
			plain, err := r.Explore(context.Background(), opts)
			require.NoError(t, err, "%s bug=%q", p.Name, bug)
			wantBad, wantAll := verdict(plain)
			if len(wantBad) == 0 && !wantAll {
				continue // the budget decided nothing to compare with
			}
			opts.Symmetry = true
			sym, err := r.Explore(context.Background(), opts)
			if err != nil {
				assert.NotContains(t, strings.TrimSpace(err.Error()), "\n", "%s bug=%q", p.Name, bug)
				assert.Contains(t, err.Error(), "Symmetry", "%s bug=%q", p.Name, bug)
				continue
			}
			reduced[p.Name] = true
			gotBad, gotAll := verdict(sym)
			assert.Equal(t, wantBad, gotBad, "%s bug=%q: violated properties with and without symmetry", p.Name, bug)
			if len(wantBad) == 0 {
				assert.True(t, gotAll, "%s bug=%q: exhaustive without symmetry, not with it", p.Name, bug)
				assert.Equal(t, plain.Distinct, sym.Represented, "%s bug=%q: the orbits stand for every state", p.Name, bug)
			}
			t.Logf("%s bug=%q: %v; %d states without symmetry, %d with", p.Name, bug, wantBad, plain.Distinct, sym.Distinct)
		}
	}
	for _, name := range []string{"twophase", "raft", "paxos"} {
		assert.True(t, reduced[name], "%s declares symmetry: its verdicts must be compared", name)
	}
}

// TestPORKeepsEveryVerdict: for every protocol in the registry and every named bug, at the
// default configuration, BFS with partial-order reduction reaches the verdict BFS without it
// does, in no more states, or the reduction is refused with a one-line error (a property that
// does not declare what it reads, an adversary, liveness, a spec-layer model).
func TestPORKeepsEveryVerdict(t *testing.T) {
	budget := int64(20_000)
	if testing.Short() {
		budget = 10_000
	}
	reduced := map[string]bool{}
	for _, p := range protocols.For(protocols.CmdCheck) {
		for _, bug := range append([]string{""}, p.BugNames()...) {
			cfg := p.Defaults()
			cfg.Bug = bug
			r, err := p.Build(cfg)
			require.NoError(t, err, "%s bug=%q", p.Name, bug)
			opts := explore.Options{Workers: 1, MaxStates: budget}
			plain, err := r.Explore(context.Background(), opts)
			require.NoError(t, err, "%s bug=%q", p.Name, bug)
			wantBad, wantAll := verdict(plain)
			if len(wantBad) == 0 && !wantAll {
				continue // the budget decided nothing to compare with
			}
			opts.POR = true
			por, err := r.Explore(context.Background(), opts)
			if err != nil {
				assert.NotContains(t, strings.TrimSpace(err.Error()), "\n", "%s bug=%q", p.Name, bug)
				assert.Contains(t, err.Error(), "POR", "%s bug=%q", p.Name, bug)
				continue
			}
			reduced[p.Name] = reduced[p.Name] || por.Pruned > 0
			gotBad, gotAll := verdict(por)
			assert.Equal(t, wantBad, gotBad, "%s bug=%q: violated properties with and without POR", p.Name, bug)
			if len(wantBad) == 0 {
				assert.True(t, gotAll, "%s bug=%q: exhaustive without POR, not with it", p.Name, bug)
				assert.LessOrEqual(t, por.Distinct, plain.Distinct, "%s bug=%q", p.Name, bug)
			}
			t.Logf("%s bug=%q: %v; %d states without POR, %d with", p.Name, bug, wantBad, plain.Distinct, por.Distinct)
		}
	}
	assert.True(t, reduced["paxos"], "paxos declares its topology and what its properties read: POR must leave steps out")
}

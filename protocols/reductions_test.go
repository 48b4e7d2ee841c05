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

// compareVerdicts searches every protocol in the registry and every named bug, at the default
// configuration, with BFS on one worker without and then with a reduction (set by reduce), and
// hands both reports to same; a refusal must be one line that contains refusal. It returns
// the names of the protocols that the reduction was not refused for.
func compareVerdicts(t *testing.T, reduce func(*explore.Options), refusal string, same func(name, bug string, plain, reduced *distcheck.Report)) map[string]bool {
	budget := int64(20_000)
	if testing.Short() {
		budget = 10_000
	}
	accepted := map[string]bool{}
	for _, p := range protocols.For(protocols.CmdCheck) {
		for _, bug := range append([]string{""}, p.BugNames()...) {
			cfg := p.Defaults()
			cfg.Bug = bug
			r, err := p.Build(cfg)
			require.NoError(t, err, "%s bug=%q", p.Name, bug)
			opts := explore.Options{Workers: 1, MaxStates: budget}
			reduced := opts
			reduce(&reduced)
			// The reduced search first: where it is refused, there is nothing to compare.
			red, err := r.Explore(context.Background(), reduced)
			if err != nil {
				assert.NotContains(t, strings.TrimSpace(err.Error()), "\n", "%s bug=%q", p.Name, bug)
				assert.Contains(t, err.Error(), refusal, "%s bug=%q", p.Name, bug)
				continue
			}
			plain, err := r.Explore(context.Background(), opts)
			require.NoError(t, err, "%s bug=%q", p.Name, bug)
			if bad, all := verdict(plain); len(bad) == 0 && !all {
				continue // the budget decided nothing to compare with
			}
			accepted[p.Name] = true
			wantBad, _ := verdict(plain)
			gotBad, gotAll := verdict(red)
			assert.Equal(t, wantBad, gotBad, "%s bug=%q: violated properties with and without the reduction", p.Name, bug)
			if len(wantBad) == 0 {
				assert.True(t, gotAll, "%s bug=%q: exhaustive without the reduction, not with it", p.Name, bug)
			}
			same(p.Name, bug, plain, red)
			t.Logf("%s bug=%q: %v; %d states without the reduction, %d with", p.Name, bug, wantBad, plain.Distinct, red.Distinct)
		}
	}
	return accepted
}

// build returns the registry protocol name with bug at its default configuration.
func build(t *testing.T, name, bug string) distcheck.Runner {
	p, err := protocols.Lookup(name)
	require.NoError(t, err)
	cfg := p.Defaults()
	cfg.Bug = bug
	r, err := p.Build(cfg)
	require.NoError(t, err)
	return r
}

// TestSymmetryKeepsEveryVerdict: for every protocol in the registry and every named bug, at
// the default configuration, BFS with symmetry reduction reaches the verdict BFS without it
// does — the same violated property (safety or liveness), or every property holding after an
// exhaustive search — or the reduction is refused with a one-line error (no symmetry
// declared); liveness verdicts under symmetry are the same with two workers.
func TestSymmetryKeepsEveryVerdict(t *testing.T) {
	live := map[string]bool{}
	reduced := compareVerdicts(t, func(o *explore.Options) { o.Symmetry = true }, "Symmetry", func(name, bug string, plain, sym *distcheck.Report) {
		if plain.Exhaustive && len(plain.Findings) == 0 {
			assert.Equal(t, plain.Distinct, sym.Represented, "%s bug=%q: the orbits stand for every state", name, bug)
		}
		r := build(t, name, bug)
		opts := sym.Options
		opts.Workers = 2
		two, err := r.Explore(context.Background(), opts)
		require.NoError(t, err)
		got, _ := verdict(two)
		want, _ := verdict(sym)
		assert.Equal(t, want, got, "%s bug=%q: verdicts under symmetry with 1 and 2 workers", name, bug)
		for _, f := range sym.Findings {
			if !f.Kind.IsLiveness() {
				continue
			}
			live[name] = true
			rep, err := r.Replay(f.Trace)
			require.NoError(t, err)
			assert.True(t, rep.Reproduced, "%s bug=%q: the counterexample to %s found under symmetry replays: %s", name, bug, f.Property, rep.Detail)
		}
	})
	for _, name := range []string{"twophase", "raft", "paxos", "central-mutex"} {
		assert.True(t, reduced[name], "%s declares symmetry: its verdicts must be compared", name)
	}
	assert.True(t, live["central-mutex"], "central-mutex's no-grant-on-release breaks liveness: it must be found under symmetry")
}

// TestPORKeepsEveryVerdict: for every protocol in the registry and every named bug, at the
// default configuration, BFS with partial-order reduction reaches the verdict BFS without it
// does, in no more states, or the reduction is refused with a one-line error (a property that
// does not declare what it reads, an adversary, liveness, a spec-layer model).
func TestPORKeepsEveryVerdict(t *testing.T) {
	pruned := map[string]bool{}
	compareVerdicts(t, func(o *explore.Options) { o.POR = true }, "POR", func(name, bug string, plain, por *distcheck.Report) {
		pruned[name] = pruned[name] || por.Pruned > 0
		if plain.Exhaustive && len(plain.Findings) == 0 {
			assert.LessOrEqual(t, por.Distinct, plain.Distinct, "%s bug=%q", name, bug)
		}
	})
	assert.True(t, pruned["paxos"], "paxos declares its topology and what its properties read: POR must leave steps out")
}

// TestSymmetryWithPORKeepsEveryVerdict: for every protocol in the registry and every named bug,
// at the default configuration, BFS with symmetry and partial-order reduction together reaches
// the verdict BFS without either does, or the combination is refused with a one-line error;
// where it runs, it keeps no more orbits than symmetry alone, and two workers count exactly the
// states and steps one does (the ample set chosen depends on the orbit, not on which of its
// states a worker happened to store).
func TestSymmetryWithPORKeepsEveryVerdict(t *testing.T) {
	pruned := map[string]bool{}
	both := func(o *explore.Options) { o.Symmetry, o.POR = true, true }
	accepted := compareVerdicts(t, both, "explore: ", func(name, bug string, plain, red *distcheck.Report) {
		pruned[name] = pruned[name] || red.Pruned > 0
		opts := red.Options
		opts.Workers = 2
		r := build(t, name, bug)
		two, err := r.Explore(context.Background(), opts)
		require.NoError(t, err)
		if len(red.Findings) == 0 {
			assert.Equal(t, red.Distinct, two.Distinct, "%s bug=%q: orbits with 1 and 2 workers", name, bug)
			assert.Equal(t, red.Generated, two.Generated, "%s bug=%q: steps with 1 and 2 workers", name, bug)
			opts.POR, opts.Workers = false, 1
			sym, err := r.Explore(context.Background(), opts)
			require.NoError(t, err)
			assert.LessOrEqual(t, red.Distinct, sym.Distinct, "%s bug=%q: orbits with POR and without", name, bug)
		}
	})
	assert.True(t, accepted["paxos"], "paxos declares symmetry, its topology and its reads: the combination must run")
	assert.True(t, pruned["paxos"], "paxos: the combination must leave steps out")
}

package symtest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// CheckLasso checks a counterexample independently of the explorer (a Sometimes property's
// has no path and is skipped): it starts in an initial
// state of m, each step is a transition of m (same action, same state by fingerprint), and,
// if it is a lasso, its loop closes on the state it left and is weakly fair under f: every
// class enabled in each state of the loop is taken by one of its steps.
func CheckLasso[S any](t require.TestingT, m model.Model[S], f model.Fairness, v explore.Violation[S]) {
	same := func(a, b model.Action) bool {
		return a.Kind == b.Kind && a.Name == b.Name && a.Node == b.Node && a.From == b.From && a.Arg == b.Arg && a.HasArg == b.HasArg
	}
	if v.Kind == model.KindSometimes {
		return // no path: the property was never met
	}
	init := false
	m.Init(func(s S) { init = init || m.Fingerprint(s) == m.Fingerprint(v.Path.Init) })
	require.True(t, init, "%s: the path starts in an initial state", v.Property)
	states := []S{v.Path.Init}
	for k, st := range v.Path.Steps {
		found := false
		m.Next(states[len(states)-1], func(a model.Action, s S) {
			found = found || same(a, st.Action) && m.Fingerprint(s) == m.Fingerprint(st.State)
		})
		require.True(t, found, "%s: step %d (%v) is a transition of the model", v.Property, k+1, st.Action)
		states = append(states, st.State)
	}
	if v.Loop < 0 {
		return
	}
	require.Equal(t, m.Fingerprint(states[v.Loop]), m.Fingerprint(states[len(states)-1]), "%s: the loop closes", v.Property)
	loop := states[v.Loop : len(states)-1]
	taken := map[uint64]bool{}
	for _, st := range v.Path.Steps[v.Loop:] {
		c, _ := model.FairnessClass(st.Action, f)
		taken[c] = true
	}
	enabled := map[uint64]int{}
	for _, s := range loop {
		here := map[uint64]bool{}
		m.Next(s, func(a model.Action, _ S) {
			if c, fair := model.FairnessClass(a, f); fair {
				here[c] = true
			}
		})
		for c := range here {
			enabled[c]++
		}
	}
	for c, k := range enabled {
		if k == len(loop) {
			require.True(t, taken[c], "%s: a class is enabled all along the loop of %d steps and never taken", v.Property, len(loop))
		}
	}
}

// CompareLiveness explores m without symmetry reduction and with it (BFS on one and two
// workers, and DFS), and checks that the same properties are violated, that every
// counterexample is a concrete, fair lasso (CheckLasso), and, where every property holds, that
// one and two workers count the same orbits. It returns the plain result.
func CompareLiveness[S any](t require.TestingT, m Model[S], opts explore.Options) *explore.Result[S] {
	opts.Symmetry, opts.Workers = false, 1
	plain, err := explore.Run(context.Background(), model.Model[S](m), opts)
	require.NoError(t, err)
	require.True(t, plain.Exhaustive || !plain.OK(), "the plain search decides")
	for _, v := range plain.Violations {
		CheckLasso[S](t, m, plain.Fairness, v)
	}
	orbits := map[int]int64{}
	for _, o := range []struct {
		workers  int
		strategy explore.Strategy
	}{{1, explore.BFS}, {2, explore.BFS}, {1, explore.DFS}} {
		red := opts
		red.Symmetry, red.Workers, red.Strategy = true, o.workers, o.strategy
		res, err := explore.Run(context.Background(), model.Model[S](m), red)
		require.NoError(t, err)
		what := fmt.Sprintf("%s with %d workers under symmetry", o.strategy, o.workers)
		require.Equal(t, violated(plain), violated(res), "%s: violated properties with and without symmetry", what)
		if plain.OK() {
			require.True(t, res.Exhaustive, "%s: exhaustive", what)
			if o.strategy == explore.BFS {
				orbits[o.workers] = res.Distinct
			}
		}
		for _, v := range res.Violations {
			CheckLasso[S](t, m, res.Fairness, v)
		}
	}
	if len(orbits) == 2 {
		require.Equal(t, orbits[1], orbits[2], "orbits with 1 and 2 workers")
	}
	return plain
}

func violated[S any](r *explore.Result[S]) []string {
	var out []string
	for _, v := range r.Violations {
		out = append(out, v.Property)
	}
	return out
}

// renamingChecks bounds the (state, permutation) pairs checkRenamings tries.
const renamingChecks = 10_000

// checkRenamings checks what liveness under symmetry reduction relies on, on the reachable
// states s (a sample of them when they are many) and every permutation p of the groups: CanonicalPermutation(s) gives s's canonical
// fingerprint, and the actions enabled in s, their classes renamed by p, are the classes of
// the actions enabled in p(s) (found among the reachable states by fingerprint), under weak
// fairness per node and per action.
func checkRenamings[S any](t testing.TB, m Model[S], sl model.SymmetricLiveness[S], states []S) {
	t.Helper()
	byFP := map[uint64]S{}
	for _, s := range states {
		byFP[m.PermutedFingerprint(s, nil)] = s
	}
	classes := func(s S, f model.Fairness, p []int) map[uint64]int {
		out := map[uint64]int{}
		m.Next(s, func(a model.Action, _ S) {
			if c, fair := sl.PermutedFairnessClass(a, f, p); fair {
				out[c]++
			}
		})
		return out
	}
	// Every state's canonical renaming; the classes on a sample of states, evenly spread, of
	// about renamingChecks (state, permutation) pairs.
	every := 1 + int(float64(len(states))*model.GroupOrder(m.SymmetryGroups()))/renamingChecks
	for i, s := range states {
		require.Equal(t, m.CanonicalFingerprint(s), m.PermutedFingerprint(s, sl.CanonicalPermutation(s)), "CanonicalPermutation gives the canonical fingerprint")
		if i%every != 0 {
			continue
		}
		model.Permutations(m.SymmetryGroups(), func(p []int) {
			ps, ok := byFP[m.PermutedFingerprint(s, p)]
			require.True(t, ok, "permutation %v of a reachable state is reachable", p)
			for _, f := range []model.Fairness{model.FairNodes, model.FairActions} {
				require.Equal(t, classes(ps, f, nil), classes(s, f, p), "classes of the steps of a renamed state, renamed by %v, fairness %s", p, f)
			}
		})
	}
}

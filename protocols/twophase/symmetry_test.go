package twophase

import (
	"context"
	"fmt"
	"testing"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/symtest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/stretchr/testify/require"
)

// TestSymmetryCountsOrbits: under symmetry reduction, BFS with one and with two workers counts
// exactly the orbits that brute force (every permutation of the RMs) finds among TLC's
// reachable states, and represents all of them.
func TestSymmetryCountsOrbits(t *testing.T) {
	for _, rms := range []int{3, 4, 5} {
		t.Run(fmt.Sprintf("rms=%d", rms), func(t *testing.T) {
			m, err := New(rms, bugs.None)
			require.NoError(t, err)
			c := symtest.CheckOrbits[State](t, m)
			want := map[int]int{3: 288, 5: 8832}[rms] // TLC's counts for TwoPhase.tla
			if want > 0 {
				require.Equal(t, want, c.States)
			}
			t.Logf("%d RMs: %d states, %d orbits (%.1f×)", rms, c.States, c.Orbits, float64(c.States)/float64(c.Orbits))
		})
	}
}

// TestSymmetryFindsEarlyCommit: the named bug is found under symmetry reduction, at the same
// depth, and its counterexample is a concrete path that the model's own Next follows.
func TestSymmetryFindsEarlyCommit(t *testing.T) {
	m, err := New(3, BugEarlyCommit)
	require.NoError(t, err)
	plain, err := explore.Run(context.Background(), m, explore.Options{Workers: 1})
	require.NoError(t, err)
	for _, workers := range []int{1, 2} {
		res, err := explore.Run(context.Background(), m, explore.Options{Workers: workers, Symmetry: true})
		require.NoError(t, err)
		require.Len(t, res.Violations, 1)
		v := res.Violations[0]
		require.Equal(t, "TCConsistent", v.Property)
		require.Equal(t, plain.Violations[0].Path.Len(), v.Path.Len(), "BFS under symmetry still gives a shortest counterexample")
		s := v.Path.Init
		for i, st := range v.Path.Steps {
			found := false
			m.Next(s, func(a model.Action, t State) {
				if !found && a.Name == st.Action.Name && a.Node == st.Action.Node && t == st.State {
					found = true
				}
			})
			require.True(t, found, "step %d (%v) is not a transition of the model", i, st.Action)
			s = st.State
		}
		require.False(t, m.consistent(s))
	}
}

// TestTerminationUnderSymmetry: Termination under each fairness, with 2 to 4 RMs and with the
// named bug, is violated under symmetry reduction (BFS on one and two workers, DFS) exactly
// when it is without, and each counterexample is a concrete lasso of the model that is weakly
// fair (checked by symtest.CheckLasso, not by the explorer).
func TestTerminationUnderSymmetry(t *testing.T) {
	for _, rms := range []int{2, 3, 4} {
		for _, bug := range []bugs.Bug{bugs.None, BugEarlyCommit} {
			for _, f := range []model.Fairness{model.FairNone, model.FairNodes, model.FairActions} {
				t.Run(fmt.Sprintf("rms=%d,bug=%s,fairness=%s", rms, bug, f), func(t *testing.T) {
					m, err := NewWithTermination(rms, bug)
					require.NoError(t, err)
					res := symtest.CompareLiveness[State](t, m, explore.Options{Fairness: &f, CollectAll: true})
					for _, v := range res.Violations {
						t.Logf("%s: %s", v.Property, v.Reason)
					}
				})
			}
		}
	}
}

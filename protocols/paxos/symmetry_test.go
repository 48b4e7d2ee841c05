package paxos_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/symtest"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/stretchr/testify/require"
)

// TestSymmetryCountsOrbits: the acceptors are interchangeable, and so are the learners — every
// renaming of a reachable state is reachable — and BFS under symmetry reduction, with one
// worker and with two, counts exactly the orbits that brute force (every permutation of the
// acceptors times every permutation of the learners) finds.
func TestSymmetryCountsOrbits(t *testing.T) {
	cfgs := map[string]paxos.Config{
		"2 proposers, 3 acceptors": {Proposers: 2, Acceptors: 3, Learners: 1, Rounds: 1},
		"1 proposer, 3 acceptors, 2 learners, a drop": {Proposers: 1, Acceptors: 3, Learners: 2, Rounds: 1,
			Faults: actor.Faults{Drops: 1}},
	}
	for name, cfg := range cfgs {
		t.Run(name, func(t *testing.T) {
			sys, err := paxos.New(cfg)
			require.NoError(t, err)
			c := symtest.CheckOrbits[*actor.State](t, sys)
			require.Less(t, c.Orbits, c.States)
			t.Logf("%s: %d states, %d orbits (%.2f×)", name, c.States, c.Orbits, float64(c.States)/float64(c.Orbits))
		})
	}
}

// TestSymmetryWithPORIsDeterministic: with symmetry and partial-order reduction together, one
// and two workers keep exactly the same orbits and follow the same steps (two learners, so
// that ample sets of interchangeable learners tie), in no more orbits than symmetry alone.
func TestSymmetryWithPORIsDeterministic(t *testing.T) {
	sys, err := paxos.New(paxos.Config{Proposers: 2, Acceptors: 3, Learners: 2, Rounds: 1})
	require.NoError(t, err)
	var both [2]*explore.Result[*actor.State]
	for w := range both {
		both[w], err = explore.Run(t.Context(), sys, explore.Options{Workers: w + 1, Symmetry: true, POR: true})
		require.NoError(t, err)
		require.True(t, both[w].Stats.Exhaustive)
		require.Empty(t, both[w].Violations)
	}
	require.Equal(t, both[0].Stats.Distinct, both[1].Stats.Distinct, "orbits with 1 and 2 workers")
	require.Equal(t, both[0].Stats.Generated, both[1].Stats.Generated, "steps with 1 and 2 workers")
	require.Positive(t, both[0].Stats.Pruned)
	sym, err := explore.Run(t.Context(), sys, explore.Options{Workers: 1, Symmetry: true})
	require.NoError(t, err)
	require.Less(t, both[0].Stats.Distinct, sym.Stats.Distinct)
	t.Logf("%d orbits with both reductions, %d with symmetry alone", both[0].Stats.Distinct, sym.Stats.Distinct)
}

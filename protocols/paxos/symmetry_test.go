package paxos_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
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

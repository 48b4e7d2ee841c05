package raft_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/internal/symtest"
	"github.com/distcheck/distcheck/protocols/raft"
	"github.com/stretchr/testify/require"
)

// TestSymmetryCountsOrbits: the servers are interchangeable — every renaming of a reachable
// state is reachable — and BFS under symmetry reduction, with one worker and with two, counts
// exactly the orbits that brute force (all six permutations of three servers) finds.
func TestSymmetryCountsOrbits(t *testing.T) {
	cfgs := map[string]raft.Config{
		"no-faults": {Nodes: 3, MaxTerm: 2, Commands: 1},
		"crash":     {Nodes: 3, MaxTerm: 1, Commands: 1, Faults: actor.Faults{Crashes: 1, Recoveries: 1, LoseWhileDown: true}},
	}
	for name, cfg := range cfgs {
		t.Run(name, func(t *testing.T) {
			c := symtest.CheckOrbits[*actor.State](t, actortest.System(t, raft.New, cfg))
			require.Greater(t, c.Orbits, 0)
			t.Logf("%s: %d states, %d orbits (%.2f×)", name, c.States, c.Orbits, float64(c.States)/float64(c.Orbits))
		})
	}
}

package maekawa_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/maekawa"
	"github.com/distcheck/distcheck/protocols/mutex"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Any two voting sets share a node; left out of their own sets, nodes lose that.
func TestVotingSetsIntersect(t *testing.T) {
	for n := 2; n <= 7; n++ {
		sets := maekawa.VotingSets(n, false)
		require.Len(t, sets, n)
		for i := range sets {
			assert.Contains(t, sets[i], model.NodeID(i), "node %d votes on its own requests", i)
			for j := range sets {
				assert.True(t, slices.ContainsFunc(sets[i], func(v model.NodeID) bool { return slices.Contains(sets[j], v) }),
					"%d nodes: V%d %v and V%d %v share no node", n, i, sets[i], j, sets[j])
			}
		}
	}
	sets := maekawa.VotingSets(3, true)
	assert.False(t, slices.ContainsFunc(sets[0], func(v model.NodeID) bool { return slices.Contains(sets[1], v) }))
}

// On every execution at most one node is in the critical section, and under fairness every
// node enters as often as it wants: Failed, Inquire and Relinquish break the deadlocks.
func TestMaekawaIsSafeAndLive(t *testing.T) {
	for _, c := range []maekawa.Config{
		{Nodes: 2, Entries: 1},
		{Nodes: 2, Entries: 2},
		{Nodes: 3, Entries: 1},
	} {
		t.Run(fmt.Sprintf("nodes=%d,entries=%d", c.Nodes, c.Entries), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, maekawa.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Figure 15.6 alone: every node votes for itself first and then waits for a vote that
// another holds, and nothing more can happen.
func TestNoInquireDeadlocks(t *testing.T) {
	sys := actortest.System(t, maekawa.New, maekawa.Config{Nodes: 3, Entries: 1, Bug: maekawa.BugNoInquire})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("EveryoneEnters"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "EveryoneEnters")
	last := v.Path.Last()
	assert.Empty(t, last.InFlight(), "nothing left to deliver")
	assert.Zero(t, mutex.Entries(last))
	for i := range 3 {
		n := actor.NodeAs[*maekawa.Node](last, model.NodeID(i))
		assert.Equal(t, mutex.Wanted, n.State)
		assert.Equal(t, model.NodeID(i), n.For, "node %d voted for itself", i)
	}
}

// Voting sets without their owners do not meet: two nodes collect every vote they need.
func TestExcludeSelfLetsTwoIn(t *testing.T) {
	sys := actortest.System(t, maekawa.New, maekawa.Config{Nodes: 3, Entries: 1, Bug: maekawa.BugExcludeSelf})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MutualExclusion"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MutualExclusion")
	assert.Len(t, mutex.Holders(v.Path.Last()), 2)
}

// From 4 nodes on, with two of the nodes requesting and the others voting, the search is
// exhaustive within seconds (3,387, 3,505, 35,969 and 2,677 states): no two nodes inside, no
// deadlock, no starvation, at 4 to 7 nodes; and the textbook's Figure 15.6 deadlocks even so
// at 4 nodes, whose two requesters' sets share two voters.
func TestMaekawaFourToSevenNodesWithTwoRequesters(t *testing.T) {
	for _, c := range []maekawa.Config{
		{Nodes: 4, Entries: 1, Requesters: 2}, {Nodes: 5, Entries: 1, Requesters: 2},
		{Nodes: 6, Entries: 1, Requesters: 2}, {Nodes: 7, Entries: 1, Requesters: 2},
		{Nodes: 4, Entries: 1, Requesters: 2, Bug: maekawa.BugNoInquire},
	} {
		t.Run(fmt.Sprintf("nodes=%d,bug=%s", c.Nodes, c.Bug), func(t *testing.T) {
			opts := []distcheck.Option{distcheck.TraceDir(t.TempDir())}
			if c.Bug != bugs.None {
				opts = append(opts, distcheck.ExpectViolation("EveryoneEnters"), distcheck.Workers(1))
			}
			res := distcheck.Check(t, actortest.System(t, maekawa.New, c), opts...)
			require.NotNil(t, res)
			if c.Bug != bugs.None {
				v := distcheck.Violation(t, res, "EveryoneEnters")
				assert.Empty(t, v.Path.Last().InFlight(), "a deadlock: nothing left to deliver")
				return
			}
			assert.True(t, res.Exhaustive)
		})
	}
}

// From 4 nodes on, swarm walks (each with its own mix of faults and scheduling; liveness judged
// once scheduling turns fair) find neither two nodes inside nor one that never enters, at 4
// to 7 nodes, and find both named bugs at 7 (the Fano plane).
func TestMaekawaFourToSevenNodesOnSwarmWalks(t *testing.T) {
	for _, c := range []maekawa.Config{
		{Nodes: 4, Entries: 1}, {Nodes: 5, Entries: 1}, {Nodes: 6, Entries: 1}, {Nodes: 7, Entries: 1},
		{Nodes: 7, Entries: 1, Bug: maekawa.BugNoInquire}, {Nodes: 7, Entries: 1, Bug: maekawa.BugExcludeSelf},
	} {
		t.Run(fmt.Sprintf("nodes=%d,bug=%s", c.Nodes, c.Bug), func(t *testing.T) {
			opts := []distcheck.Option{distcheck.Strategy(explore.Swarm), distcheck.Walks(200), distcheck.MaxDepth(400),
				distcheck.TraceDir(t.TempDir())}
			want := map[bugs.Bug]string{maekawa.BugNoInquire: "EveryoneEnters", maekawa.BugExcludeSelf: "MutualExclusion"}[c.Bug]
			if want != "" {
				opts = append(opts, distcheck.ExpectViolation(want))
			}
			res := distcheck.Check(t, actortest.System(t, maekawa.New, c), opts...)
			require.NotNil(t, res)
			if want != "" {
				distcheck.Violation(t, res, want)
				return
			}
			assert.EqualValues(t, 200, res.Walks)
			assert.Less(t, res.MaxDepth, 400, "every walk ends with everyone done, before the bound")
		})
	}
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestNoInquireDeadlocks":   maekawa.BugNoInquire,
		"TestExcludeSelfLetsTwoIn": maekawa.BugExcludeSelf,
	} {
		sys := actortest.System(t, maekawa.New, maekawa.Config{Nodes: 3, Entries: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := maekawa.New(maekawa.Config{Nodes: 8, Entries: 1})
	assert.EqualError(t, err, "maekawa: nodes is 8, want 2 to 7")
	_, err = maekawa.New(maekawa.Config{Nodes: 2})
	assert.EqualError(t, err, "maekawa: entries is 0, want at least 1")
	_, err = maekawa.New(maekawa.Config{Nodes: 2, Entries: 1, Bug: "x"})
	assert.EqualError(t, err, `maekawa: unknown bug "x" (known: no-inquire, exclude-self)`)
}

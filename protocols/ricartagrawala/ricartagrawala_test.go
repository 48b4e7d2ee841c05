package ricartagrawala_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/mutex"
	"github.com/distcheck/distcheck/protocols/ricartagrawala"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On every execution at most one node is in the critical section, and under fairness every
// node enters as often as it wants.
func TestRicartAgrawalaIsSafeAndLive(t *testing.T) {
	for _, c := range []ricartagrawala.Config{
		{Nodes: 2, Entries: 1},
		{Nodes: 2, Entries: 2},
		{Nodes: 3, Entries: 1},
	} {
		t.Run(fmt.Sprintf("nodes=%d,entries=%d", c.Nodes, c.Entries), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, ricartagrawala.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// A node in the critical section that replies lets the requester in beside it.
func TestReplyWhileHeldLetsTwoIn(t *testing.T) {
	sys := actortest.System(t, ricartagrawala.New, ricartagrawala.Config{Nodes: 2, Entries: 1, Bug: ricartagrawala.BugReplyWhileHeld})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MutualExclusion"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MutualExclusion")
	assert.Len(t, ricartagrawala.Holders(v.Path.Last()), 2)
}

// Without IDs to break ties, two requests with one timestamp defer to each other: both nodes
// wait for a reply that never comes, and nothing is left to do.
func TestNoTiebreakDeadlocks(t *testing.T) {
	sys := actortest.System(t, ricartagrawala.New, ricartagrawala.Config{Nodes: 2, Entries: 1, Bug: ricartagrawala.BugNoTiebreak})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("EveryoneEnters"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "EveryoneEnters")
	last := v.Path.Last()
	assert.Empty(t, last.InFlight())
	for i := range 2 {
		n := actor.NodeAs[*ricartagrawala.Node](last, model.NodeID(i))
		assert.Equal(t, mutex.Wanted, n.State)
		assert.Equal(t, 1, int(n.ReqTS), "both asked at the same time")
		assert.True(t, n.Deferred[1-i], "each defers the other")
	}
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestReplyWhileHeldLetsTwoIn": ricartagrawala.BugReplyWhileHeld,
		"TestNoTiebreakDeadlocks":     ricartagrawala.BugNoTiebreak,
	} {
		sys := actortest.System(t, ricartagrawala.New, ricartagrawala.Config{Nodes: 2, Entries: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := ricartagrawala.New(ricartagrawala.Config{Nodes: 1, Entries: 1})
	assert.EqualError(t, err, "ricart-agrawala: nodes is 1, want at least 2")
	_, err = ricartagrawala.New(ricartagrawala.Config{Nodes: 2})
	assert.EqualError(t, err, "ricart-agrawala: entries is 0, want at least 1")
	_, err = ricartagrawala.New(ricartagrawala.Config{Nodes: 2, Entries: 1, Bug: "x"})
	assert.EqualError(t, err, `ricart-agrawala: unknown bug "x" (known: reply-while-held, no-tiebreak)`)
}

package termination_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/termination"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The root never announces termination before it happens, and under fairness it announces it
// (3 nodes, 2 sends each: 17,046 states).
func TestTerminationIsDetectedNeverEarly(t *testing.T) {
	for _, c := range []termination.Config{
		{Nodes: 2, Sends: 1},
		{Nodes: 2, Sends: 2},
		{Nodes: 3, Sends: 1},
		{Nodes: 3, Sends: 2},
	} {
		t.Run(fmt.Sprintf("nodes=%d,sends=%d", c.Nodes, c.Sends), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, termination.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// falseDetection checks that the counterexample to NoFalseDetection ends with the root's
// announcement while some node is active or Work is in flight.
func falseDetection(t *testing.T, bug bugs.Bug) {
	t.Helper()
	sys := actortest.System(t, termination.New, termination.Config{Nodes: 2, Sends: 1, Bug: bug})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoFalseDetection"), distcheck.Workers(1))
	last := distcheck.Violation(t, res, "NoFalseDetection").Path.Last()
	assert.True(t, termination.Announced(last))
	assert.False(t, termination.Terminated(last))
}

// Acknowledging the engaging Work at once, the root's deficit is zero while the node it woke
// still works.
func TestAckAtOnceAnnouncesEarly(t *testing.T) { falseDetection(t, termination.BugAckAtOnce) }

// A node that leaves the tree before its own Work is acknowledged lets the root announce
// while that Work is still being done.
func TestLeaveEarlyAnnouncesEarly(t *testing.T) { falseDetection(t, termination.BugLeaveEarly) }

// Work to an engaged node never acknowledged: the sender's deficit stays, nothing else can
// happen, and termination is never announced although it happened.
func TestNoAckWhenEngagedNeverAnnounces(t *testing.T) {
	sys := actortest.System(t, termination.New, termination.Config{Nodes: 2, Sends: 1, Bug: termination.BugNoAckWhenEngaged})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Detected"), distcheck.Workers(1))
	last := distcheck.Violation(t, res, "Detected").Path.Last()
	assert.True(t, termination.Terminated(last))
	assert.Empty(t, last.InFlight())
	deficit := 0
	for i := range last.NumNodes() {
		deficit += actor.NodeAs[*termination.Node](last, model.NodeID(i)).Deficit
	}
	assert.Positive(t, deficit, "a deficit no Ack will pay")
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestAckAtOnceAnnouncesEarly":        termination.BugAckAtOnce,
		"TestLeaveEarlyAnnouncesEarly":       termination.BugLeaveEarly,
		"TestNoAckWhenEngagedNeverAnnounces": termination.BugNoAckWhenEngaged,
	} {
		sys := actortest.System(t, termination.New, termination.Config{Nodes: 2, Sends: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := termination.New(termination.Config{Nodes: 1, Sends: 1})
	assert.EqualError(t, err, "termination: nodes is 1, want at least 2")
	_, err = termination.New(termination.Config{Nodes: 2})
	assert.EqualError(t, err, "termination: sends is 0, want at least 1")
	_, err = termination.New(termination.Config{Nodes: 2, Sends: 1, Bug: "x"})
	assert.EqualError(t, err, `termination: unknown bug "x" (known: ack-at-once, leave-early, no-ack-when-engaged)`)
}

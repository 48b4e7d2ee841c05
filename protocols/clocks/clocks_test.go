package clocks_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Both theorems hold on every execution of the correct clocks, on a perfect network and on
// one that loses or duplicates a message, and some event hears from every node.
func TestCorrectClocksHoldOnEveryExecution(t *testing.T) {
	for _, c := range []clocks.Config{
		{Nodes: 3, Events: 1},
		{Nodes: 2, Events: 2},
		{Nodes: 3, Events: 1, Faults: actor.Faults{Drops: 1}},
		{Nodes: 3, Events: 1, Faults: actor.Faults{Duplicates: 1}},
	} {
		t.Run(fmt.Sprintf("nodes=%d,events=%d,drops=%d,duplicates=%d", c.Nodes, c.Events, c.Faults.Drops, c.Faults.Duplicates), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, clocks.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// brokenPair returns the events a → b of the last state of bug's counterexample for which
// property fails, as found by checking the clocks against happened-before again here.
func brokenPair(t *testing.T, bug bugs.Bug, property string) (*clocks.History, int, int) {
	t.Helper()
	sys := actortest.System(t, clocks.New, clocks.Config{Nodes: 3, Events: 1, Bug: bug})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation(property), distcheck.Workers(1))
	v := distcheck.Violation(t, res, property)
	h := clocks.Trace(v.Path.Last())
	for a := range h.Events {
		for b := range h.Events {
			if a == b {
				continue
			}
			ea, eb := h.Events[a], h.Events[b]
			switch {
			case property == "ClockCondition" && h.Before(a, b) && ea.L >= eb.L,
				property == "VectorCharacterization" && h.Before(a, b) != clocks.Less(ea.V, eb.V),
				property == "VectorCharacterization" && bug == clocks.BugCompareAny && clocks.Concurrent(ea.V, eb.V):
				return h, a, b
			}
		}
	}
	t.Fatalf("no pair of events breaks %s in the last state", property)
	return nil, 0, 0
}

// Without the max on receipt, a node that has done nothing receives a message and its
// receipt is no later than the send.
func TestNoMaxBreaksTheClockCondition(t *testing.T) {
	h, a, b := brokenPair(t, clocks.BugNoMax, "ClockCondition")
	assert.Equal(t, clocks.Send, h.Events[a].Kind)
	assert.Equal(t, clocks.Receive, h.Events[b].Kind)
	assert.Equal(t, h.Node[a], h.Events[b].Peer, "the receipt of that send")
}

// Without a tick on send, a send has the clock of the event before it on its node.
func TestNoTickOnSendBreaksTheClockCondition(t *testing.T) {
	h, a, b := brokenPair(t, clocks.BugNoTickOnSend, "ClockCondition")
	assert.Equal(t, h.Node[a], h.Node[b], "two events of one node")
	assert.Equal(t, clocks.Send, h.Events[b].Kind)
	assert.Equal(t, h.Events[a].L, h.Events[b].L)
}

// Without a tick on receipt, a receipt by a node that has done nothing has the vector of the
// send: a → b, yet V(a) = V(b).
func TestNoTickOnReceiveBreaksTheCharacterization(t *testing.T) {
	h, a, b := brokenPair(t, clocks.BugNoTickOnReceive, "VectorCharacterization")
	assert.True(t, h.Before(a, b))
	assert.Equal(t, clocks.Receive, h.Events[b].Kind)
	assert.Equal(t, h.Events[a].V, h.Events[b].V)
}

// Compared by "some entry smaller", two concurrent events look ordered.
func TestCompareAnyOrdersConcurrentEvents(t *testing.T) {
	h, a, b := brokenPair(t, clocks.BugCompareAny, "VectorCharacterization")
	assert.False(t, h.Before(a, b))
	assert.False(t, h.Before(b, a))
	assert.True(t, clocks.Concurrent(h.Events[a].V, h.Events[b].V))
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestNoMaxBreaksTheClockCondition":             clocks.BugNoMax,
		"TestNoTickOnSendBreaksTheClockCondition":      clocks.BugNoTickOnSend,
		"TestNoTickOnReceiveBreaksTheCharacterization": clocks.BugNoTickOnReceive,
		"TestCompareAnyOrdersConcurrentEvents":         clocks.BugCompareAny,
	} {
		sys := actortest.System(t, clocks.New, clocks.Config{Nodes: 3, Events: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]clocks.Config{
		"clocks: nodes is 1, want at least 2":  {Nodes: 1, Events: 1},
		"clocks: events is 0, want at least 1": {Nodes: 2},
		`clocks: unknown bug "nope" (known: no-max, no-tick-on-send, no-tick-on-receive, compare-any)`: {Nodes: 2, Events: 1, Bug: "nope"},
		"clocks: faults: crashes and partitions are not modelled (use drops and duplicates)":           {Nodes: 2, Events: 1, Faults: actor.Faults{Crashes: 1}},
	} {
		_, err := clocks.New(cfg)
		assert.EqualError(t, err, want)
	}
}

// The helpers on a hand-made history: a → b on one node, a send and its receipt, and two
// concurrent events.
func TestHelpers(t *testing.T) {
	var p, q clocks.Lamport
	assert.Equal(t, clocks.Lamport(1), p.Tick())
	stamp := p.Send()
	assert.Equal(t, clocks.Lamport(2), stamp)
	assert.Equal(t, clocks.Lamport(3), q.Receive(stamp), "max(0, 2) + 1")
	assert.Equal(t, clocks.Lamport(4), q.Receive(1), "max(3, 1) + 1")

	v, w := clocks.NewVector(3), clocks.NewVector(3)
	a := v.Tick(0)
	s := v.Send(0)
	x := w.Tick(1)
	r := w.Receive(1, s)
	assert.Equal(t, clocks.Vector{2, 2, 0}, r)
	assert.True(t, clocks.Less(a, s))
	assert.True(t, clocks.Less(s, r))
	assert.True(t, clocks.Less(a, r))
	assert.False(t, clocks.Less(r, a))
	assert.False(t, clocks.Less(s, s), "irreflexive")
	assert.True(t, clocks.Concurrent(a, x))
	assert.False(t, clocks.Concurrent(a, r))
	assert.False(t, clocks.Concurrent(a, a))
	assert.Equal(t, "[2 2 0]", r.String())
	s[0] = 9
	assert.Equal(t, clocks.Vector{2, 0, 0}, v, "stamps are copies")
}

// Two nodes with one event each have 22 states, counted by hand from the nodes' histories
// (L local, S send, R receipt; a message is in flight until its receipt):
//
//   - neither has acted: 1;
//   - one local event, the other nothing: 2; one send, the other nothing, the message in
//     flight or received: 2 × 2 = 4;
//   - both local: 1;
//   - one local, the other a send: the local node's history is L (message in flight), LR or
//     RL: 2 × 3 = 6;
//   - both send: each history is S, SR or RS, but not both RS (each would have received
//     before the other sent): 3 × 3 − 1 = 8.
func TestStateCountMatchesAHandCount(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, clocks.New, clocks.Config{Nodes: 2, Events: 1}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
	assert.EqualValues(t, 1+2+4+1+6+8, res.Distinct)
}

// Before orders by timestamp and breaks ties by node ID, so two requests are never both first.
func TestBeforeIsLamportsTotalOrder(t *testing.T) {
	assert.True(t, clocks.Before(1, 2, 2, 0), "the earlier timestamp first, whatever the IDs")
	assert.False(t, clocks.Before(2, 0, 1, 2))
	assert.True(t, clocks.Before(3, 0, 3, 1), "a tie goes to the lower ID")
	assert.False(t, clocks.Before(3, 1, 3, 0))
	assert.False(t, clocks.Before(3, 1, 3, 1), "not before itself")
}

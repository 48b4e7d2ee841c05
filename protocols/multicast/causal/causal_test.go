package causal_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multicast/causal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every process delivers every message once, in causal (and so FIFO) order.
func TestCausalBroadcastDeliversInCausalOrder(t *testing.T) {
	for _, c := range []causal.Config{
		{Nodes: 2, Messages: 1},
		{Nodes: 2, Messages: 2},
		{Nodes: 3, Messages: 1},
	} {
		t.Run(fmt.Sprintf("nodes=%d,messages=%d", c.Nodes, c.Messages), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, causal.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Two processes, one message each, counted by hand. The events are b0, b1 (the broadcasts)
// and d0, d1 (process i delivering the other's message), with b1 before d0 and b0 before d1:
// 9 sets of events can have happened. Where a process has both broadcast and delivered, the
// order of the two is part of its state (its log, and the stamp of its message): both orders
// for {b0,b1,d0} and {b0,b1,d1}, and three of the four for all four events (d0 before b0 and
// d1 before b1 would need b1 before b0 and b0 before b1). 6 + 2 + 2 + 3 = 13.
func TestStateCountMatchesAHandCount(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, causal.New, causal.Config{Nodes: 2, Messages: 1}), distcheck.Workers(1))
	require.NotNil(t, res)
	assert.Equal(t, int64(13), res.Distinct)
}

// A message delivered on arrival can come before the message it answers.
func TestNoWaitBreaksCausalOrder(t *testing.T) {
	sys := actortest.System(t, causal.New, causal.Config{Nodes: 3, Messages: 1, Bug: causal.BugNoWait})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("CausalOrder"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "CausalOrder")
	assert.True(t, overtaken(v.Path.Last()), "a process delivered a reply without the message it answers")
}

// Checking only the sender's entry is FIFO order: between two processes nothing goes wrong,
// and with three a reply overtakes the message it answers.
func TestSenderEntryOnlyIsFIFONotCausal(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, causal.New, causal.Config{Nodes: 2, Messages: 2, Bug: causal.BugSenderEntryOnly}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive, "FIFO is causal order between two processes")

	sys := actortest.System(t, causal.New, causal.Config{Nodes: 3, Messages: 1, Bug: causal.BugSenderEntryOnly})
	res = distcheck.Check(t, sys, distcheck.ExpectViolation("CausalOrder"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "CausalOrder")
	assert.True(t, overtaken(v.Path.Last()), "a process delivered a reply without the message it answers")
}

// overtaken reports whether some process has delivered a message m of process b without a
// message of a third process that b had delivered before broadcasting m.
func overtaken(s *actor.State) bool {
	for c := range s.NumNodes() {
		log := actor.NodeAs[*causal.Node](s, model.NodeID(c)).Log
		for _, m := range log {
			b := actor.NodeAs[*causal.Node](s, m.Sender)
			for _, before := range b.Log[:b.Past[m.Seq]] {
				if before.Sender != m.Sender && !slices.Contains(log, before) {
					return true
				}
			}
		}
	}
	return false
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestNoWaitBreaksCausalOrder":        causal.BugNoWait,
		"TestSenderEntryOnlyIsFIFONotCausal": causal.BugSenderEntryOnly,
	} {
		sys := actortest.System(t, causal.New, causal.Config{Nodes: 3, Messages: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := causal.New(causal.Config{Nodes: 1, Messages: 1})
	assert.EqualError(t, err, "causal-broadcast: nodes is 1, want at least 2")
	_, err = causal.New(causal.Config{Nodes: 2})
	assert.EqualError(t, err, "causal-broadcast: messages is 0, want at least 1")
	_, err = causal.New(causal.Config{Nodes: 2, Messages: 1, Bug: "x"})
	assert.EqualError(t, err, `causal-broadcast: unknown bug "x" (known: no-wait, sender-entry-only)`)
}

package sequencer_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multicast/sequencer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every process delivers every message once, all in one order.
func TestSequencerDeliversInTotalOrder(t *testing.T) {
	for _, c := range []sequencer.Config{
		{Nodes: 2, Messages: 1},
		{Nodes: 2, Messages: 2},
		{Nodes: 3, Messages: 1},
	} {
		t.Run(fmt.Sprintf("nodes=%d,messages=%d", c.Nodes, c.Messages), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, sequencer.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Two processes, one message each, counted by hand. Events: b0 (the sequencer broadcasts: it
// numbers and delivers its own message), b1 (n1 submits), s1 (the sequencer numbers n1's),
// and n1's receipts of the two numbered messages. Before s1: {}, {b0}, {b1}, {b0,b1}, {b0,
// n1 receives n0's}, and {b0,b1, n1 receives n0's} twice (n1 broadcast before or after that
// delivery: its message's causal past) — 7. With b0 before s1 (n0's message first): the four
// sets with s1, the two with n1's receipt of n0's message twice — 6. With s1 before b0: b1
// came first, so nothing doubles — 6 sets. 7 + 6 + 6 = 19.
func TestStateCountMatchesAHandCount(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, sequencer.New, sequencer.Config{Nodes: 2, Messages: 1}), distcheck.Workers(1))
	require.NotNil(t, res)
	assert.Equal(t, int64(19), res.Distinct)
}

// disagree reports whether two processes delivered two messages in opposite orders.
func disagree(s *actor.State) bool {
	for i := range s.NumNodes() {
		a := actor.NodeAs[*sequencer.Node](s, model.NodeID(i)).Log
		for k := range s.NumNodes() {
			b := actor.NodeAs[*sequencer.Node](s, model.NodeID(k)).Log
			if len(a) >= 2 && len(b) >= 2 && a[0] == b[1] && a[1] == b[0] {
				return true
			}
		}
	}
	return false
}

// Numbers are useless if a process does not wait for them.
func TestNoHoldbackBreaksTotalOrder(t *testing.T) {
	sys := actortest.System(t, sequencer.New, sequencer.Config{Nodes: 3, Messages: 1, Bug: sequencer.BugNoHoldback})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("TotalOrder"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "TotalOrder")
	assert.True(t, disagree(v.Path.Last()))
}

// Numbering by sender is FIFO order, not total order.
func TestSenderNumbersIsNotTotalOrder(t *testing.T) {
	sys := actortest.System(t, sequencer.New, sequencer.Config{Nodes: 3, Messages: 1, Bug: sequencer.BugSenderNumbers})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("TotalOrder"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "TotalOrder")
	assert.True(t, disagree(v.Path.Last()))
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestNoHoldbackBreaksTotalOrder":   sequencer.BugNoHoldback,
		"TestSenderNumbersIsNotTotalOrder": sequencer.BugSenderNumbers,
	} {
		sys := actortest.System(t, sequencer.New, sequencer.Config{Nodes: 3, Messages: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := sequencer.New(sequencer.Config{Nodes: 1, Messages: 1})
	assert.EqualError(t, err, "sequencer-broadcast: nodes is 1, want at least 2")
	_, err = sequencer.New(sequencer.Config{Nodes: 2, Messages: 1, Bug: "x"})
	assert.EqualError(t, err, `sequencer-broadcast: unknown bug "x" (known: no-holdback, sender-numbers)`)
}

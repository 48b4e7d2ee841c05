package reliable_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multicast/reliable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Both algorithms deliver every message to every correct process, once, despite crashes.
func TestReliableBroadcastsHoldDespiteCrashes(t *testing.T) {
	for _, c := range []reliable.Config{
		{Nodes: 2, Messages: 1},
		{Nodes: 3, Messages: 1, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 3, Messages: 2, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 2, Messages: 1, Uniform: true},
		{Nodes: 3, Messages: 1, Uniform: true, Faults: actor.Faults{Crashes: 1}},
	} {
		t.Run(fmt.Sprintf("uniform=%v,nodes=%d,messages=%d,crashes=%d", c.Uniform, c.Nodes, c.Messages, c.Faults.Crashes), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, reliable.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Two processes, one message, counted by hand, for either algorithm: before the broadcast;
// the sender's copy in its outbox; in flight; received (and, uniform: two relays out of two,
// delivered) with the relay in the receiver's outbox; the relay in flight; the relay taken
// (eager: consumed, changing nothing else; uniform: the sender's second ack, delivered). 6.
func TestStateCountsMatchAHandCount(t *testing.T) {
	for _, uniform := range []bool{false, true} {
		res := distcheck.Check(t, actortest.System(t, reliable.New, reliable.Config{Nodes: 2, Messages: 1, Uniform: uniform}), distcheck.Workers(1))
		require.NotNil(t, res)
		assert.Equal(t, int64(6), res.Distinct, "uniform=%v", uniform)
	}
}

// delivered reports which processes delivered something.
func delivered(s *actor.State) []bool {
	out := make([]bool, s.NumNodes())
	for i := range out {
		out[i] = len(actor.NodeAs[*reliable.Node](s, model.NodeID(i)).Log) > 0
	}
	return out
}

// Best-effort broadcast: the sender crashes partway through its sends, and the process that got
// a copy does not pass it on.
func TestNoRelayBreaksAgreement(t *testing.T) {
	sys := actortest.System(t, reliable.New, reliable.Config{Nodes: 3, Messages: 1, Faults: actor.Faults{Crashes: 1}, Bug: reliable.BugNoRelay})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Agreement"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "Agreement")
	last := v.Path.Last()
	assert.False(t, last.Up(0), "the sender crashed")
	assert.Equal(t, []bool{true, true, false}, delivered(last))
}

// Delivering every copy delivers a message twice.
func TestDeliverEveryCopyDuplicates(t *testing.T) {
	sys := actortest.System(t, reliable.New, reliable.Config{Nodes: 3, Messages: 1, Bug: reliable.BugDeliverEveryCopy})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoDuplication"), distcheck.Workers(1))
	distcheck.Violation(t, res, "NoDuplication")
}

// notUniform checks that bug breaks UniformAgreement: the sender delivers its own message and
// crashes before any copy leaves.
func notUniform(t *testing.T, bug bugs.Bug) {
	t.Helper()
	sys := actortest.System(t, reliable.New, reliable.Config{Nodes: 3, Messages: 1, Uniform: true, Faults: actor.Faults{Crashes: 1}, Bug: bug})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("UniformAgreement"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "UniformAgreement")
	last := v.Path.Last()
	assert.False(t, last.Up(0), "the sender crashed")
	assert.Equal(t, []bool{true, false, false}, delivered(last))
	assert.Empty(t, last.InFlight(), "no copy left")
}

// Delivering on receipt, as the eager algorithm does, is not uniform.
func TestDeliverOnReceiptIsNotUniform(t *testing.T) { notUniform(t, reliable.BugDeliverOnReceipt) }

// Half of three processes, rounded down, is the sender alone.
func TestHalfIsMajorityIsNotUniform(t *testing.T) { notUniform(t, reliable.BugHalfIsMajority) }

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range map[string]reliable.Config{
		"TestNoRelayBreaksAgreement":       {Nodes: 3, Messages: 1, Faults: actor.Faults{Crashes: 1}, Bug: reliable.BugNoRelay},
		"TestDeliverEveryCopyDuplicates":   {Nodes: 3, Messages: 1, Bug: reliable.BugDeliverEveryCopy},
		"TestDeliverOnReceiptIsNotUniform": {Nodes: 3, Messages: 1, Uniform: true, Faults: actor.Faults{Crashes: 1}, Bug: reliable.BugDeliverOnReceipt},
		"TestHalfIsMajorityIsNotUniform":   {Nodes: 3, Messages: 1, Uniform: true, Faults: actor.Faults{Crashes: 1}, Bug: reliable.BugHalfIsMajority},
	} {
		assert.Equal(t, 1, distcheck.ReplaySaved(t, actortest.System(t, reliable.New, cfg), test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := reliable.New(reliable.Config{Nodes: 1, Messages: 1})
	assert.EqualError(t, err, "reliable-broadcast: nodes is 1, want at least 2")
	_, err = reliable.New(reliable.Config{Nodes: 3, Messages: 1, Bug: reliable.BugDeliverOnReceipt})
	assert.EqualError(t, err, `reliable-broadcast: unknown bug "deliver-on-receipt" (known: no-relay, deliver-every-copy)`)
	_, err = reliable.New(reliable.Config{Nodes: 3, Messages: 1, Uniform: true, Faults: actor.Faults{Crashes: 2}})
	assert.EqualError(t, err, "uniform-broadcast: crashes is 2, want at most 1 (a majority of the 3 processes must stay correct)")
	_, err = reliable.New(reliable.Config{Nodes: 3, Messages: 1, Faults: actor.Faults{Crashes: 1, Recoveries: 1}})
	assert.EqualError(t, err, "reliable-broadcast: recoveries is 1, want 0 (the algorithm assumes crash-stop)")
}

// FIFO reliable broadcast delivers node 0's messages in the order it sent them, despite a crash.
func TestFIFOBroadcastKeepsTheSendersOrder(t *testing.T) {
	for _, c := range []reliable.Config{
		{Nodes: 2, Messages: 2, FIFO: true},
		{Nodes: 2, Messages: 3, FIFO: true},
		{Nodes: 3, Messages: 2, FIFO: true, Faults: actor.Faults{Crashes: 1}},
	} {
		res := distcheck.Check(t, actortest.System(t, reliable.New, c))
		require.NotNil(t, res)
		assert.True(t, res.Exhaustive, "%+v", c)
	}
}

// Without a holdback queue the second message can be delivered first.
func TestNoHoldbackBreaksFIFOOrder(t *testing.T) {
	sys := actortest.System(t, reliable.New, reliable.Config{Nodes: 2, Messages: 2, FIFO: true, Bug: reliable.BugNoHoldback})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("FIFOOrder"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "FIFOOrder")
	assert.Equal(t, 1, actor.NodeAs[*reliable.Node](v.Path.Last(), 1).Log[0].Seq, "n1 delivered node 0's second message first")
}

// A message discarded for arriving early is never delivered: reliable broadcast delivers once.
func TestDropEarlyLosesAMessage(t *testing.T) {
	sys := actortest.System(t, reliable.New, reliable.Config{Nodes: 2, Messages: 2, FIFO: true, Bug: reliable.BugDropEarly})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Agreement"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "Agreement")
	last := v.Path.Last()
	assert.Len(t, actor.NodeAs[*reliable.Node](last, 0).Log, 2)
	assert.Len(t, actor.NodeAs[*reliable.Node](last, 1).Log, 1)
}

func TestFIFOSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestNoHoldbackBreaksFIFOOrder": reliable.BugNoHoldback,
		"TestDropEarlyLosesAMessage":    reliable.BugDropEarly,
	} {
		sys := actortest.System(t, reliable.New, reliable.Config{Nodes: 2, Messages: 2, FIFO: true, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

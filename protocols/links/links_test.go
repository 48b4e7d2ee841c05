package links_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/links"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Perfect links over stubborn links over a fair-loss network: every message is delivered once,
// and nothing else is, with and without losses and duplicates.
func TestPerfectLinksAreReliable(t *testing.T) {
	for _, c := range []links.Config{
		{Nodes: 2, Messages: 1},
		{Nodes: 2, Messages: 2},
		{Nodes: 3, Messages: 1},
		{Nodes: 2, Messages: 1, Faults: actor.FairLoss(2, 0)},
		{Nodes: 2, Messages: 2, Faults: actor.FairLoss(1, 1)},
		{Nodes: 3, Messages: 1, Faults: actor.FairLoss(1, 1)},
	} {
		t.Run(fmt.Sprintf("nodes=%d,messages=%d,drops=%d,duplicates=%d", c.Nodes, c.Messages, c.Faults.Drops, c.Faults.Duplicates), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, links.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// The state counts of the smallest systems, counted by hand. One message, no faults: it is in
// flight; delivered; sent again at the tick (the receiver has it). Two messages: both in
// flight, either delivered first (2), both delivered — the receiver's counts do not record the
// order — then the tick's retransmission of both and either delivered again (3). One message
// and one loss: the 3 states, then the message lost (drops used: another state), retransmitted,
// delivered, retransmitted again (4 more; losing a retransmission after the delivery leads to
// the state after the delivery).
func TestStateCountsMatchAHandCount(t *testing.T) {
	for _, c := range []struct {
		cfg  links.Config
		want int64
	}{
		{links.Config{Nodes: 2, Messages: 1}, 3},
		{links.Config{Nodes: 2, Messages: 2}, 7},
		{links.Config{Nodes: 2, Messages: 1, Faults: actor.FairLoss(1, 0)}, 7},
	} {
		res := distcheck.Check(t, actortest.System(t, links.New, c.cfg), distcheck.Workers(1))
		require.NotNil(t, res)
		assert.Equal(t, c.want, res.Distinct, "%+v", c.cfg)
	}
}

// A perfect link that does not eliminate duplicates delivers the stubborn link's
// retransmission again: no loss or duplication is needed.
func TestNoDedupDeliversARetransmissionTwice(t *testing.T) {
	sys := actortest.System(t, links.New, links.Config{Nodes: 2, Messages: 1, Bug: links.BugNoDedup})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoDuplication"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "NoDuplication")
	assert.Equal(t, map[model.ActionKind]int{model.ActionDeliver: 2, model.ActionTimeout: 1}, v.Path.Kinds())
	assert.Equal(t, 2, actor.NodeAs[*links.Node](v.Path.Last(), 1).Got[links.Delivery{From: 0, Msg: links.Data{N: 1}}])
}

// A stubborn link that retransmits once survives one loss, not two: the message and its only
// retransmission are lost, and nothing is left to send it again.
func TestRetransmitOnceLosesAMessage(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, links.New, links.Config{Nodes: 2, Messages: 1, Faults: actor.FairLoss(1, 0), Bug: links.BugRetransmitOnce}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive, "one loss is survived")

	sys := actortest.System(t, links.New, links.Config{Nodes: 2, Messages: 1, Faults: actor.FairLoss(2, 0), Bug: links.BugRetransmitOnce})
	res = distcheck.Check(t, sys, distcheck.ExpectViolation("ReliableDelivery"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "ReliableDelivery")
	assert.Equal(t, map[model.ActionKind]int{model.ActionDrop: 2, model.ActionTimeout: 1}, v.Path.Kinds())
	last := v.Path.Last()
	assert.Empty(t, last.InFlight())
	assert.Empty(t, last.Timers(0), "the sender has stopped retransmitting")
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range map[string]links.Config{
		"TestNoDedupDeliversARetransmissionTwice": {Nodes: 2, Messages: 1, Bug: links.BugNoDedup},
		"TestRetransmitOnceLosesAMessage":         {Nodes: 2, Messages: 1, Faults: actor.FairLoss(2, 0), Bug: links.BugRetransmitOnce},
	} {
		assert.Equal(t, 1, distcheck.ReplaySaved(t, actortest.System(t, links.New, cfg), test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := links.New(links.Config{Nodes: 1, Messages: 1})
	assert.EqualError(t, err, "links: nodes is 1, want at least 2 (a sender and a receiver)")
	_, err = links.New(links.Config{Nodes: 2})
	assert.EqualError(t, err, "links: messages is 0, want at least 1")
	_, err = links.New(links.Config{Nodes: 2, Messages: 1, Bug: bugs.Bug("x")})
	assert.EqualError(t, err, `links: unknown bug "x" (known: no-dedup, retransmit-once)`)
}

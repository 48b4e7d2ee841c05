package broadcast_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/broadcast"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Over retransmitting, deduplicating links every node delivers the message exactly once, on
// a perfect network and on one that loses or duplicates a few messages.
func TestBroadcastOverPerfectLinksDeliversEverywhereOnce(t *testing.T) {
	for _, f := range []actor.Faults{
		{},
		{Drops: 1},
		{Drops: 2},
		{Duplicates: 1},
		{Drops: 1, Duplicates: 1},
	} {
		t.Run(fmt.Sprintf("drops=%d,duplicates=%d", f.Drops, f.Duplicates), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, broadcast.New, broadcast.Config{Nodes: 3, Faults: f}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// The sender retransmits only after a loss: on a perfect network the perfect links send
// nothing twice.
func TestBroadcastRetransmitsOnlyAfterALoss(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, broadcast.New, broadcast.Config{Nodes: 3}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
	// 2 sends and 2 acknowledgements, delivered in any order: no timeout on any path.
	assert.Equal(t, 5, res.MaxDepth, "the deepest path has 4 steps (an initial state is depth 1)")
}

// Best-effort broadcast straight over the network is right when the network is perfect.
func TestNoRetransmitHoldsOnAPerfectNetwork(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, broadcast.New, broadcast.Config{Nodes: 3, Bug: broadcast.BugNoRetransmit}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// Validity: without retransmission, one lost message leaves a node that never delivers. The
// shortest counterexample drops the copy to one node and delivers the other.
func TestNoRetransmitLosesTheMessageWhenOneIsDropped(t *testing.T) {
	sys := actortest.System(t, broadcast.New, broadcast.Config{Nodes: 3, Faults: actor.Faults{Drops: 1}, Bug: broadcast.BugNoRetransmit})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("AllDeliver"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "AllDeliver")
	assert.Equal(t, map[model.ActionKind]int{model.ActionDrop: 1, model.ActionDeliver: 1}, v.Path.Kinds())
	assert.Empty(t, v.Path.Last().InFlight(), "nothing is left to deliver")
	var lost model.NodeID
	for _, st := range v.Path.Steps {
		if st.Action.Kind == model.ActionDrop {
			lost = st.Action.Node
		}
	}
	assert.Zero(t, actor.NodeAs[*broadcast.Node](v.Path.Last(), lost).Delivered, "the node whose copy was lost")
}

// No duplication: without deduplication, one duplicated message is delivered twice.
func TestNoRetransmitDeliversTwiceWhenOneIsDuplicated(t *testing.T) {
	sys := actortest.System(t, broadcast.New, broadcast.Config{Nodes: 3, Faults: actor.Faults{Duplicates: 1}, Bug: broadcast.BugNoRetransmit})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoDuplication"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "NoDuplication")
	assert.Equal(t, map[model.ActionKind]int{model.ActionDuplicate: 1, model.ActionDeliver: 2}, v.Path.Kinds())
}

// The saved counterexamples replay and still fail, rebuilt from the parameters they record.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, property := range map[string]string{
		"TestNoRetransmitLosesTheMessageWhenOneIsDropped":  "AllDeliver",
		"TestNoRetransmitDeliversTwiceWhenOneIsDuplicated": "NoDuplication",
	} {
		traces, paths, err := counterexamples.LoadDir(filepath.Join(distcheck.DefaultTraceDir, test))
		require.NoError(t, err)
		require.NotEmpty(t, traces, "%s saves one", test)
		for i, tr := range traces {
			assert.Equal(t, property, tr.Property, paths[i])
			cfg := broadcast.Config{Nodes: 3, Bug: bugs.Bug(tr.Params["bug"])}
			for name, v := range tr.Params {
				_, err := cfg.Faults.SetParam(name, v)
				require.NoError(t, err)
			}
			r, err := counterexamples.Replay(actortest.System(t, broadcast.New, cfg), tr)
			require.NoError(t, err, paths[i])
			assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
		}
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := broadcast.New(broadcast.Config{})
	assert.EqualError(t, err, "broadcast: nodes is 0, want at least 2 (a sender and a receiver)")
	_, err = broadcast.New(broadcast.Config{Nodes: 1})
	assert.ErrorContains(t, err, "nodes is 1")
	_, err = broadcast.New(broadcast.Config{Nodes: 3, Faults: actor.Faults{Drops: -1}})
	assert.ErrorContains(t, err, "Drops is -1")
	_, err = broadcast.New(broadcast.Config{Nodes: 3, Bug: "nope"})
	assert.EqualError(t, err, `broadcast: unknown bug "nope" (known: no-retransmit)`)
}

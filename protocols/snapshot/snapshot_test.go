package snapshot_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/snapshot"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On every execution the snapshot is a consistent cut and holds the bank's total, and under
// fairness it completes (3 branches, 1 transfer each: 21,385 states).
func TestSnapshotIsConsistentAndConserves(t *testing.T) {
	for _, c := range []snapshot.Config{
		{Nodes: 2, Transfers: 1},
		{Nodes: 2, Transfers: 2},
		{Nodes: 3, Transfers: 1},
	} {
		t.Run(fmt.Sprintf("nodes=%d,transfers=%d", c.Nodes, c.Transfers), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, snapshot.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Without channel states, money in flight across the cut is missing from the snapshot.
func TestNoChannelStateLosesMoney(t *testing.T) {
	sys := actortest.System(t, snapshot.New, snapshot.Config{Nodes: 2, Transfers: 2, Bug: snapshot.BugNoChannelState})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Conserves"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "Conserves")
	last := v.Path.Last()
	assert.True(t, snapshot.Complete(last))
	assert.Less(t, snapshot.Recorded(last), 2*snapshot.Balance)
	assert.True(t, snapshot.ConsistentCut(last), "the cut itself is consistent")
}

// A transfer sent between recording and forwarding the markers is counted as received by a
// receiver whose sender recorded it as not sent.
func TestLateMarkersCutInconsistently(t *testing.T) {
	sys := actortest.System(t, snapshot.New, snapshot.Config{Nodes: 2, Transfers: 2, Bug: snapshot.BugLateMarkers})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("ConsistentCut"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "ConsistentCut")
	// Between a node's recording and its markers, it sends a transfer.
	recorded, seen := map[model.NodeID]bool{}, map[model.NodeID]bool{}
	sentLate := false
	for _, st := range v.Path.Steps {
		a := st.Action
		switch {
		case (a.Msg == snapshot.SnapshotTimer || a.Msg == snapshot.Marker{}) && !seen[a.Node]:
			recorded[a.Node], seen[a.Node] = true, true
		case a.Msg == snapshot.MarkersTimer:
			recorded[a.Node] = false
		case a.Msg == snapshot.TransferTimer && recorded[a.Node]:
			sentLate = true
		}
	}
	assert.True(t, sentLate, "a transfer left between a recording and its markers")
}

// On channels that reorder, a transfer overtakes the marker sent before it.
func TestUnorderedChannelsCutInconsistently(t *testing.T) {
	sys := actortest.System(t, snapshot.New, snapshot.Config{Nodes: 2, Transfers: 2, Bug: snapshot.BugUnorderedChannels})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("ConsistentCut"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "ConsistentCut")
	var kinds []any
	for _, st := range v.Path.Steps {
		if st.Action.Node == 1 && st.Action.From == 0 {
			kinds = append(kinds, st.Action.Msg)
		}
	}
	assert.Equal(t, []any{snapshot.Transfer{}, snapshot.Marker{}}, kinds, "n1 takes the transfer, then the marker sent before it")
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestNoChannelStateLosesMoney":           snapshot.BugNoChannelState,
		"TestLateMarkersCutInconsistently":       snapshot.BugLateMarkers,
		"TestUnorderedChannelsCutInconsistently": snapshot.BugUnorderedChannels,
	} {
		sys := actortest.System(t, snapshot.New, snapshot.Config{Nodes: 2, Transfers: 2, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := snapshot.New(snapshot.Config{Nodes: 1, Transfers: 1})
	assert.EqualError(t, err, "snapshot: nodes is 1, want at least 2")
	_, err = snapshot.New(snapshot.Config{Nodes: 2})
	assert.EqualError(t, err, "snapshot: transfers is 0, want at least 1")
	_, err = snapshot.New(snapshot.Config{Nodes: 2, Transfers: 1, Bug: "x"})
	assert.EqualError(t, err, `snapshot: unknown bug "x" (known: no-channel-state, late-markers, unordered-channels)`)
}

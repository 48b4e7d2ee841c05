package twopc_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On a reliable network every safety property holds, a commit is reachable, and every
// participant decides on every path.
func TestTwoPCHoldsOnAReliableNetwork(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("participants=%d", n), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, twopc.New, twopc.Config{Participants: n}), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Losing messages never breaks agreement: safety holds with drops, only liveness fails.
func TestAgreementHoldsWhenMessagesAreLost(t *testing.T) {
	res, err := explore.Run(context.Background(), actortest.System(t, twopc.New, twopc.Config{Participants: 3, Faults: actor.Faults{Drops: 2}}), explore.Options{CollectAll: true})
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	var violated []string
	for _, v := range res.Violations {
		violated = append(violated, v.Property)
	}
	assert.Equal(t, []string{"AllDecide"}, violated)
}

// With one lost message, some participant may never decide: two-phase commit blocks.
func TestAllDecideFailsWhenAMessageIsLost(t *testing.T) {
	sys := actortest.System(t, twopc.New, twopc.Config{Participants: 3, Faults: actor.Faults{Drops: 1}})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("AllDecide"), distcheck.Workers(1))
	require.NotNil(t, res)
	for _, v := range res.Violations {
		if v.Property != "AllDecide" {
			continue
		}
		drops := 0
		for _, st := range v.Path.Steps {
			if st.Action.Kind == model.ActionDrop {
				drops++
			}
		}
		assert.Equal(t, 1, drops, "the counterexample loses exactly one message")
		assert.Empty(t, v.Path.Last().InFlight(), "the path ends with nothing left to deliver")
	}
}

// The early-commit coordinator commits on the first yes vote, so a participant that votes no
// aborts while another commits. The shortest counterexample, derived by hand: deliver Prepare
// to p1 (votes yes) and to p2 (votes no, aborts), deliver p1's vote (the coordinator commits),
// deliver Commit to p1 — four steps.
func TestEarlyCommitBreaksAgreement(t *testing.T) {
	sys := actortest.System(t, twopc.New, twopc.Config{Participants: 3, Bug: twopc.BugEarlyCommit})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Agreement"), distcheck.Workers(1))
	require.NotNil(t, res)
	require.Len(t, res.Violations, 1)
	assert.Equal(t, 4, res.Violations[0].Path.Len())
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := twopc.New(twopc.Config{})
	assert.ErrorContains(t, err, "participants is 0")
	_, err = twopc.New(twopc.Config{Participants: 2, Faults: actor.Faults{Drops: -1}})
	assert.ErrorContains(t, err, "Drops is -1")
	_, err = twopc.New(twopc.Config{Participants: 2, Bug: "nope"})
	assert.ErrorContains(t, err, `unknown bug "nope"`)
}

// A coordinator that crashes for good after a participant voted yes blocks that participant:
// the textbook weakness of two-phase commit.
func TestCoordinatorCrashBlocksTheParticipants(t *testing.T) {
	sys := actortest.System(t, twopc.New, twopc.Config{Participants: 2, Faults: actor.Faults{Crashes: 1}})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("AllDecide"), distcheck.Workers(1))
	require.NotNil(t, res)
	for _, v := range res.Violations {
		last := v.Path.Steps[v.Path.Len()-1]
		assert.Equal(t, model.ActionCrash, last.Action.Kind)
		assert.Equal(t, model.NodeID(0), last.Action.Node, "the coordinator crashes")
	}
}

// With a durable log and the recovery query, crashes that recover break nothing — not even when
// messages to a crashed node are lost.
func TestCrashRecoveryWithADurableLogHolds(t *testing.T) {
	sys := actortest.System(t, twopc.New, twopc.Config{Participants: 2, Faults: actor.Faults{Crashes: 2, Recoveries: 2, LoseWhileDown: true}})
	res := distcheck.Check(t, sys)
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// Without crashes every participant decides on every behaviour, under any fairness: there is no
// fair cycle and no end short of it.
func TestAllDecideHoldsUnderFairnessWithoutCrashes(t *testing.T) {
	for _, f := range []model.Fairness{model.FairNone, model.FairNodes, model.FairActions} {
		res := distcheck.Check(t, actortest.System(t, twopc.New, twopc.Config{Participants: 3}), distcheck.Fairness(f))
		require.NotNil(t, res)
		assert.True(t, res.Exhaustive)
		assert.Equal(t, f, res.Fairness)
	}
}

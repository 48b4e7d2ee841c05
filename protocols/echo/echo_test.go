package echo_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/echo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The adversaries of the tests.
var (
	equivocating = adversary.Config{Byzantine: 1, Behavior: actor.Equivocate}
	forging      = adversary.Config{Byzantine: 1, Behavior: actor.Equivocate, Sends: 1}
	silent       = adversary.Config{Byzantine: 1, Behavior: actor.Silent}
)

// The configurations whose counterexamples are saved, by test.
var saved = map[string]echo.Config{
	"TestEquivocationBreaksAgreementAmongThree":   {Nodes: 3, F: 1, Adversary: equivocating},
	"TestUnsignedEchoLetsTheAdversaryForgeAnEcho": {Nodes: 4, F: 1, Adversary: forging, Bug: echo.BugUnsignedEcho},
	"TestSmallQuorumBreaksAgreementAmongFour":     {Nodes: 4, F: 1, Adversary: equivocating, Bug: echo.BugSmallQuorum},
	"TestWaitingForAllBlocksForeverOnASilentNode": {Nodes: 4, F: 1, Adversary: silent, Bug: echo.BugWaitForAll},
}

// With n = 4 and f = 1 every property holds against one Byzantine node, whatever it does:
// follow its code, equivocate, corrupt its messages, forge an echo, or stay silent.
func TestEchoBroadcastToleratesOneByzantineNodeAmongFour(t *testing.T) {
	for _, adv := range []adversary.Config{
		{},
		{Byzantine: 1, Behavior: actor.Follow, Sends: 1},
		equivocating,
		forging,
		{Byzantine: 1, Behavior: actor.Corrupt},
		silent,
	} {
		t.Run(fmt.Sprintf("%d-%s-sends=%d", adv.Byzantine, adv.Behavior, adv.Sends), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, echo.New, echo.Config{Nodes: 4, F: 1, Adversary: adv}), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Without an adversary three nodes are enough: n > 3f matters only when a node lies.
func TestThreeNodesAgreeWithoutAnAdversary(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, echo.New, echo.Config{Nodes: 3, F: 1}), distcheck.CollectAll())
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// With n = 3 and f = 1 a quorum is two echoes, and the sender's signed message is one of them.
// The equivocating sender sends its input to n1 and the other value to n2, each properly
// signed; each echoes what it got and delivers on its own echo and the sender's — two steps.
func TestEquivocationBreaksAgreementAmongThree(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, echo.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "Agreement").Path
	require.Equal(t, 2, path.Len())
	got := map[model.NodeID]int{}
	for _, st := range path.Steps {
		require.Equal(t, model.ActionDeliver, st.Action.Kind)
		require.Equal(t, echo.Sender, st.Action.From)
		send, ok := st.Action.Msg.(echo.Send)
		require.True(t, ok, "%v", st.Action)
		assert.True(t, actor.Verify(echo.Statement{Kind: "send", Value: send.Value}, send.Sig), "the sender signed both values")
		got[st.Action.Node] = send.Value
	}
	assert.Equal(t, map[model.NodeID]int{1: echo.Input, 2: echo.Other}, got,
		"n2 was delivered a value the sender's code never sent")
}

// Every buggy variant holds without an adversary: each bug is one that only a Byzantine node
// can exploit.
func TestBuggyVariantsHoldWithoutAnAdversary(t *testing.T) {
	for _, bug := range echo.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, echo.New, echo.Config{Nodes: 4, F: 1, Bug: bug}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// With n = 4 an equivocating sender that may send one message of its own accord forges the third echo of the other value,
// in the name of an honest node.
func TestUnsignedEchoLetsTheAdversaryForgeAnEcho(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, echo.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "Agreement").Path
	var forged []echo.Echo
	for _, st := range path.Steps {
		if st.Action.Kind == model.ActionByzantine {
			assert.Equal(t, "forge", st.Action.Name)
			forged = append(forged, st.Action.Msg.(echo.Echo))
		}
	}
	require.Len(t, forged, 1)
	assert.NotEqual(t, echo.Sender, forged[0].Sig.Signer, "the forged echo names an honest node")
	assert.False(t, actor.Verify(echo.Statement{Kind: "echo", Value: forged[0].Value}, forged[0].Sig), "and its signature does not verify")
}

// A quorum of f+1 = 2 echoes among four nodes lets an equivocating sender split them, as with
// three nodes.
func TestSmallQuorumBreaksAgreementAmongFour(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, echo.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "Agreement").Path
	assert.Equal(t, 2, path.Len())
}

// One silent node makes every honest node that waits for all n echoes wait forever: the path ends with each holding the three honest echoes and
// nothing from the silent node.
func TestWaitingForAllBlocksForeverOnASilentNode(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, echo.New, saved[t.Name()]), distcheck.ExpectViolation("AllDeliver"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "AllDeliver").Path
	silentNode := model.NodeID(3)
	for _, st := range path.Steps {
		assert.NotEqual(t, silentNode, st.Action.From, "the silent node sends nothing")
	}
	last := path.Last()
	for i := range model.NodeID(3) {
		n := actor.NodeAs[*echo.Node](last, i)
		assert.Equal(t, []int{echo.Input, echo.Input, echo.Input, 0}, n.Echoes, "node %d", i)
		assert.Zero(t, n.Delivered, "node %d", i)
	}
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, echo.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]echo.Config{
		"nodes is 1, want at least 2": {Nodes: 1},
		"f is 4, want 0 to 3":         {Nodes: 4, F: 4},
		"f is -1":                     {Nodes: 4, F: -1},
		`unknown bug "nope"`:          {Nodes: 4, F: 1, Bug: "nope"},
		"echo: byzantine: 5 Byzantine nodes but only 4 nodes": {Nodes: 4, F: 1, Adversary: adversary.Config{Byzantine: 5}},
		"byzantine: -1 Byzantine nodes, want ≥ 0":             {Nodes: 4, F: 1, Adversary: adversary.Config{Byzantine: -1}},
		"Sybils is -2, want ≥ 0":                              {Nodes: 4, F: 1, Adversary: adversary.Config{Sybils: -2}},
		"unknown behaviour 7":                                 {Nodes: 4, F: 1, Adversary: adversary.Config{Byzantine: 1, Behavior: 7}},
		"Drops is -1":                                         {Nodes: 4, F: 1, Faults: actor.Faults{Drops: -1}},
	} {
		_, err := echo.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

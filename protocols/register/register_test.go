package register_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corrupt controls one replica and corrupts what it sends.
var corrupt = adversary.Config{Byzantine: 1, Behavior: actor.Corrupt}

// The configurations whose counterexamples are saved, by test.
var saved = map[string]register.Config{
	"TestTrustingTheFirstReplyReturnsACorruptValue": {Replicas: 3, F: 1, Adversary: corrupt, Bug: register.BugTrustFirstReply},
	"TestMoreThanFCorruptReplicasAgreeOnGarbage":    {Replicas: 3, F: 1, Adversary: adversary.Config{Byzantine: 2, Behavior: actor.Corrupt}},
}

// Waiting for f+1 equal replies defeats one lying replica, however it lies: corrupting its
// replies, equivocating, or sending garbage of its own accord, and Sybils cannot help it.
func TestMatchingRepliesDefeatOneLyingReplica(t *testing.T) {
	for _, adv := range []adversary.Config{
		{},
		corrupt,
		{Byzantine: 1, Behavior: actor.Equivocate},
		{Byzantine: 1, Behavior: actor.Follow, Sends: 1},
		{Byzantine: 1, Behavior: actor.Corrupt, Sybils: 1, Sends: 1},
	} {
		t.Run(fmt.Sprintf("byzantine=%d-%s-sybils=%d-sends=%d", adv.Byzantine, adv.Behavior, adv.Sybils, adv.Sends), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, register.New, register.Config{Replicas: 3, F: 1, Adversary: adv}), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// When no replica lies, any reply is a written value.
func TestTrustFirstReplyHoldsWithoutAnAdversary(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, register.New, register.Config{Replicas: 3, F: 1, Bug: register.BugTrustFirstReply}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// The corrupt replica's reply reaches the client first, and the client returns it: garbage the
// replica's own code never sent.
func TestTrustingTheFirstReplyReturnsACorruptValue(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, register.New, saved[t.Name()]), distcheck.ExpectViolation("ReadsReturnWrittenValues"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "ReadsReturnWrittenValues").Path
	last := path.Steps[path.Len()-1]
	liar := model.NodeID(3)
	assert.Equal(t, model.ActionDeliver, last.Action.Kind)
	assert.Equal(t, liar, last.Action.From, "the last replica is the Byzantine one")
	assert.Equal(t, register.Reply{Value: register.Garbage}, last.Action.Msg)
	assert.NotEqual(t, register.Garbage, actor.NodeAs[*register.Replica](last.State, liar).Value,
		"the replica holds a written value: its reply was corrupted on the way out")
	assert.Equal(t, register.Garbage, actor.NodeAs[*register.Reader](last.State, register.Client).Result)
}

// f+1 matching replies are proof only against f liars: two corrupt replicas out of three,
// with f = 1, agree on garbage.
func TestMoreThanFCorruptReplicasAgreeOnGarbage(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, register.New, saved[t.Name()]), distcheck.ExpectViolation("ReadsReturnWrittenValues"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "ReadsReturnWrittenValues").Path
	c := actor.NodeAs[*register.Reader](path.Last(), register.Client)
	assert.Equal(t, []int{0, register.Garbage, register.Garbage}, c.Replies)
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, register.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]register.Config{
		"replicas is 0, want at least 1":                          {},
		"f is 3, want 0 to 2":                                     {Replicas: 3, F: 3},
		`unknown bug "nope"`:                                      {Replicas: 3, Bug: "nope"},
		"register: byzantine: 5 Byzantine nodes but only 4 nodes": {Replicas: 3, Adversary: adversary.Config{Byzantine: 5}},
		"Sends is -1, want ≥ 0":                                   {Replicas: 3, Adversary: adversary.Config{Byzantine: 1, Sends: -1}},
	} {
		_, err := register.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

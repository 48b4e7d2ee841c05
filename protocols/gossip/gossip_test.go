package gossip_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/gossip"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// forger controls the last node, follows its code, and may send one message of its own accord.
var forger = adversary.Config{Byzantine: 1, Behavior: actor.Follow, Sends: 1}

// The configurations whose counterexamples are saved, by test.
var saved = map[string]gossip.Config{
	"TestNoValidationSpreadsAForgedItem": {Nodes: 4, Adversary: forger, Bug: gossip.BugNoValidation},
	"TestNoValidationFallsToSybils":      {Nodes: 3, Adversary: adversary.Config{Sybils: 1, Sends: 1}, Bug: gossip.BugNoValidation},
}

// Checking that an item is signed by its origin keeps every forgery out: from a Byzantine node
// or from Sybil identities, signed as themselves or relabelled, sent of their own accord or
// slipped into what a Byzantine node forwards.
func TestValidatedGossipRejectsForgedItems(t *testing.T) {
	for _, adv := range []adversary.Config{
		{},
		forger,
		{Byzantine: 1, Behavior: actor.Follow, Sends: 2},
		{Sybils: 2, Sends: 1},
		{Byzantine: 1, Behavior: actor.Corrupt},
		{Byzantine: 1, Behavior: actor.Equivocate},
	} {
		t.Run(fmt.Sprintf("%d-%s-sybils=%d-sends=%d", adv.Byzantine, adv.Behavior, adv.Sybils, adv.Sends), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, gossip.New, gossip.Config{Nodes: 4, Adversary: adv}), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Without an adversary nobody makes up data, and gossip without validation is correct too.
func TestNoValidationHoldsWithoutAnAdversary(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, gossip.New, gossip.Config{Nodes: 4, Bug: gossip.BugNoValidation}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// One forged item, sent by the Byzantine node of its own accord, is enough: the honest node
// keeps a value the origin never produced.
func TestNoValidationSpreadsAForgedItem(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, gossip.New, saved[t.Name()]), distcheck.ExpectViolation("NoBogusData"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "NoBogusData").Path
	require.Equal(t, 2, path.Len(), "forge, then deliver")
	forge, deliver := path.Steps[0].Action, path.Steps[1].Action
	assert.Equal(t, model.ActionByzantine, forge.Kind)
	assert.Equal(t, "forge", forge.Name)
	assert.Equal(t, model.NodeID(3), forge.From, "the forgery comes from the Byzantine node")
	d := forge.Msg.(gossip.Data)
	assert.Equal(t, gossip.Origin, d.Origin, "in the origin's name")
	assert.Equal(t, gossip.Bogus, d.Value)
	assert.False(t, d.Sig.Signer == gossip.Origin && actor.Verify(d.Item(), d.Sig), "without the origin's signature")
	assert.Equal(t, model.ActionDeliver, deliver.Kind)
	assert.Equal(t, forge.Msg, deliver.Msg)
}

// Sybil identities forge as well as a Byzantine node does.
func TestNoValidationFallsToSybils(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, gossip.New, saved[t.Name()]), distcheck.ExpectViolation("NoBogusData"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "NoBogusData").Path
	assert.Equal(t, model.ActionByzantine, path.Steps[0].Action.Kind)
	assert.Equal(t, model.NodeID(3), path.Steps[0].Action.From, "s0, the Sybil identity after the three nodes")
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, gossip.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]gossip.Config{
		"nodes is 1, want at least 2":                           {Nodes: 1},
		`unknown bug "nope"`:                                    {Nodes: 3, Bug: "nope"},
		"gossip: byzantine: 4 Byzantine nodes but only 3 nodes": {Nodes: 3, Adversary: adversary.Config{Byzantine: 4}},
		"Sends is -1, want ≥ 0":                                 {Nodes: 3, Adversary: adversary.Config{Byzantine: 1, Sends: -1}},
		"Crashes is -1":                                         {Nodes: 3, Faults: actor.Faults{Crashes: -1}},
	} {
		_, err := gossip.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

package adversary_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlaceTakesTheFirstNodesOfTheOrder(t *testing.T) {
	forge := func(actor.Adversary) []actor.Message { return nil }
	b, err := adversary.Config{Byzantine: 2, Behavior: actor.Silent, Sybils: 1, Sends: 3}.Place([]model.NodeID{3, 0, 1, 2}, adversary.Powers{Forge: forge, Replay: true})
	require.NoError(t, err)
	assert.Equal(t, []model.NodeID{3, 0}, b.Nodes)
	assert.Equal(t, actor.Silent, b.Behavior)
	assert.Equal(t, 1, b.Sybils)
	assert.Equal(t, 3, b.Sends)
	assert.True(t, b.Replay)
	assert.NotNil(t, b.Forge)
	assert.Equal(t, []model.NodeID{1, 2}, adversary.Honest(4, b))
	assert.True(t, adversary.IsByzantine(b, 3))
	assert.False(t, adversary.IsByzantine(b, 1))
}

func TestNoAdversaryControlsNoNode(t *testing.T) {
	b, err := adversary.Config{}.Place([]model.NodeID{0, 1}, adversary.Powers{})
	require.NoError(t, err)
	assert.Empty(t, b.Nodes)
	assert.True(t, adversary.Config{}.None())
	assert.False(t, adversary.Config{Sybils: 1}.None())
	assert.Equal(t, []model.NodeID{0, 1}, adversary.Honest(2, b))
}

func TestPlaceRejectsImpossibleCounts(t *testing.T) {
	_, err := adversary.Config{Byzantine: 3}.Place([]model.NodeID{0, 1}, adversary.Powers{})
	assert.EqualError(t, err, "byzantine: 3 Byzantine nodes but only 2 nodes")
	_, err = adversary.Config{Byzantine: -1}.Place([]model.NodeID{0, 1}, adversary.Powers{})
	assert.EqualError(t, err, "byzantine: -1 Byzantine nodes, want ≥ 0")
}

type idle struct{}

func (idle) Init(actor.Context)                                {}
func (idle) Handle(actor.Context, model.NodeID, actor.Message) {}
func (idle) Timeout(actor.Context, actor.Timer)                {}

// An impersonated signature names the victim and does not verify; the adversary's own does.
func TestImpersonatedSignaturesDoNotVerify(t *testing.T) {
	var own, fake actor.Signature
	sys := &actor.System{
		Nodes: []actor.Node{idle{}, idle{}},
		Byzantine: actor.Byzantine{Nodes: []model.NodeID{1}, Sends: 1, Forge: func(adv actor.Adversary) []actor.Message {
			own = adv.Sign(1, "v")
			fake = adversary.Impersonate(adv, 1, 0, "v")
			return nil
		}},
	}
	require.NoError(t, sys.Validate())
	sys.Init(func(s *actor.State) { sys.Next(s, func(model.Action, *actor.State) {}) })
	assert.Equal(t, model.NodeID(1), own.Signer)
	assert.True(t, actor.Verify("v", own))
	assert.Equal(t, model.NodeID(0), fake.Signer)
	assert.False(t, actor.Verify("v", fake))
}

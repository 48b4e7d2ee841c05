package actortest_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContextKnowsTheNodesAndPeers(t *testing.T) {
	ctx := actortest.NewContext(2, 4)
	assert.Equal(t, model.NodeID(2), ctx.ID())
	assert.Equal(t, []model.NodeID{0, 1, 2, 3}, ctx.Nodes())
	assert.Equal(t, []model.NodeID{0, 1, 3}, ctx.Peers())
	assert.Panics(t, func() { actortest.NewContext(4, 4) })
	assert.Panics(t, func() { ctx.Send(4, "x") }, "a send to no node is the handler's bug")
}

func TestTimersAreToldApartByValue(t *testing.T) {
	type tick struct{ Round int }
	ctx := actortest.NewContext(0, 2)
	ctx.SetTimer(tick{1}, 0)
	ctx.SetTimer(tick{2}, 0)
	ctx.SetTimer(tick{1}, 0) // restarts it: still one timer
	assert.Equal(t, []actor.Timer{tick{1}, tick{2}}, ctx.Timers())
	ctx.CancelTimer(tick{1})
	assert.False(t, ctx.Pending(tick{1}))
	assert.True(t, ctx.Pending(tick{2}))
}

func TestChooseFollowsTheScriptThenZero(t *testing.T) {
	ctx := actortest.NewContext(0, 1)
	ctx.Choices = []int{2, 1}
	assert.Equal(t, 2, ctx.Choose(3))
	assert.Equal(t, 1, ctx.Choose(2))
	assert.Equal(t, 0, ctx.Choose(5))
	ctx.Choices = append(ctx.Choices, 0, 7) // the 0 stands for the choice already made
	assert.Panics(t, func() { ctx.Choose(3) }, "a scripted choice out of range")
}

func TestOperationsAndSignatures(t *testing.T) {
	ctx := actortest.NewContext(1, 2)
	id := ctx.Invoke("read")
	require.Equal(t, actor.OpID{Client: 1, Index: 0}, id)
	ctx.Return(id, 7)
	assert.Equal(t, []actortest.Op{{Input: "read", Output: 7, Returned: true}}, ctx.Ops)
	assert.Panics(t, func() { ctx.Return(actor.OpID{Client: 0}, 1) })
	sig := ctx.Sign("v")
	assert.True(t, actor.Verify("v", sig))
	assert.Equal(t, model.NodeID(1), sig.Signer)
}

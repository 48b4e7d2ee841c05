package actor_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asker invokes one operation when it starts, asks node 0, and returns the answer.
type asker struct{ Op actor.OpID }

func (a *asker) Init(ctx actor.Context) {
	a.Op = ctx.Invoke("get")
	ctx.Send(0, "get")
}
func (a *asker) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	ctx.Return(a.Op, msg)
}
func (a *asker) Timeout(actor.Context, actor.Timer) {}

// answerer answers every question with how many it has answered before.
type answerer struct{ N int }

func (s *answerer) Init(actor.Context) {}
func (s *answerer) Handle(ctx actor.Context, from model.NodeID, _ actor.Message) {
	ctx.Send(from, s.N)
	s.N++
}
func (s *answerer) Timeout(actor.Context, actor.Timer) {}

// then follows the first successor whose action satisfies ok.
func then(t *testing.T, sys *actor.System, s *actor.State, ok func(model.Action) bool) *actor.State {
	t.Helper()
	var next *actor.State
	sys.Next(s, func(a model.Action, n *actor.State) {
		if next == nil && ok(a) {
			next = n
		}
	})
	require.NotNil(t, next)
	return next
}

func deliverTo(n model.NodeID, from model.NodeID) func(model.Action) bool {
	return func(a model.Action) bool { return a.Kind == model.ActionDeliver && a.Node == n && a.From == from }
}

func TestHistoriesRecordRealTimeOrder(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&answerer{}, &asker{}, &asker{}}}
	s := firstInit(sys)
	h := s.History()
	require.Len(t, h, 2)
	for _, op := range h {
		assert.Equal(t, "get", op.Input)
		assert.False(t, op.Returned, "pending until answered")
		assert.Equal(t, []int{0, 0, 0}, op.Before, "both invoked at the start")
	}
	// Client 1 is answered first (0), then client 2 (1).
	s = then(t, sys, s, deliverTo(0, 1))
	s = then(t, sys, s, deliverTo(1, 0))
	s = then(t, sys, s, deliverTo(0, 2))
	s = then(t, sys, s, deliverTo(2, 0))
	h = s.History()
	require.Len(t, h, 2)
	assert.Equal(t, actor.OpID{Client: 1, Index: 0}, h[0].ID)
	assert.Equal(t, 0, h[0].Output)
	assert.Equal(t, 1, h[1].Output)
	assert.True(t, h[0].Returned && h[1].Returned)
}

// Two interleavings with the same real-time order of invocations and returns are one state.
func TestHistoriesDoNotSplitEquivalentInterleavings(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&answerer{}, &asker{}, &asker{}}}
	s := firstInit(sys)
	a := then(t, sys, then(t, sys, s, deliverTo(0, 1)), deliverTo(0, 2)) // answerer handles 1, then 2
	// Deliver both answers in either order: same outputs, same real-time relation (both
	// operations were invoked at the start), so the same state.
	x := then(t, sys, then(t, sys, a, deliverTo(1, 0)), deliverTo(2, 0))
	y := then(t, sys, then(t, sys, a, deliverTo(2, 0)), deliverTo(1, 0))
	assert.Equal(t, sys.Fingerprint(x), sys.Fingerprint(y))
}

// misuser returns an operation it never invoked.
type misuser struct{}

func (misuser) Init(ctx actor.Context)                            { ctx.Return(actor.OpID{Client: 0, Index: 3}, 1) }
func (misuser) Handle(actor.Context, model.NodeID, actor.Message) {}
func (misuser) Timeout(actor.Context, actor.Timer)                {}

func TestReturningAnUnknownOperationIsAFailure(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{misuser{}}}
	s := firstInit(sys)
	require.NotNil(t, s.Failure())
	assert.Contains(t, s.Failure().Message, "Return of operation 3 of node 0, which it never invoked")
}

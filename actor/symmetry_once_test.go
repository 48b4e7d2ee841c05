package actor_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// voter sends one vote to the collector, node 3, when it starts, and again when its timer fires.
type voter struct{ Sent int }

func (v *voter) Init(ctx actor.Context)                            { ctx.Send(3, vote{}); ctx.SetTimer(again{}, 0) }
func (v *voter) Handle(actor.Context, model.NodeID, actor.Message) {}
func (v *voter) Timeout(ctx actor.Context, _ actor.Timer) {
	if v.Sent < 1 {
		v.Sent++
		ctx.Send(3, vote{})
		ctx.SetTimer(again{}, 0)
	}
}

type (
	vote  struct{}
	again struct{}
)

// collector counts the votes it receives.
type collector struct{ Votes int }

func (c *collector) Init(actor.Context)                                {}
func (c *collector) Handle(actor.Context, model.NodeID, actor.Message) { c.Votes++ }
func (c *collector) Timeout(actor.Context, actor.Timer)                {}

// Under symmetry reduction the explorer needs a state's canonical fingerprint when it reaches it
// and its orbit's size when the state is new; one canonicalization must serve both, so a search
// canonicalizes at most once per state it generates (it used to be once more per distinct state).
func TestSymmetryCanonicalizesEachStateOnce(t *testing.T) {
	sys := &actor.System{
		Protocol: "votes",
		Nodes:    []actor.Node{&voter{}, &voter{}, &voter{}, &collector{}},
		Symmetry: [][]model.NodeID{{0, 1, 2}},
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1, Symmetry: true})
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	require.Greater(t, res.Distinct, int64(10))
	runs := actor.Canonicalizations(sys)
	t.Logf("%d orbits, %d generated, %d canonicalizations", res.Distinct, res.Generated, runs)
	assert.LessOrEqual(t, runs, res.Generated)
}

package mutex_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/mutex"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// greedy enters the critical section when its timer fires, asking no one, and stays.
type greedy struct{ In bool }

func (g *greedy) Init(ctx actor.Context)                            { ctx.SetTimer("enter", 0) }
func (g *greedy) Handle(actor.Context, model.NodeID, actor.Message) {}
func (g *greedy) Timeout(actor.Context, actor.Timer)                { g.In = true }
func (g *greedy) InCriticalSection() bool                           { return g.In }
func (g *greedy) Entries() int {
	if g.In {
		return 1
	}
	return 0
}

// bystander is not a participant: it is skipped.
type bystander struct{}

func (bystander) Init(actor.Context)                                {}
func (bystander) Handle(actor.Context, model.NodeID, actor.Message) {}
func (bystander) Timeout(actor.Context, actor.Timer)                {}

// Two participants that enter without asking break MutualExclusion after two steps; each
// enters once, so EveryoneEnters and Entered hold.
func TestPropertiesJudgeParticipants(t *testing.T) {
	sys := &actor.System{
		Protocol: "greedy",
		Nodes:    []actor.Node{&greedy{}, bystander{}, &greedy{}},
		Fair:     model.FairActions,
		Props:    mutex.Properties(2),
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Equal(t, "MutualExclusion", v.Property)
	assert.Len(t, v.Path.Steps, 2)
	assert.Equal(t, []model.NodeID{0, 2}, mutex.Holders(v.Path.Last()))
	assert.Equal(t, 2, mutex.Entries(v.Path.Last()))
}

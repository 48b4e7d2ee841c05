package mutex_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
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

// With Requesters, only the first nodes enter, and EveryoneEnters awaits their entries only; a
// trace names requesters only when not every node requests.
func TestRequestersBoundWhoEnters(t *testing.T) {
	all := mutex.Config{Nodes: 4, Entries: 2}
	two := mutex.Config{Nodes: 4, Entries: 2, Requesters: 2}
	assert.Equal(t, 8, all.Total())
	assert.Equal(t, 4, two.Total())
	assert.Equal(t, []int{2, 2, 2, 2}, []int{all.EntriesOf(0), all.EntriesOf(1), all.EntriesOf(2), all.EntriesOf(3)})
	assert.Equal(t, []int{2, 2, 0, 0}, []int{two.EntriesOf(0), two.EntriesOf(1), two.EntriesOf(2), two.EntriesOf(3)})
	assert.Equal(t, map[string]int{"nodes": 4, "entries": 2}, all.Params())
	assert.Equal(t, map[string]int{"nodes": 4, "entries": 2, "requesters": 2}, two.Params())
	catalog := bugs.Catalog{Protocol: "m"}
	require.NoError(t, two.Check(catalog, 0))
	assert.EqualError(t, mutex.Config{Nodes: 3, Entries: 1, Requesters: 4}.Check(catalog, 0),
		"m: requesters is 4, want 0 to 3 (0 means every node)")
}

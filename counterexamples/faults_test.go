package counterexamples_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chatter sends two numbers to every peer when it starts, and counts what it receives.
type chatter struct {
	Got  int `distcheck:"durable"`
	Sent bool
}

func (c *chatter) Init(ctx actor.Context) {
	if !c.Sent {
		ctx.Broadcast(1)
		ctx.Broadcast(2)
		c.Sent = true
	}
}
func (c *chatter) Handle(actor.Context, model.NodeID, actor.Message) { c.Got++ }
func (c *chatter) Timeout(actor.Context, actor.Timer)                {}

// Every kind of fault is an action that a trace records by content and replays: the invariant
// "not every kind of fault has happened yet" fails only once each has.
func TestTracesRecordAndReplayEveryFault(t *testing.T) {
	allUsed := func(s *actor.State) bool {
		u := s.FaultsUsed()
		_, split := s.Partitioned()
		return u.Drops > 0 && u.Duplicates > 0 && u.Crashes > 0 && u.Recoveries > 0 && u.Partitions > 0 && !split && u.ByzantineSends > 0
	}
	sys := &actor.System{
		Protocol: "faults-demo",
		Nodes:    []actor.Node{&chatter{}, &chatter{}},
		Faults:   actor.Faults{Drops: 1, Duplicates: 1, Crashes: 1, Recoveries: 1, Partitions: 1},
		Byzantine: actor.Byzantine{Nodes: []model.NodeID{1}, Sybils: 1, Sends: 1,
			Forge: func(actor.Adversary) []actor.Message { return []actor.Message{"bogus"} }},
		Props: []model.Property[*actor.State]{
			properties.Always("not every fault yet", func(s *actor.State) bool { return !allUsed(s) }),
		},
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	kinds := map[model.ActionKind]int{}
	for _, st := range v.Path.Steps {
		kinds[st.Action.Kind]++
	}
	for _, k := range []model.ActionKind{model.ActionDrop, model.ActionDuplicate, model.ActionCrash, model.ActionRecover,
		model.ActionPartition, model.ActionHeal, model.ActionByzantine} {
		assert.Equal(t, 1, kinds[k], "%s", k)
	}
	assert.Equal(t, 7, v.Path.Len(), "the shortest path takes each fault once and nothing else")

	tr, err := counterexamples.New(sys, res, v)
	require.NoError(t, err)
	data, err := tr.Marshal()
	require.NoError(t, err)
	back, err := counterexamples.Parse(data, "faults.json")
	require.NoError(t, err)
	r, err := counterexamples.Replay(sys, back)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
	assert.Equal(t, v.Path.Len(), r.Path.Len())

	var b bytes.Buffer
	require.NoError(t, counterexamples.Render(&b, sys, r))
	out := b.String()
	for _, mark := range []string{"X", "R", "#", "=", "x", "+", "~B", "s0"} {
		assert.Contains(t, out, mark)
	}
}

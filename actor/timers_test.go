package actor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// timing is a timer and the duration it is set for.
type timing struct {
	T     string
	After time.Duration
}

// alarm sets the timers of Start when it starts and, when a timer fires, records it in Fired
// and sets the timers of Then[that timer].
type alarm struct {
	Start []timing            `distcheck:"-"`
	Then  map[string][]timing `distcheck:"-"`
	Fired []string
}

func (a *alarm) Init(ctx actor.Context)                            { set(ctx, a.Start) }
func (a *alarm) Handle(actor.Context, model.NodeID, actor.Message) {}
func (a *alarm) Timeout(ctx actor.Context, t actor.Timer) {
	a.Fired = append(a.Fired, t.(string))
	set(ctx, a.Then[t.(string)])
}

func set(ctx actor.Context, ts []timing) {
	for _, t := range ts {
		ctx.SetTimer(t.T, t.After)
	}
}

// ticker sets its timer for Period again each time it fires: a periodic timer, and no state.
type ticker struct {
	Period time.Duration `distcheck:"-"`
}

func (k *ticker) Init(ctx actor.Context)                            { ctx.SetTimer("tick", k.Period) }
func (k *ticker) Handle(actor.Context, model.NodeID, actor.Message) {}
func (k *ticker) Timeout(ctx actor.Context, t actor.Timer)          { ctx.SetTimer(t, k.Period) }

// oneShot sets one timer, for 1 or 2 (its choice), and records that it fired.
type oneShot struct{ Fired bool }

func (o *oneShot) Init(ctx actor.Context)                            { ctx.SetTimer("t", time.Duration(ctx.Choose(2)+1)) }
func (o *oneShot) Handle(actor.Context, model.NodeID, actor.Message) {}
func (o *oneShot) Timeout(actor.Context, actor.Timer)                { o.Fired = true }

func distinct(t *testing.T, sys *actor.System, o explore.Options) *explore.Result[*actor.State] {
	t.Helper()
	o.Workers, o.CollectAll = 1, true
	res, err := explore.Run(context.Background(), sys, o)
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	require.Empty(t, res.Violations)
	return res
}

// Timers set for 1 and 2 fire in either order under the untimed policies — 5 states: the
// start, a fired, b fired, then both in either order — and under TimersInOrder only in the
// order of their deadlines: the start, a fired, both fired.
func TestTimersInOrderFireByDeadline(t *testing.T) {
	for policy, want := range map[actor.TimerPolicy]int64{actor.TimersAnytime: 5, actor.TimersWhenQuiet: 5, actor.TimersInOrder: 3} {
		var fired [][]string
		sys := &actor.System{Nodes: []actor.Node{&alarm{Start: []timing{{"b", 2}, {"a", 1}}}}, Timers: policy}
		res := distinct(t, sys, explore.Options{})
		assert.Equal(t, want, res.Distinct, "policy %d", policy)
		sys.Init(func(s *actor.State) {
			for len(s.Timers(0)) > 0 {
				var next []*actor.State
				sys.Next(s, func(_ model.Action, t *actor.State) { next = append(next, t) })
				s = next[len(next)-1]
			}
			fired = append(fired, actor.NodeAs[*alarm](s, 0).Fired)
		})
		if policy == actor.TimersInOrder {
			assert.Equal(t, [][]string{{"a", "b"}}, fired)
		}
	}
}

// When a timer fires at its deadline, time advances for every node: n1's y fires at 1, which
// leaves n0's x and n1's z both due at once (1 from then), and ties fire in either order —
// 5 states. Were n0's deadline left as it was, z alone could fire next (4 states).
func TestTimersInOrderAdvanceTimeForEveryNode(t *testing.T) {
	sys := &actor.System{Timers: actor.TimersInOrder, Nodes: []actor.Node{
		&alarm{Start: []timing{{"x", 2}}},
		&alarm{Start: []timing{{"y", 1}, {"z", 2}}},
	}}
	res := distinct(t, sys, explore.Options{})
	assert.Equal(t, int64(5), res.Distinct)
	var first *actor.State
	sys.Init(func(s *actor.State) { first = s })
	var after []string
	sys.Next(first, func(a model.Action, s *actor.State) {
		after = append(after, a.String()+": "+sys.ActorState(s, 0)+" / "+sys.ActorState(s, 1))
	})
	require.Len(t, after, 1, "only the earliest timer fires")
	assert.Contains(t, after[0], `"x"@1ns`)
	assert.Contains(t, after[0], `"z"@1ns`)
}

// Setting a pending timer again restarts it: its deadline is counted from the step that set it
// again, not kept.
func TestTimersInOrderRestartResetsTheDeadline(t *testing.T) {
	sys := &actor.System{Timers: actor.TimersInOrder, Nodes: []actor.Node{
		&alarm{Start: []timing{{"t", 3}, {"u", 1}}, Then: map[string][]timing{"u": {{"t", 3}}}},
	}}
	var first *actor.State
	sys.Init(func(s *actor.State) { first = s })
	assert.Contains(t, sys.ActorState(first, 0), `"t"@3ns`)
	assert.Contains(t, sys.ActorState(first, 0), `"u"@1ns`)
	var after []string
	sys.Next(first, func(_ model.Action, s *actor.State) { after = append(after, sys.ActorState(s, 0)) })
	require.Len(t, after, 1)
	assert.True(t, strings.HasSuffix(after[0], `timers=["t"@3ns]`), after[0])
}

// Deadlines are kept relative to the present, so periodic timers make a finite state space.
// Periods 2 and 3, as (a's deadline, b's), by hand: (2,3) → a at 2 → (2,1) → b → (1,3) → a →
// (2,2), a tie: a → (2,0) → b → (2,3), or b → (0,3) → a → (2,3): 6 states. A single ticker
// is one state.
func TestPeriodicTimersInOrderAreFinite(t *testing.T) {
	one := &actor.System{Timers: actor.TimersInOrder, Nodes: []actor.Node{&ticker{Period: 2}}}
	assert.Equal(t, int64(1), distinct(t, one, explore.Options{}).Distinct)
	two := &actor.System{Timers: actor.TimersInOrder, Nodes: []actor.Node{&ticker{Period: 2}, &ticker{Period: 3}}}
	assert.Equal(t, int64(6), distinct(t, two, explore.Options{}).Distinct)
}

// Symmetry renames timers with their nodes, deadlines and all. Two one-shot timers of 1 or 2,
// as (n0's deadline or F once fired, n1's), by hand: (1,1) (1,2) (2,1) (2,2) (F,0) (0,F)
// (F,1) (1,F) (F,F) — 9 states; up to swapping the nodes, 6. Were deadlines not renamed with
// their timers, the four starts would fall into one.
func TestSymmetryRenamesDeadlinesWithTheirTimers(t *testing.T) {
	sys := func() *actor.System {
		return &actor.System{Timers: actor.TimersInOrder, Nodes: []actor.Node{&oneShot{}, &oneShot{}},
			Symmetry: [][]model.NodeID{{0, 1}}}
	}
	assert.Equal(t, int64(9), distinct(t, sys(), explore.Options{}).Distinct)
	assert.Equal(t, int64(6), distinct(t, sys(), explore.Options{Symmetry: true}).Distinct)
}

// A crash clears the node's timers, under TimersInOrder as under the other policies, and the
// other nodes' timers keep their deadlines.
func TestACrashClearsTimersInOrder(t *testing.T) {
	sys := &actor.System{Timers: actor.TimersInOrder, Faults: actor.Faults{Crashes: 1},
		Nodes: []actor.Node{&alarm{Start: []timing{{"a", 1}}}, &alarm{Start: []timing{{"b", 2}}}}}
	var first *actor.State
	sys.Init(func(s *actor.State) { first = s })
	var crashed []*actor.State
	sys.Next(first, func(a model.Action, s *actor.State) {
		if a.Kind == model.ActionCrash && a.Node == 0 {
			crashed = append(crashed, s)
		}
	})
	require.Len(t, crashed, 1)
	assert.Empty(t, crashed[0].Timers(0))
	assert.Contains(t, sys.ActorState(crashed[0], 1), `"b"@2ns`)
	var next []string
	sys.Next(crashed[0], func(a model.Action, _ *actor.State) { next = append(next, a.String()) })
	assert.Equal(t, []string{"timeout 1 b"}, next, "n1's timer is now the earliest")
}

// An unknown timer policy is an error naming it.
func TestAnUnknownTimerPolicyIsAnError(t *testing.T) {
	sys := &actor.System{Protocol: "p", Nodes: []actor.Node{&ticker{}}, Timers: actor.TimersInOrder + 1}
	assert.EqualError(t, sys.Validate(), "system p: unknown timer policy 3")
}

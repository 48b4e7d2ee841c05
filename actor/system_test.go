package actor_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sender sends k distinct numbered messages to node 1 when it starts.
type sender struct{ K int }

func (s *sender) Init(ctx actor.Context) {
	for i := range s.K {
		ctx.Send(1, num{i})
	}
}
func (s *sender) Handle(actor.Context, model.NodeID, actor.Message) {}
func (s *sender) Timeout(actor.Context, actor.Timer)                {}

type num struct{ N int }

// receiver records which messages it has received.
type receiver struct{ Got []bool }

func (r *receiver) Init(actor.Context) {}
func (r *receiver) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	r.Got[msg.(num).N] = true
}
func (r *receiver) Timeout(actor.Context, actor.Timer) {}

func pair(k int, net actor.NetworkKind, drops int) *actor.System {
	return &actor.System{
		Nodes:   []actor.Node{&sender{K: k}, &receiver{Got: make([]bool, k)}},
		Network: net,
		Faults:  actor.Faults{Drops: drops},
	}
}

func run(t *testing.T, sys *actor.System, o explore.Options) *explore.Result[*actor.State] {
	t.Helper()
	res, err := explore.Run(context.Background(), sys, o)
	require.NoError(t, err)
	return res
}

// The counts below are derived by hand from the semantics of each network kind; see each case.
func TestNetworkKindsHaveHandCountedStateSpaces(t *testing.T) {
	const k = 4
	pow := 1 << k
	cases := []struct {
		name                string
		sys                 *actor.System
		distinct, generated int64
		depth               int
	}{
		// Any order: a state is the set D of delivered messages (2^k); from D, k-|D| deliveries,
		// so Σ_D (k-|D|) = k·2^(k-1) successors; the longest path delivers all k.
		{"unordered", pair(k, actor.Unordered, 0), int64(pow), int64(1 + k*pow/2), k + 1},
		// One FIFO link: a single order, k+1 states in a line.
		{"ordered", pair(k, actor.Ordered, 0), k + 1, k + 1, k + 1},
		// A set that delivery does not consume: states are the subsets D, and every state can
		// deliver any of the k messages again.
		{"duplicating", pair(k, actor.Duplicating, 0), int64(pow), int64(1 + k*pow), k + 1},
		// One drop: the subsets D without a drop, plus (D, dropped m ∉ D): k·2^(k-1) more.
		// Successors: each no-drop state D has (k-|D|) deliveries and (k-|D|) drops, each
		// dropped state has (k-1-|D|) deliveries: 2·k·2^(k-1) + Σ_m Σ_{D⊆rest} (k-1-|D|).
		{"unordered+1 drop", pair(k, actor.Unordered, 1), int64(pow + k*pow/2),
			int64(1 + 2*k*pow/2 + k*(k-1)*(pow/2)/2), k + 1},
	}
	for _, c := range cases {
		for _, o := range []explore.Options{{Workers: 1}, {Workers: 2}, {Strategy: explore.DFS}} {
			t.Run(fmt.Sprintf("%s/%s/%d", c.name, o.Strategy, o.Workers), func(t *testing.T) {
				res := run(t, c.sys, o)
				assert.Equal(t, c.distinct, res.Distinct)
				assert.Equal(t, c.generated, res.Generated)
				if o.Strategy != explore.DFS {
					assert.Equal(t, c.depth, res.MaxDepth)
				}
				assert.True(t, res.OK(), "%v", res.Violations)
			})
		}
	}
}

func TestCopiesOfAMessageAreOneChoice(t *testing.T) {
	// Two copies of the same message: delivering either copy is the same step.
	sys := &actor.System{Nodes: []actor.Node{&repeat{N: 2}, &receiver{Got: make([]bool, 1)}}}
	res := run(t, sys, explore.Options{Workers: 1})
	// States: 2 copies in flight, 1 in flight (got), 0 in flight (got): a line of 3.
	assert.Equal(t, int64(3), res.Distinct)
	assert.Equal(t, int64(3), res.Generated)
}

type repeat struct{ N int }

func (r *repeat) Init(ctx actor.Context) {
	for range r.N {
		ctx.Send(1, num{0})
	}
}
func (r *repeat) Handle(actor.Context, model.NodeID, actor.Message) {}
func (r *repeat) Timeout(actor.Context, actor.Timer)                {}

// chooser picks one of three values at start and then counts down a timer that many times.
type chooser struct{ Left int }

func (c *chooser) Init(ctx actor.Context) {
	c.Left = actor.ChooseFrom(ctx, 0, 1, 2)
	if c.Left > 0 {
		ctx.SetTimer("tick", 0)
	}
}
func (c *chooser) Handle(actor.Context, model.NodeID, actor.Message) {}
func (c *chooser) Timeout(ctx actor.Context, t actor.Timer) {
	if c.Left--; c.Left > 0 {
		ctx.SetTimer(t, 0)
	}
}

func TestChoicesAndTimers(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&chooser{}}, Props: []model.Property[*actor.State]{
		properties.Sometimes("timer pending", func(s *actor.State) bool { return len(s.Timers(0)) == 1 }),
	}}
	res := run(t, sys, explore.Options{Workers: 1})
	// Initial states Left=0 (no timer), Left=1 (timer), Left=2 (timer); firing 2→1 (timer),
	// 1→0 (no timer) reaches states already counted: {0,-}, {1,t}, {2,t} — 3 states,
	// 3 initial + 2 timeouts generated.
	assert.Equal(t, int64(3), res.Distinct)
	assert.Equal(t, int64(5), res.Generated)
	assert.True(t, res.OK(), "%v", res.Violations)
}

// picky chooses twice while handling a message, so one delivery has 2×3 outcomes.
type picky struct{ A, B int }

func (p *picky) Init(ctx actor.Context) { ctx.Send(ctx.ID(), num{0}) }
func (p *picky) Handle(ctx actor.Context, _ model.NodeID, _ actor.Message) {
	p.A = ctx.Choose(2)
	p.B = ctx.Choose(3)
}
func (p *picky) Timeout(actor.Context, actor.Timer) {}

func TestEveryCombinationOfChoicesIsExplored(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&picky{}}}
	seen := map[string]bool{}
	res := run(t, sys, explore.Options{Workers: 1})
	assert.Equal(t, int64(1+6), res.Distinct)
	sys.Next(firstInit(sys), func(a model.Action, s *actor.State) {
		seen[fmt.Sprint(a.Choices)] = true
	})
	assert.Equal(t, map[string]bool{"[0 0]": true, "[0 1]": true, "[0 2]": true, "[1 0]": true, "[1 1]": true, "[1 2]": true}, seen)
}

func firstInit(sys *actor.System) *actor.State {
	var first *actor.State
	sys.Init(func(s *actor.State) {
		if first == nil {
			first = s
		}
	})
	return first
}

// crasher panics when it receives a message.
type crasher struct{ Xs []int }

func (c *crasher) Init(ctx actor.Context) {
	if ctx.ID() == 0 {
		ctx.Send(1, num{5})
	}
}
func (c *crasher) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	_ = c.Xs[msg.(num).N] // index out of range
}
func (c *crasher) Timeout(actor.Context, actor.Timer) {}

func TestNodePanicIsACounterexampleEndingInThePanic(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&crasher{}, &crasher{}}}
	res := run(t, sys, explore.Options{})
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Equal(t, model.PanicProperty, v.Property)
	require.Equal(t, 1, v.Path.Len())
	last := v.Path.Steps[0]
	assert.Equal(t, model.ActionDeliver, last.Action.Kind)
	f := last.State.Failure()
	require.NotNil(t, f)
	assert.Equal(t, model.NodeID(1), f.Node)
	assert.Contains(t, f.Message, "index out of range")
	assert.Contains(t, f.Where, "system_test.go:")
}

// impure reads a global counter: the same step gives different results.
var impureCounter int

type impure struct{ N int }

func (i *impure) Init(ctx actor.Context)                            { ctx.SetTimer("t", 0) }
func (i *impure) Handle(actor.Context, model.NodeID, actor.Message) {}
func (i *impure) Timeout(ctx actor.Context, _ actor.Timer) {
	impureCounter++
	i.N = impureCounter
}

func TestNondeterministicNodeIsReported(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&impure{}}, CheckDeterminism: true}
	res := run(t, sys, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
	assert.Equal(t, actor.DeterminismProperty, res.Violations[0].Property)
	assert.Contains(t, res.Violations[0].Path.Last().Failure().Message, "different states")
}

func TestBadSystemsAreErrors(t *testing.T) {
	cases := map[string]*actor.System{
		"no nodes":         {},
		"node n1 is nil":   {Nodes: []actor.Node{&sender{}, nil}},
		"node b is nil":    {Nodes: []actor.Node{&sender{}, (*sender)(nil)}, Names: []string{"a", "b"}},
		"2 names for 1":    {Nodes: []actor.Node{&sender{}}, Names: []string{"a", "b"}},
		"Drops is -1":      {Nodes: []actor.Node{&sender{}}, Faults: actor.Faults{Drops: -1}},
		"unknown network":  {Nodes: []actor.Node{&sender{}}, Network: 9},
		`named "a"`:        {Nodes: []actor.Node{&sender{}, &sender{}}, Names: []string{"a", "a"}},
		"cannot be cloned": {Nodes: []actor.Node{&withFunc{}}},
		`named "no-panic"`: {Nodes: []actor.Node{&sender{}}, Props: []model.Property[*actor.State]{properties.Always(model.PanicProperty, func(*actor.State) bool { return true })}},
	}
	for want, sys := range cases {
		_, err := explore.Run(context.Background(), sys, explore.Options{})
		assert.ErrorContains(t, err, want)
	}
}

type withFunc struct{ F func() }

func (w *withFunc) Init(actor.Context)                                {}
func (w *withFunc) Handle(actor.Context, model.NodeID, actor.Message) {}
func (w *withFunc) Timeout(actor.Context, actor.Timer)                {}

func TestStatesAreNotChangedBySteps(t *testing.T) {
	sys := pair(3, actor.Unordered, 1)
	init := firstInit(sys)
	before := sys.Fingerprint(init)
	n := 0
	sys.Next(init, func(model.Action, *actor.State) { n++ })
	assert.Equal(t, 6, n) // 3 deliveries, 3 drops
	assert.Equal(t, before, sys.Fingerprint(init))
	assert.Equal(t, []bool{false, false, false}, actor.NodeAs[*receiver](init, 1).Got)
	assert.Len(t, init.InFlight(), 3)
}

func TestDuplicatingNetworkHoldsOneCopy(t *testing.T) {
	sys := &actor.System{Network: actor.Duplicating, Nodes: []actor.Node{&repeat{N: 3}, &receiver{Got: make([]bool, 1)}}}
	init := firstInit(sys)
	assert.Len(t, init.InFlight(), 1, "three sends of one message are one message in a set")
	// Delivery leaves it in flight: {m; not got} → {m; got} → itself.
	res := run(t, sys, explore.Options{Workers: 1})
	assert.Equal(t, int64(2), res.Distinct)
	assert.Equal(t, int64(3), res.Generated)
}

func TestOrderedNetworkKeepsEachLinkInSendingOrder(t *testing.T) {
	sys := &actor.System{Network: actor.Ordered, Nodes: []actor.Node{&sender{K: 4}, &receiver{Got: make([]bool, 4)}}}
	s := firstInit(sys)
	var got []int
	for {
		var next *actor.State
		n := 0
		sys.Next(s, func(a model.Action, t *actor.State) {
			n++
			got = append(got, a.Msg.(num).N)
			next = t
		})
		if n == 0 {
			break
		}
		require.Equal(t, 1, n, "only the head of the one link can be delivered")
		s = next
	}
	assert.Equal(t, []int{0, 1, 2, 3}, got)
}

// waiter sends k numbered messages to node 1 and sets a timer when it starts; Fired records
// that the timer fired.
type waiter struct {
	K     int
	Fired bool
}

func (w *waiter) Init(ctx actor.Context) {
	for i := range w.K {
		ctx.Send(1, num{i})
	}
	ctx.SetTimer(tick{}, 0)
}
func (w *waiter) Handle(actor.Context, model.NodeID, actor.Message) {}
func (w *waiter) Timeout(actor.Context, actor.Timer)                { w.Fired = true }

type tick struct{}

// On a duplicating network a delivered message stays deliverable, so "quiet" means that no
// delivery changes the state: the timer fires only once the receiver has every message. States:
// the 2^k sets of delivered messages, plus the one where the timer fired after all k.
// Successors: k deliveries from each of the 2^k + 1 states (redeliveries included) and the
// timeout; 1 more for the initial state.
func TestTimersWhenQuietOnADuplicatingNetworkWaitForEveryEffect(t *testing.T) {
	const k = 3
	sys := &actor.System{
		Nodes:   []actor.Node{&waiter{K: k}, &receiver{Got: make([]bool, k)}},
		Network: actor.Duplicating,
		Timers:  actor.TimersWhenQuiet,
		Props: []model.Property[*actor.State]{
			properties.Always("FiresAfterEverything", func(s *actor.State) bool {
				return !actor.NodeAs[*waiter](s, 0).Fired || !slices.Contains(actor.NodeAs[*receiver](s, 1).Got, false)
			}),
			properties.Sometimes("Fires", func(s *actor.State) bool { return actor.NodeAs[*waiter](s, 0).Fired }),
		},
	}
	res := run(t, sys, explore.Options{Workers: 1})
	assert.True(t, res.OK(), "%v", res.Violations)
	assert.Equal(t, int64(1<<k+1), res.Distinct)
	assert.Equal(t, int64(1+k*(1<<k+1)+1), res.Generated)
}

// Props are read when a search starts, so a property added to a system that was already
// validated (as constructors do) is checked.
func TestPropertiesAddedAfterValidateAreChecked(t *testing.T) {
	sys := pair(2, actor.Unordered, 0)
	require.NoError(t, sys.Validate())
	sys.Props = append(sys.Props, properties.Always("NothingArrives", func(s *actor.State) bool {
		return !slices.Contains(actor.NodeAs[*receiver](s, 1).Got, true)
	}))
	res := run(t, sys, explore.Options{Workers: 1})
	_, ok := res.Violation("NothingArrives")
	assert.True(t, ok, "the property added after Validate is checked")
}

func TestValidatedPassesOnTheFirstError(t *testing.T) {
	built := fmt.Errorf("building failed")
	_, err := actor.Validated(nil, built)
	assert.Equal(t, built, err)
	_, err = actor.Validated(&actor.System{Protocol: "empty"}, nil)
	assert.EqualError(t, err, "system empty: no nodes")
	sys, err := actor.Validated(pair(1, actor.Unordered, 0), nil)
	require.NoError(t, err)
	assert.NotNil(t, sys)
}

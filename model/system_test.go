package model_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// sender sends k distinct numbered messages to node 1 when it starts.
type sender struct{ K int }

func (s *sender) Init(ctx model.Context) {
	for i := range s.K {
		ctx.Send(1, num{i})
	}
}
func (s *sender) Handle(model.Context, model.NodeID, model.Message) {}
func (s *sender) Timeout(model.Context, model.Timer)                {}

type num struct{ N int }

// receiver records which messages it has received.
type receiver struct{ Got []bool }

func (r *receiver) Init(model.Context) {}
func (r *receiver) Handle(_ model.Context, _ model.NodeID, msg model.Message) {
	r.Got[msg.(num).N] = true
}
func (r *receiver) Timeout(model.Context, model.Timer) {}

func pair(k int, net model.NetworkKind, drops int) *model.System {
	return &model.System{
		Nodes:   []model.Node{&sender{K: k}, &receiver{Got: make([]bool, k)}},
		Network: net,
		Faults:  model.Faults{Drops: drops},
	}
}

func run(t *testing.T, sys *model.System, o explore.Options) *explore.Result[*model.State] {
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
		sys                 *model.System
		distinct, generated int64
		depth               int
	}{
		// Any order: a state is the set D of delivered messages (2^k); from D, k-|D| deliveries,
		// so Σ_D (k-|D|) = k·2^(k-1) successors; the longest path delivers all k.
		{"unordered", pair(k, model.Unordered, 0), int64(pow), int64(1 + k*pow/2), k + 1},
		// One FIFO link: a single order, k+1 states in a line.
		{"ordered", pair(k, model.Ordered, 0), k + 1, k + 1, k + 1},
		// A set that delivery does not consume: states are the subsets D, and every state can
		// deliver any of the k messages again.
		{"duplicating", pair(k, model.Duplicating, 0), int64(pow), int64(1 + k*pow), k + 1},
		// One drop: the subsets D without a drop, plus (D, dropped m ∉ D): k·2^(k-1) more.
		// Successors: each no-drop state D has (k-|D|) deliveries and (k-|D|) drops, each
		// dropped state has (k-1-|D|) deliveries: 2·k·2^(k-1) + Σ_m Σ_{D⊆rest} (k-1-|D|).
		{"unordered+1 drop", pair(k, model.Unordered, 1), int64(pow + k*pow/2),
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
	sys := &model.System{Nodes: []model.Node{&repeat{N: 2}, &receiver{Got: make([]bool, 1)}}}
	res := run(t, sys, explore.Options{Workers: 1})
	// States: 2 copies in flight, 1 in flight (got), 0 in flight (got): a line of 3.
	assert.Equal(t, int64(3), res.Distinct)
	assert.Equal(t, int64(3), res.Generated)
}

type repeat struct{ N int }

func (r *repeat) Init(ctx model.Context) {
	for range r.N {
		ctx.Send(1, num{0})
	}
}
func (r *repeat) Handle(model.Context, model.NodeID, model.Message) {}
func (r *repeat) Timeout(model.Context, model.Timer)                {}

// chooser picks one of three values at start and then counts down a timer that many times.
type chooser struct{ Left int }

func (c *chooser) Init(ctx model.Context) {
	c.Left = model.ChooseFrom(ctx, 0, 1, 2)
	if c.Left > 0 {
		ctx.SetTimer("tick", 0)
	}
}
func (c *chooser) Handle(model.Context, model.NodeID, model.Message) {}
func (c *chooser) Timeout(ctx model.Context, t model.Timer) {
	if c.Left--; c.Left > 0 {
		ctx.SetTimer(t, 0)
	}
}

func TestChoicesAndTimers(t *testing.T) {
	sys := &model.System{Nodes: []model.Node{&chooser{}}, Props: []model.Property[*model.State]{
		properties.Sometimes("timer pending", func(s *model.State) bool { return len(s.Timers(0)) == 1 }),
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

func (p *picky) Init(ctx model.Context) { ctx.Send(ctx.ID(), num{0}) }
func (p *picky) Handle(ctx model.Context, _ model.NodeID, _ model.Message) {
	p.A = ctx.Choose(2)
	p.B = ctx.Choose(3)
}
func (p *picky) Timeout(model.Context, model.Timer) {}

func TestEveryCombinationOfChoicesIsExplored(t *testing.T) {
	sys := &model.System{Nodes: []model.Node{&picky{}}}
	seen := map[string]bool{}
	res := run(t, sys, explore.Options{Workers: 1})
	assert.Equal(t, int64(1+6), res.Distinct)
	sys.Next(firstInit(sys), func(a model.Action, s *model.State) {
		seen[fmt.Sprint(a.Choices)] = true
	})
	assert.Equal(t, map[string]bool{"[0 0]": true, "[0 1]": true, "[0 2]": true, "[1 0]": true, "[1 1]": true, "[1 2]": true}, seen)
}

func firstInit(sys *model.System) *model.State {
	var first *model.State
	sys.Init(func(s *model.State) {
		if first == nil {
			first = s
		}
	})
	return first
}

// crasher panics when it receives a message.
type crasher struct{ Xs []int }

func (c *crasher) Init(ctx model.Context) {
	if ctx.ID() == 0 {
		ctx.Send(1, num{5})
	}
}
func (c *crasher) Handle(_ model.Context, _ model.NodeID, msg model.Message) {
	_ = c.Xs[msg.(num).N] // index out of range
}
func (c *crasher) Timeout(model.Context, model.Timer) {}

func TestNodePanicIsACounterexampleEndingInThePanic(t *testing.T) {
	sys := &model.System{Nodes: []model.Node{&crasher{}, &crasher{}}}
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

func (i *impure) Init(ctx model.Context)                            { ctx.SetTimer("t", 0) }
func (i *impure) Handle(model.Context, model.NodeID, model.Message) {}
func (i *impure) Timeout(ctx model.Context, _ model.Timer) {
	impureCounter++
	i.N = impureCounter
}

func TestNondeterministicNodeIsReported(t *testing.T) {
	sys := &model.System{Nodes: []model.Node{&impure{}}, CheckDeterminism: true}
	res := run(t, sys, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
	assert.Equal(t, model.DeterminismProperty, res.Violations[0].Property)
	assert.Contains(t, res.Violations[0].Path.Last().Failure().Message, "different states")
}

func TestBadSystemsAreErrors(t *testing.T) {
	cases := map[string]*model.System{
		"no nodes":         {},
		"node n1 is nil":   {Nodes: []model.Node{&sender{}, nil}},
		"node b is nil":    {Nodes: []model.Node{&sender{}, (*sender)(nil)}, Names: []string{"a", "b"}},
		"2 names for 1":    {Nodes: []model.Node{&sender{}}, Names: []string{"a", "b"}},
		"Drops is -1":      {Nodes: []model.Node{&sender{}}, Faults: model.Faults{Drops: -1}},
		"unknown network":  {Nodes: []model.Node{&sender{}}, Network: 9},
		`named "a"`:        {Nodes: []model.Node{&sender{}, &sender{}}, Names: []string{"a", "a"}},
		"cannot be cloned": {Nodes: []model.Node{&withFunc{}}},
		`named "no-panic"`: {Nodes: []model.Node{&sender{}}, Props: []model.Property[*model.State]{properties.Always(model.PanicProperty, func(*model.State) bool { return true })}},
	}
	for want, sys := range cases {
		_, err := explore.Run(context.Background(), sys, explore.Options{})
		assert.ErrorContains(t, err, want)
	}
}

type withFunc struct{ F func() }

func (w *withFunc) Init(model.Context)                                {}
func (w *withFunc) Handle(model.Context, model.NodeID, model.Message) {}
func (w *withFunc) Timeout(model.Context, model.Timer)                {}

func TestStatesAreNotChangedBySteps(t *testing.T) {
	sys := pair(3, model.Unordered, 1)
	init := firstInit(sys)
	before := sys.Fingerprint(init)
	n := 0
	sys.Next(init, func(model.Action, *model.State) { n++ })
	assert.Equal(t, 6, n) // 3 deliveries, 3 drops
	assert.Equal(t, before, sys.Fingerprint(init))
	assert.Equal(t, []bool{false, false, false}, model.NodeAs[*receiver](init, 1).Got)
	assert.Len(t, init.InFlight(), 3)
}

func TestDuplicatingNetworkHoldsOneCopy(t *testing.T) {
	sys := &model.System{Network: model.Duplicating, Nodes: []model.Node{&repeat{N: 3}, &receiver{Got: make([]bool, 1)}}}
	init := firstInit(sys)
	assert.Len(t, init.InFlight(), 1, "three sends of one message are one message in a set")
	// Delivery leaves it in flight: {m; not got} → {m; got} → itself.
	res := run(t, sys, explore.Options{Workers: 1})
	assert.Equal(t, int64(2), res.Distinct)
	assert.Equal(t, int64(3), res.Generated)
}

func TestOrderedNetworkKeepsEachLinkInSendingOrder(t *testing.T) {
	sys := &model.System{Network: model.Ordered, Nodes: []model.Node{&sender{K: 4}, &receiver{Got: make([]bool, 4)}}}
	s := firstInit(sys)
	var got []int
	for {
		var next *model.State
		n := 0
		sys.Next(s, func(a model.Action, t *model.State) {
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

func (w *waiter) Init(ctx model.Context) {
	for i := range w.K {
		ctx.Send(1, num{i})
	}
	ctx.SetTimer(tick{}, 0)
}
func (w *waiter) Handle(model.Context, model.NodeID, model.Message) {}
func (w *waiter) Timeout(model.Context, model.Timer)                { w.Fired = true }

type tick struct{}

// On a duplicating network a delivered message stays deliverable, so "quiet" means that no
// delivery changes the state: the timer fires only once the receiver has every message. States:
// the 2^k sets of delivered messages, plus the one where the timer fired after all k.
// Successors: k deliveries from each of the 2^k + 1 states (redeliveries included) and the
// timeout; 1 more for the initial state.
func TestTimersWhenQuietOnADuplicatingNetworkWaitForEveryEffect(t *testing.T) {
	const k = 3
	sys := &model.System{
		Nodes:   []model.Node{&waiter{K: k}, &receiver{Got: make([]bool, k)}},
		Network: model.Duplicating,
		Timers:  model.TimersWhenQuiet,
		Props: []model.Property[*model.State]{
			properties.Always("FiresAfterEverything", func(s *model.State) bool {
				return !model.NodeAs[*waiter](s, 0).Fired || !slices.Contains(model.NodeAs[*receiver](s, 1).Got, false)
			}),
			properties.Sometimes("Fires", func(s *model.State) bool { return model.NodeAs[*waiter](s, 0).Fired }),
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
	sys := pair(2, model.Unordered, 0)
	require.NoError(t, sys.Validate())
	sys.Props = append(sys.Props, properties.Always("NothingArrives", func(s *model.State) bool {
		return !slices.Contains(model.NodeAs[*receiver](s, 1).Got, true)
	}))
	res := run(t, sys, explore.Options{Workers: 1})
	_, ok := res.Violation("NothingArrives")
	assert.True(t, ok, "the property added after Validate is checked")
}

func TestValidatedPassesOnTheFirstError(t *testing.T) {
	built := fmt.Errorf("building failed")
	_, err := model.Validated(nil, built)
	assert.Equal(t, built, err)
	_, err = model.Validated(&model.System{Protocol: "empty"}, nil)
	assert.EqualError(t, err, "system empty: no nodes")
	sys, err := model.Validated(pair(1, model.Unordered, 0), nil)
	require.NoError(t, err)
	assert.NotNil(t, sys)
}

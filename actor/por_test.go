package actor_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// pairs is n independent sender→receiver pairs, each sender sending k distinct messages when
// it starts; the property reads receiver 0 only.
func pairs(n, k int, topology bool) *actor.System {
	sys := &actor.System{}
	for i := range n {
		sys.Nodes = append(sys.Nodes, &pairSender{To: model.NodeID(2*i + 1), K: k}, &receiver{Got: make([]bool, k)})
		if topology {
			sys.SendsTo = append(sys.SendsTo, []model.NodeID{model.NodeID(2*i + 1)}, nil)
		}
	}
	sys.Props = []model.Property[*actor.State]{
		properties.Reading(properties.Sometimes("receiver 0 has everything", func(s *actor.State) bool {
			return !slices.Contains(actor.NodeAs[*receiver](s, 1).Got, false)
		}), 1),
	}
	return sys
}

type pairSender struct {
	To model.NodeID
	K  int
}

func (s *pairSender) Init(ctx actor.Context) {
	for i := range s.K {
		ctx.Send(s.To, num{i})
	}
}
func (s *pairSender) Handle(actor.Context, model.NodeID, actor.Message) {}
func (s *pairSender) Timeout(actor.Context, actor.Timer)                {}

// Hand count: without reduction each pair's receiver has any subset of its k messages, (2^k)^n
// states. With it, the receivers take their messages one receiver at a time — the ample set is
// one receiver's deliveries, since no other node can send to it — in every order: the first
// pair's 2^k subsets, then 2^k - 1 more states for each other pair, 1 + n(2^k - 1) in all.
// Receiver 0's steps are visible, so it goes last, which changes nothing to the count.
// Without a declared topology any node may send to any receiver, and nothing is reduced.
func TestPORCountsIndependentPairsByHand(t *testing.T) {
	const n, k = 3, 3
	for _, workers := range []int{1, 2} {
		full := run(t, pairs(n, k, true), explore.Options{Workers: workers})
		assert.Equal(t, int64(1<<(n*k)), full.Stats.Distinct)
		red := run(t, pairs(n, k, true), explore.Options{Workers: workers, POR: true})
		assert.Equal(t, int64(1+n*(1<<k-1)), red.Stats.Distinct, "workers=%d", workers)
		assert.Empty(t, red.Violations)
		assert.True(t, red.Stats.Exhaustive)
		assert.Positive(t, red.Stats.Pruned)
		open := run(t, pairs(n, k, false), explore.Options{Workers: workers, POR: true})
		assert.Equal(t, full.Stats.Distinct, open.Stats.Distinct, "no topology declared: nothing to reduce")
	}
}

func TestPORRefusesInOneLine(t *testing.T) {
	undeclared := pairs(2, 1, true)
	undeclared.Props = append(undeclared.Props, properties.Always("anything", func(*actor.State) bool { return true }))
	byz := pairs(2, 1, true)
	byz.Byzantine = actor.Byzantine{Nodes: []model.NodeID{0}, Behavior: actor.Silent}
	for _, c := range []struct {
		name string
		sys  *actor.System
		opts explore.Options
		want string
	}{
		{"undeclared reads", undeclared, explore.Options{POR: true}, `"anything"`},
		{"adversary", byz, explore.Options{POR: true}, "Byzantine"},
		{"dfs", pairs(2, 1, true), explore.Options{POR: true, Strategy: explore.DFS}, "BFS"},
		{"random", pairs(2, 1, true), explore.Options{POR: true, Strategy: explore.Random}, "BFS"},
	} {
		_, err := explore.Run(context.Background(), c.sys, c.opts)
		require.Error(t, err, c.name)
		assert.NotContains(t, err.Error(), "\n", c.name)
		assert.Contains(t, err.Error(), "POR", c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
	}
}

func TestPORSendOutsideTopologyFailsTheStep(t *testing.T) {
	sys := pairs(2, 1, true)
	sys.SendsTo[0] = []model.NodeID{3}
	res := run(t, sys, explore.Options{Workers: 1})
	require.NotEmpty(t, res.Violations)
	assert.Equal(t, model.PanicProperty, res.Violations[0].Property)
	f := res.Violations[0].Path.Last().Failure()
	require.NotNil(t, f)
	assert.Contains(t, f.Message, "SendsTo")
}

// rnode is a node of a random system: a small state, and a table (shared by every state) that
// says what it does on each message and timer. It sends at most two messages in all, so the
// state space is finite.
type rnode struct {
	S, Sent int
	T       *rtable `distcheck:"-"`
}

type rtable struct {
	// on[state][msg] for messages 0 and 1, and on[state][2] for the timer.
	on    [3][3]reaction
	start reaction
}

type reaction struct {
	Next  int
	Sends []rsend
	Timer bool
	After time.Duration // the timer's duration (TimersInOrder orders by it)
}

type rsend struct {
	To  model.NodeID
	Val int
}

type rtick struct{}

func (n *rnode) react(ctx actor.Context, r reaction) {
	n.S = r.Next
	for _, s := range r.Sends {
		if n.Sent < 2 {
			n.Sent++
			ctx.Send(s.To, s.Val)
		}
	}
	if r.Timer {
		ctx.SetTimer(rtick{}, r.After)
	}
}

func (n *rnode) Init(ctx actor.Context) { n.react(ctx, n.T.start) }
func (n *rnode) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	n.react(ctx, n.T.on[n.S][msg.(int)])
}
func (n *rnode) Timeout(ctx actor.Context, _ actor.Timer) { n.react(ctx, n.T.on[n.S][2]) }

// projection is what the properties of a random system may read: the read nodes' states,
// timers and messages in flight to them.
func projection(s *actor.State, read []model.NodeID) string {
	var b strings.Builder
	for _, r := range read {
		fmt.Fprintf(&b, "%d:%v%v;", r, *actor.NodeAs[*rnode](s, r), s.Timers(r))
		var in []string
		for _, e := range s.InFlight() {
			if e.To == r {
				in = append(in, fmt.Sprint(e.From, e.Msg))
			}
		}
		slices.Sort(in)
		fmt.Fprint(&b, in, "|")
	}
	return b.String()
}

// randomSystem draws a system of 3 or 4 nodes with a random topology, tables, network, timer
// policy and properties, and returns it with what its recording property saw (the projections
// and the states reached).
func randomSystem(t *rapid.T) (func() (*actor.System, *sync.Map, *sync.Map), []model.NodeID) {
	n := rapid.IntRange(3, 4).Draw(t, "nodes")
	sends := make([][]model.NodeID, n)
	// Half the systems are pipelines: a node sends only to nodes after it.
	pipeline := rapid.IntRange(0, 2).Draw(t, "pipeline") < 2
	for i := range n {
		for j := range n {
			if i != j && (!pipeline || j > i) && rapid.IntRange(0, 2).Draw(t, fmt.Sprintf("link%d-%d", i, j)) == 2 {
				sends[i] = append(sends[i], model.NodeID(j))
			}
		}
	}
	for i := range n {
		if len(sends[i]) == 0 && !pipeline { // every node may send somewhere
			sends[i] = append(sends[i], model.NodeID((i+1+rapid.IntRange(0, n-2).Draw(t, fmt.Sprintf("link%d", i)))%n))
		}
	}
	reaction := func(i int, label string, least int) reaction {
		r := reaction{Next: rapid.IntRange(0, 2).Draw(t, label+"next"), Timer: rapid.IntRange(0, 4).Draw(t, label+"timer") == 4}
		if r.Timer {
			r.After = time.Duration(rapid.IntRange(0, 2).Draw(t, label+"after"))
		}
		if len(sends[i]) > 0 {
			for range rapid.IntRange(least, 2).Draw(t, label+"sends") {
				to := rapid.SampledFrom(sends[i]).Draw(t, label+"to")
				r.Sends = append(r.Sends, rsend{To: to, Val: rapid.IntRange(0, 1).Draw(t, label+"val")})
			}
		}
		return r
	}
	tables := make([]*rtable, n)
	for i := range n {
		tables[i] = &rtable{start: reaction(i, fmt.Sprintf("n%d-start-", i), 1)}
		for st := range 3 {
			for m := range 3 {
				tables[i].on[st][m] = reaction(i, fmt.Sprintf("n%d-%d-%d-", i, st, m), 0)
			}
		}
	}
	var read []model.NodeID
	for i := range n {
		if rapid.IntRange(0, 2).Draw(t, fmt.Sprintf("read%d", i)) == 2 {
			read = append(read, model.NodeID(i))
		}
	}
	network := rapid.SampledFrom([]actor.NetworkKind{actor.Unordered, actor.Ordered, actor.Duplicating}).Draw(t, "network")
	timers := rapid.SampledFrom([]actor.TimerPolicy{actor.TimersAnytime, actor.TimersWhenQuiet, actor.TimersInOrder}).Draw(t, "timers")
	maxCopies := rapid.IntRange(0, 1).Draw(t, "maxcopies")
	drops := 0
	if rapid.IntRange(0, 3).Draw(t, "drops") == 3 {
		drops = 1
	}
	target := rapid.IntRange(0, 2*len(read)).Draw(t, "target")
	build := func() (*actor.System, *sync.Map, *sync.Map) {
		var seen, states sync.Map
		sys := &actor.System{Network: network, Timers: timers, MaxCopies: maxCopies, SendsTo: sends, Faults: actor.Faults{Drops: drops}}
		for i := range n {
			sys.Nodes = append(sys.Nodes, &rnode{T: tables[i]})
		}
		sys.Props = []model.Property[*actor.State]{
			properties.Reading(properties.Always("record", func(s *actor.State) bool {
				seen.Store(projection(s, read), true)
				states.Store(sys.Fingerprint(s), s)
				return true
			}), read...),
			properties.Reading(properties.Always("sum", func(s *actor.State) bool {
				sum := 0
				for _, r := range read {
					sum += actor.NodeAs[*rnode](s, r).S
				}
				return sum != target
			}), read...),
		}
		return sys, &seen, &states
	}
	return build, read
}

func keys(m *sync.Map) []string {
	var out []string
	m.Range(func(k, _ any) bool { out = append(out, fmt.Sprint(k)); return true })
	slices.Sort(out)
	return out
}

// On random small systems, the reduced search reaches every combination of what the
// properties read that the full search reaches (so every invariant's violation and every
// Sometimes), every state where nothing can happen (deadlock) that the full search reaches,
// the same verdict, and a subset of the states; with one worker and with two.
func TestPORKeepsWhatPropertiesSeeOnRandomSystems(t *testing.T) {
	var cases, reduced int
	rapid.Check(t, func(t *rapid.T) {
		build, _ := randomSystem(t)
		fullSys, fullSeen, fullStates := build()
		full, err := explore.Run(context.Background(), fullSys, explore.Options{Workers: 1, CollectAll: true, MaxStates: 200_000})
		require.NoError(t, err)
		if !full.Stats.Exhaustive {
			t.Skip("too large")
		}
		var counts []int64
		for _, workers := range []int{1, 2} {
			redSys, redSeen, redStates := build()
			red, err := explore.Run(context.Background(), redSys, explore.Options{Workers: workers, CollectAll: true, POR: true})
			require.NoError(t, err)
			require.True(t, red.Stats.Exhaustive)
			require.Equal(t, keys(fullSeen), keys(redSeen), "what the properties read")
			require.Equal(t, violated(full), violated(red), "verdict")
			redStates.Range(func(fp, _ any) bool {
				_, ok := fullStates.Load(fp)
				require.True(t, ok, "a reduced state is reachable")
				return true
			})
			fullStates.Range(func(fp, s any) bool {
				if deadlocked(fullSys, s.(*actor.State)) {
					_, ok := redStates.Load(fp)
					require.True(t, ok, "a deadlock of the full search is reached under reduction")
				}
				return true
			})
			counts = append(counts, red.Stats.Distinct)
		}
		require.Equal(t, counts[0], counts[1], "one and two workers")
		cases++
		if counts[0] < full.Stats.Distinct {
			reduced++
		}
	})
	// Only a few random systems reduce (5–12%): with rapid's 20 cases under -short none may,
	// so this is logged, not asserted. That the reduction does reduce is asserted on systems
	// built for it (TestPORCountsIndependentPairsByHand, the Paxos verdict table).
	t.Logf("%d of %d random systems had fewer states under reduction", reduced, cases)
}

func violated(res *explore.Result[*actor.State]) []string {
	var out []string
	for _, v := range res.Violations {
		out = append(out, v.Property)
	}
	slices.Sort(out)
	return out
}

func deadlocked(sys *actor.System, s *actor.State) bool {
	if s.Failure() != nil {
		return false
	}
	none := true
	sys.Next(s, func(model.Action, *actor.State) { none = false })
	return none
}

// toggler's timer moves it, forever, between states 1 and 2 (the first firing chooses which).
type toggler struct{ S int }

type toggle struct{}

func (n *toggler) Init(ctx actor.Context)                            { ctx.SetTimer(toggle{}, 0) }
func (n *toggler) Handle(actor.Context, model.NodeID, actor.Message) {}
func (n *toggler) Timeout(ctx actor.Context, _ actor.Timer) {
	if n.S == 0 {
		n.S = 1 + ctx.Choose(2)
	} else {
		n.S = 3 - n.S
	}
	ctx.SetTimer(toggle{}, 0)
}

// The cycle proviso: node 0's invisible timer alone is an ample set everywhere (no node can
// send to it), and its states 1 and 2, both first reached at level 2, lead to each other. A
// proviso that looked only at earlier levels would accept those ample sets, and the delivery
// to node 1 — visible, and breaking the invariant — would never be taken.
func TestPORProvisoTakesPostponedSteps(t *testing.T) {
	sys := &actor.System{
		Nodes:   []actor.Node{&toggler{}, &receiver{Got: make([]bool, 1)}, &pairSender{To: 1, K: 1}},
		SendsTo: [][]model.NodeID{{}, {}, {1}},
		Props: []model.Property[*actor.State]{
			properties.Reading(properties.Always("nothing received", func(s *actor.State) bool {
				return !actor.NodeAs[*receiver](s, 1).Got[0]
			}), 1),
		},
	}
	for _, workers := range []int{1, 2} {
		res := run(t, sys, explore.Options{Workers: workers, POR: true})
		require.Len(t, res.Violations, 1, "workers=%d", workers)
		assert.Equal(t, "nothing received", res.Violations[0].Property)
		assert.Positive(t, res.Stats.Reduced)
	}
}

// relay sends "m" to node 1 when it starts and on every message.
type relay struct{}

func (relay) Init(ctx actor.Context)                                    { ctx.Send(1, "m") }
func (relay) Handle(ctx actor.Context, _ model.NodeID, _ actor.Message) { ctx.Send(1, "m") }
func (relay) Timeout(actor.Context, actor.Timer)                        {}

// counter counts the messages it receives.
type counter struct{ N int }

func (c *counter) Init(actor.Context)                                {}
func (c *counter) Handle(actor.Context, model.NodeID, actor.Message) { c.N++ }
func (c *counter) Timeout(actor.Context, actor.Timer)                {}

// With MaxCopies 1, node 0's second "m" is lost if the first is still in flight, and kept if
// node 1 took it first: node 0's step and node 1's do not commute, though node 1 never sends to
// node 0. The reduced search must still end with node 1 having counted both.
func TestPORMaxCopiesLinksSenderAndReceiver(t *testing.T) {
	var twice sync.Map
	sys := &actor.System{
		Nodes:     []actor.Node{relay{}, &counter{}, &pairSender{To: 0, K: 1}},
		SendsTo:   [][]model.NodeID{{1}, {}, {0}},
		MaxCopies: 1,
	}
	sys.Props = []model.Property[*actor.State]{
		properties.Reading(properties.Always("records", func(s *actor.State) bool {
			if actor.NodeAs[*counter](s, 1).N == 2 {
				twice.Store(true, true)
			}
			return true
		}), 2),
	}
	res := run(t, sys, explore.Options{Workers: 1, POR: true})
	require.True(t, res.Stats.Exhaustive)
	_, ok := twice.Load(true)
	assert.True(t, ok, "node 1 counts two messages on some path")
}

// client invokes and completes one operation when it gets a message.
type client struct{}

func (client) Init(actor.Context) {}
func (client) Handle(ctx actor.Context, _ model.NodeID, _ actor.Message) {
	ctx.Return(ctx.Invoke("op"), "done")
}
func (client) Timeout(actor.Context, actor.Timer) {}

// Steps that record operations do not commute — the history records which returned before
// which was invoked — so the reduced search must reach both orders of two clients'
// operations, though the clients' states are read by no property.
func TestPORKeepsTheOrdersOfOperations(t *testing.T) {
	var orders sync.Map
	sys := &actor.System{
		Nodes:   []actor.Node{client{}, client{}, &pairSender{To: 0, K: 1}, &pairSender{To: 1, K: 1}},
		SendsTo: [][]model.NodeID{{}, {}, {0}, {1}},
	}
	sys.Props = []model.Property[*actor.State]{
		properties.Reading(properties.Always("records", func(s *actor.State) bool {
			h := s.History()
			if len(h) == 2 {
				orders.Store(fmt.Sprint(h[0].Before, h[1].Before), true)
			}
			return true
		}), 2),
	}
	res := run(t, sys, explore.Options{Workers: 1, POR: true})
	require.True(t, res.Stats.Exhaustive)
	assert.Len(t, keys(&orders), 2, "both orders: %v", keys(&orders))
}

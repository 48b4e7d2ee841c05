package counterexamples_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/twophase"
	"github.com/stretchr/testify/require"
)

// grid is a spec-layer model with no actor names and no identity: a point on an n×n grid that
// starts at one of starts (default (0, 0)) and steps right or up until the far corner, where
// every path ends.
type grid struct {
	n      int
	starts []point
	props  []model.Property[point]
	// panicAt makes Next panic when it expands that point.
	panicAt *point
}

type point struct{ X, Y int }

func (g *grid) Init(emit func(point)) {
	if g.starts == nil {
		emit(point{})
	}
	for _, p := range g.starts {
		emit(p)
	}
}

func (g *grid) Next(p point, emit func(model.Action, point)) {
	if g.panicAt != nil && p == *g.panicAt {
		panic(fmt.Sprintf("boom at %v", p))
	}
	if p.X+1 < g.n {
		emit(model.StepArg("right", 0, p.X+1), point{p.X + 1, p.Y})
	}
	if p.Y+1 < g.n {
		emit(model.StepArg("up", 0, p.Y+1), point{p.X, p.Y + 1})
	}
}

func (g *grid) Fingerprint(p point) uint64 { return uint64(p.X)<<32 | uint64(p.Y) + 1 }

func (g *grid) Properties() []model.Property[point] { return g.props }

// Ping and Pong are the messages of the ping-pong system.
type Ping struct{ Seq int }
type Pong struct{ Seq int }

// pinger sends two pings at start and counts the pongs that come back.
type pinger struct{ Pongs int }

func (p *pinger) Init(ctx actor.Context) {
	ctx.Send(1, Ping{Seq: 1})
	ctx.Send(1, Ping{Seq: 2})
}

func (p *pinger) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	if _, ok := msg.(Pong); ok {
		p.Pongs++
	}
}

func (p *pinger) Timeout(actor.Context, actor.Timer) {}

func (p *pinger) String() string { return fmt.Sprintf("pongs=%d", p.Pongs) }

// ponger answers each ping with a pong; it panics on ping PanicOn (0: never).
type ponger struct {
	Pings   int
	PanicOn int `distcheck:"-"`
}

func (p *ponger) Init(actor.Context) {}

func (p *ponger) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	ping, ok := msg.(Ping)
	if !ok {
		return
	}
	if ping.Seq == p.PanicOn {
		panic(fmt.Sprintf("ping %d is bad", ping.Seq))
	}
	p.Pings++
	ctx.Send(from, Pong(ping))
}

func (p *ponger) Timeout(actor.Context, actor.Timer) {}

func (p *ponger) String() string { return fmt.Sprintf("pings=%d", p.Pings) }

// quiet is true in a state where no message is in flight and a drop was used, with the
// pinger and ponger having counted pongs and pings.
func quiet(s *actor.State, pongs, pings int) bool {
	return s.FaultsUsed().Drops == 1 && len(s.InFlight()) == 0 &&
		actor.NodeAs[*pinger](s, 0).Pongs == pongs && actor.NodeAs[*ponger](s, 1).Pings == pings
}

// pingPong is a two-node system over an unordered network that may drop one message. Its
// property "ping lost" fails when a ping was dropped and the other one answered; "pong lost"
// when a pong was dropped.
func pingPong(panicOn int) *actor.System {
	return &actor.System{
		Protocol: "pingpong",
		Params:   map[string]string{"pings": "2"},
		Nodes:    []actor.Node{&pinger{}, &ponger{PanicOn: panicOn}},
		Names:    []string{"pinger", "ponger"},
		Network:  actor.Unordered,
		Faults:   actor.Faults{Drops: 1},
		Props: []model.Property[*actor.State]{
			properties.Always("ping lost", func(s *actor.State) bool { return !quiet(s, 1, 1) }),
			properties.Always("pong lost", func(s *actor.State) bool { return !quiet(s, 1, 2) }),
		},
	}
}

// asker asks once and keeps the answer.
type asker struct{ Got int }

func (a *asker) Init(ctx actor.Context) { ctx.Send(1, Ping{Seq: 1}) }

func (a *asker) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	if p, ok := msg.(Pong); ok {
		a.Got = p.Seq
	}
}

func (a *asker) Timeout(actor.Context, actor.Timer) {}

// answerer answers a ping with a pong of a number it chooses from 1 to 3.
type answerer struct{}

func (answerer) Init(actor.Context) {}

func (answerer) Handle(ctx actor.Context, from model.NodeID, _ actor.Message) {
	ctx.Send(from, Pong{Seq: ctx.Choose(3) + 1})
}

func (answerer) Timeout(actor.Context, actor.Timer) {}

// chooser is a system whose answer is a nondeterministic choice; its property fails when the
// asker gets 3.
func chooser() *actor.System {
	return &actor.System{
		Protocol: "chooser",
		Nodes:    []actor.Node{&asker{}, answerer{}},
		Props: []model.Property[*actor.State]{
			properties.Always("never 3", func(s *actor.State) bool { return actor.NodeAs[*asker](s, 0).Got != 3 }),
		},
	}
}

// violation runs a search of m and returns its result and its only (or first) violation.
func violation[S any](t *testing.T, m model.Model[S], opts explore.Options) (*explore.Result[S], explore.Violation[S]) {
	t.Helper()
	res, err := explore.Run(context.Background(), m, opts)
	require.NoError(t, err)
	require.NotEmpty(t, res.Violations)
	return res, res.Violations[0]
}

// traceOf returns the trace of m's first violation found by a one-worker BFS.
func traceOf[S any](t *testing.T, m model.Model[S]) *counterexamples.Trace {
	t.Helper()
	res, v := violation(t, m, explore.Options{Workers: 1})
	tr, err := counterexamples.New(m, res, v)
	require.NoError(t, err)
	return tr
}

func earlyCommit(t *testing.T) *twophase.Model {
	t.Helper()
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	return m
}

// exploreAll runs a one-worker BFS of sys that collects every violation.
func exploreAll(sys *actor.System) (*explore.Result[*actor.State], error) {
	return explore.Run[*actor.State](context.Background(), sys, explore.Options{Workers: 1, CollectAll: true})
}

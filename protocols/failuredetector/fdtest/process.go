package fdtest

import (
	"fmt"
	"strings"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/properties"
)

// process is a node as the suite runs it: the implementation's node, and what the network's
// partial synchrony and the properties need to know of it — the timeout it last set, the
// messages held back past its next timeout, whether a timer of its has fired and how many
// times it withdrew a suspicion.
type process struct {
	Impl Node
	// Wait is the duration of the last timer the node set: its timeout.
	Wait time.Duration
	// Late are the messages to the node that miss its next timeout: they arrive after it.
	Late []Late
	// TimedOut says a timer of the node has fired.
	TimedOut bool
	// Withdrawals counts the steps at which the node stopped suspecting a process, up to
	// the scenario's limit plus one.
	Withdrawals int

	setup *procSetup `distcheck:"-"`
}

// procSetup is what a process knows of its scenario.
type procSetup struct {
	monitor bool
	late    bool          // messages to the node may be late (partial synchrony)
	bound   time.Duration // while the node's timeout is at most this
	limit   int           // the withdrawals MistakesAreFinite allows
}

// Late is a message that missed its receiver's timeout: the suite holds it back until that
// timeout has fired and then sends it to the receiver on its sender's behalf, so that it
// arrives before the next one.
type Late struct {
	From model.NodeID
	Msg  actor.Message
}

// String shows the late message in diagrams.
func (l Late) String() string { return fmt.Sprintf("late from n%d: %s", l.From, value.Describe(l.Msg)) }

// Init starts the node.
func (p *process) Init(ctx actor.Context) {
	p.step(ctx, func(c actor.Context) { p.Impl.Init(c) })
}

// Handle delivers msg to the node, or, while the node's timeout is within the bound, may hold
// it back past the node's next timeout. A Late message is one held back, now delivered.
func (p *process) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if l, ok := msg.(Late); ok && from == ctx.ID() {
		p.step(ctx, func(c actor.Context) { p.Impl.Handle(c, l.From, l.Msg) })
		return
	}
	if p.setup.late && p.Wait <= p.setup.bound && ctx.Choose(2) == 1 {
		p.Late = append(p.Late, Late{From: from, Msg: msg})
		return
	}
	p.step(ctx, func(c actor.Context) { p.Impl.Handle(c, from, msg) })
}

// Timeout fires the node's timer, and then sends it the messages that missed it.
func (p *process) Timeout(ctx actor.Context, t actor.Timer) {
	p.TimedOut = true
	p.step(ctx, func(c actor.Context) { p.Impl.Timeout(c, t) })
	for _, l := range p.Late {
		ctx.Send(ctx.ID(), l)
	}
	p.Late = nil
}

// step runs one step of the node, seeing the timers it sets and counting its withdrawals.
func (p *process) step(ctx actor.Context, f func(actor.Context)) {
	n := len(ctx.Nodes())
	before := make([]bool, n)
	for q := range n {
		before[q] = p.Impl.Suspects(model.NodeID(q))
	}
	f(&procCtx{Context: ctx, p: p})
	for q := range n {
		if before[q] && !p.Impl.Suspects(model.NodeID(q)) {
			p.Withdrawals = min(p.Withdrawals+1, p.setup.limit+1)
			break
		}
	}
}

// String shows the node's state and the suite's view of it.
func (p *process) String() string {
	s := describe(p.Impl)
	if !p.setup.monitor {
		return s
	}
	s += fmt.Sprintf(" | timeout %v", p.Wait)
	if p.setup.late {
		s += fmt.Sprintf(" (replies may be late up to %v), withdrawn suspicions %d", p.setup.bound, p.Withdrawals)
	}
	if len(p.Late) > 0 {
		var ls []string
		for _, l := range p.Late {
			ls = append(ls, l.String())
		}
		s += ", held back: " + strings.Join(ls, "; ")
	}
	return s
}

// describe shows a node as diagrams do: by its String method, or else by its fields.
func describe(n actor.Node) string {
	if st, ok := n.(fmt.Stringer); ok {
		return st.String()
	}
	return value.DescribeFields(n)
}

// procCtx is the node's context: the step's, recording the timeouts the node sets.
type procCtx struct {
	actor.Context
	p *process
}

func (c *procCtx) SetTimer(t actor.Timer, after time.Duration) {
	c.p.Wait = after
	c.Context.SetTimer(t, after)
}

// The properties' names.
const (
	StrongCompleteness = "StrongCompleteness"
	StrongAccuracy     = "StrongAccuracy"
	MistakesAreFinite  = "MistakesAreFinite"
	TimeoutBounded     = "TimeoutBounded"
	FalseSuspicionsEnd = "FalseSuspicionsEnd"
)

// detectorProperties returns the properties of detector d in scenario sc, with limit withdrawals
// allowed.
func detectorProperties(d Detector, sc Scenario, limit int) []model.Property[*actor.State] {
	props := []model.Property[*actor.State]{
		properties.LeadsTo(StrongCompleteness, properties.Not(crashesDetected), crashesDetected),
	}
	if d == Perfect {
		props = append(props, properties.Always(StrongAccuracy, properties.Not(falselySuspects)))
		if sc.Crashes > 0 {
			return append(props, properties.Sometimes("CrashDetected", func(s *actor.State) bool {
				return monitorSuspects(s, func(q model.NodeID) bool { return !s.Up(q) })
			}))
		}
		return append(props, properties.Sometimes("MonitorTimedOut", func(s *actor.State) bool {
			return s.Up(0) && monitor(s).TimedOut
		}))
	}
	return append(props,
		properties.Always(MistakesAreFinite, func(s *actor.State) bool { return monitor(s).Withdrawals <= limit }),
		properties.Always(TimeoutBounded, func(s *actor.State) bool { return monitor(s).Wait <= time.Duration(limit+1)*Delta }),
		properties.LeadsTo(FalseSuspicionsEnd, falselySuspects, properties.Not(falselySuspects)),
		properties.Sometimes("FalseSuspicion", falselySuspects),
	)
}

func monitor(s *actor.State) *process { return actor.NodeAs[*process](s, 0) }

// monitorSuspects reports whether the monitor runs and suspects a process q other than itself
// for which pred(q) holds.
func monitorSuspects(s *actor.State, pred func(q model.NodeID) bool) bool {
	if !s.Up(0) {
		return false
	}
	m := monitor(s).Impl
	for q := 1; q < s.NumNodes(); q++ {
		if m.Suspects(model.NodeID(q)) && pred(model.NodeID(q)) {
			return true
		}
	}
	return false
}

// falselySuspects reports whether the monitor runs and suspects a process that runs.
func falselySuspects(s *actor.State) bool {
	return monitorSuspects(s, s.Up)
}

// crashesDetected reports whether the monitor, if it runs, suspects every crashed process.
func crashesDetected(s *actor.State) bool {
	if !s.Up(0) {
		return true
	}
	m := monitor(s).Impl
	for q := 1; q < s.NumNodes(); q++ {
		if !s.Up(model.NodeID(q)) && !m.Suspects(model.NodeID(q)) {
			return false
		}
	}
	return true
}

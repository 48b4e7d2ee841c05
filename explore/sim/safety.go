package sim

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// stepKind says what a peer's step was.
type stepKind uint8

const (
	stepInit stepKind = iota
	stepDeliver
	stepTimer
	stepCrash
	stepRestart
)

var stepNames = [...]string{"init", "deliver", "timer", "crash", "restart"}

// traceLen is how many of the last steps a violation shows.
const traceLen = 64

// rawStep is a step as the checker keeps it; it is formatted only if a property fails.
type rawStep struct {
	at         int64
	peer, from int32
	kind       stepKind
	what       any
}

// checker judges Config.Props during a run and keeps the last steps for a violation's trace.
type checker struct {
	ring      [traceLen]rawStep
	steps     int64
	next      int64 // when the next check is due
	down      []bool
	violation *Violation
}

// Violation is a safety property that failed in a simulated run: which, when, and the steps
// that led there. The same configuration and seed run to the same violation.
type Violation struct {
	Property string `json:"property"`
	// Message says more, e.g. what a node that panicked panicked with.
	Message string `json:"message,omitempty"`
	// At is the virtual time of the step after which it failed; Step counts the peers' steps
	// up to it (Init included).
	At   time.Duration `json:"-"`
	AtS  float64       `json:"at_s"`
	Step int64         `json:"step"`
	Seed uint64        `json:"seed"`
	// Trace are the last steps (at most 64), the failing one last.
	Trace []TraceStep `json:"trace"`
	// States are the peers' nodes when it failed, as text.
	States []string `json:"states"`
	// Steps, in a traced run (Config.Trace), are all the steps from the start, the failing
	// one last: a path of the actor layer that replays the violation. Untraced says why a
	// traced run has none.
	Steps    []Logged `json:"-"`
	Untraced string   `json:"-"`
	// TraceFile is where the trace was saved, if it was (set by the caller that saves it).
	TraceFile string `json:"trace_file,omitempty"`
}

// TraceStep is one step of a peer in a Violation's trace.
type TraceStep struct {
	At   float64      `json:"at_s"`
	Peer model.NodeID `json:"peer"`
	// Kind is init, deliver, timer, crash or restart.
	Kind string `json:"kind"`
	// From is the sender of a delivered message.
	From model.NodeID `json:"from,omitempty"`
	// What is the message or the timer.
	What string `json:"what,omitempty"`
}

// String describes the step in one line.
func (t TraceStep) String() string {
	switch t.Kind {
	case "deliver":
		return fmt.Sprintf("%9.3fs  n%d ← n%d  %s", t.At, t.Peer, t.From, t.What)
	case "timer":
		return fmt.Sprintf("%9.3fs  n%d timer %s", t.At, t.Peer, t.What)
	}
	return fmt.Sprintf("%9.3fs  n%d %s", t.At, t.Peer, t.Kind)
}

// step records that peer p takes a step; it is a no-op without properties.
func (s *Sim) step(p int32, kind stepKind, from int32, what any) {
	s.logStep(p, kind, from, what)
	if len(s.cfg.Props) == 0 {
		return
	}
	c := &s.check
	c.ring[c.steps%traceLen] = rawStep{at: s.now, peer: p, kind: kind, from: from, what: what}
	c.steps++
}

// after judges the properties after a step, when a check is due.
func (s *Sim) after() {
	if len(s.cfg.Props) == 0 || s.check.violation != nil || s.now < s.check.next {
		return
	}
	s.check.next = s.now + int64(s.cfg.CheckEvery)
	s.checkNow()
}

// checkNow judges the properties on the peers' nodes as they are.
func (s *Sim) checkNow() {
	if len(s.cfg.Props) == 0 || s.check.violation != nil {
		return
	}
	c := &s.check
	if c.down == nil {
		c.down = make([]bool, s.n)
	}
	for p := range s.n {
		c.down[p] = s.down[p] > 0
	}
	state := actor.Snapshot(s.nodes, c.down)
	for _, prop := range s.cfg.Props {
		if prop.Kind != model.KindAlways || prop.Holds(state) {
			continue
		}
		c.fail(s, prop.Name, "")
		return
	}
}

// fail records that property failed after the latest step.
func (c *checker) fail(s *Sim, property, message string) {
	v := &Violation{Property: property, Message: message, At: time.Duration(s.now), AtS: time.Duration(s.now).Seconds(), Step: c.steps, Seed: s.cfg.Seed}
	if c.down == nil {
		c.down = make([]bool, s.n)
	}
	for k := max(c.steps-traceLen, 0); k < c.steps; k++ {
		r := c.ring[k%traceLen]
		ts := TraceStep{At: time.Duration(r.at).Seconds(), Peer: model.NodeID(r.peer), Kind: stepNames[r.kind]}
		if r.kind == stepDeliver {
			ts.From = model.NodeID(s.owner[r.from])
		}
		if r.what != nil {
			ts.What = fmt.Sprint(r.what)
		}
		v.Trace = append(v.Trace, ts)
	}
	for p, n := range s.nodes {
		st := fmt.Sprint(n)
		if c.down[p] {
			st += " (down)"
		}
		v.States = append(v.States, st)
	}
	if s.trace.on {
		v.Steps = s.trace.steps
	} else if s.cfg.Trace {
		v.Untraced = s.trace.why
	}
	c.violation = v
}

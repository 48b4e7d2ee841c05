package sim

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Logged is one step of a traced run (Config.Trace), as the actor layer names it: a delivery,
// a timer firing, a crash, a recovery (with the random choices the peer made in it), or the
// drop of a message the network lost — to packet loss, to an offline receiver or to a
// partition — at a virtual time. The steps of a run from its start are a path of the
// actor.System made of the same nodes: its initial state is every peer after Init, and the
// messages the steps send are in flight until a later step delivers or drops them.
type Logged struct {
	At     time.Duration
	Action model.Action
}

// MaxTraced is the most steps a traced run keeps; a violation after more has no Steps.
const MaxTraced = 1 << 20

// tracer keeps the steps of a traced run.
type tracer struct {
	on    bool
	steps []Logged
	cur   int    // the index of the step under way in steps, -1 for none (Init)
	why   string // why the run has no trace, once it cannot have one
}

// logStep records that peer p takes a step of the given kind (init steps are not actions:
// the actor layer's initial state is every node after Init).
func (s *Sim) logStep(p int32, kind stepKind, from int32, what any) {
	t := &s.trace
	if !t.on {
		return
	}
	a := model.Action{Node: model.NodeID(p), From: model.NoNode}
	switch kind {
	case stepInit:
		t.cur = -1
		return
	case stepDeliver:
		a.Kind, a.From, a.Msg = model.ActionDeliver, model.NodeID(from), what
	case stepTimer:
		a.Kind, a.Msg = model.ActionTimeout, what
	case stepCrash:
		a.Kind = model.ActionCrash
	case stepRestart:
		a.Kind = model.ActionRecover
	}
	t.cur = t.add(s.now, a)
}

// logDrop records that the network lost msg, sent by identity from to identity to.
func (s *Sim) logDrop(from, to int32, msg actor.Message) {
	if s.trace.on {
		// Not the step under way: a message lost as it is sent is dropped after the step.
		s.trace.add(s.now, model.Action{Kind: model.ActionDrop, Node: model.NodeID(to), From: model.NodeID(from), Msg: msg})
	}
}

// logChoice records a choice the current peer made: its value among n.
func (s *Sim) logChoice(v, n int) {
	t := &s.trace
	switch {
	case !t.on:
	case t.cur < 0 && n > 1:
		t.off(fmt.Sprintf("n%d chose at random in Init, which the actor layer explores as several initial states", s.cur))
	case t.cur >= 0:
		a := &t.steps[t.cur].Action
		a.Choices = append(a.Choices, v)
	}
}

// add appends a step and returns its index, -1 once the trace is off.
func (t *tracer) add(at int64, a model.Action) int {
	if !t.on {
		return -1
	}
	if len(t.steps) >= MaxTraced {
		t.off(fmt.Sprintf("the run took more than %d steps", MaxTraced))
		return -1
	}
	t.steps = append(t.steps, Logged{At: time.Duration(at), Action: a})
	return len(t.steps) - 1
}

// off stops the trace, saying why.
func (t *tracer) off(why string) {
	t.on, t.steps, t.why, t.cur = false, nil, why, -1
}

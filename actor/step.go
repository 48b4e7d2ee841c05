package actor

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// outcome is what one run of a node's handler produced.
type outcome struct {
	slot *nodeSlot
	sent []Envelope
	// sentTo marks the nodes sent to (State.sentTo), worked out once per outcome, which the
	// step memo then shares, rather than once per successor.
	sentTo  uint64
	hist    *history
	choices []int
	bounds  []int
	failure *Failure
}

// step runs a handler of node a.Node in state s once for every combination of the choices it
// (and, for a Byzantine node, the adversary) makes, and emits a successor for each: the node
// replaced by its new state, the message at index remove (if ≥ 0) taken out of the network, the
// messages it sent put in, and the adversary's knowledge replaced by adv. mh is the hash of the
// message delivered or of the timer that fires. With KeepIgnored, an outcome of a delivery that
// changes nothing is no successor; step returns how many it left out.
//
// A handler's outcomes depend only on the node's state and timers, the message or timer, and
// (through Invoke and Return) the history; those that do not touch the history are memoized
// (see stepMemo), so a node state that meets the same message again in another global state
// is neither cloned nor run nor hashed again, and its new state is shared.
func (sys *System) step(s *State, a model.Action, mh uint64, remove int, adv *adversary, f func(Node, Context), emit func(model.Action, *State)) (ignored int) {
	i := a.Node
	slot := *s.slots()[i]
	key := memoKey(&slot, a, mh)
	if a.Kind == model.ActionTimeout {
		var fired pendingTimer
		slot.timers, fired, _ = withoutTimer(slot.timers, mh)
		slot.thash -= fired.contrib()
		if fired.due > 0 {
			// Time advances to the timer's deadline (TimersInOrder): the node's other timers
			// come that much closer (the other nodes' are moved by timeouts).
			slot.timers, slot.thash = shifted(slot.timers, fired.due)
		}
	}
	each := func(o outcome) {
		a.Choices = o.choices
		if o.failure != nil {
			// The failed step changes nothing but the failure mark, so the last state of the
			// counterexample shows the system as the failing node found it.
			t := s.derive()
			t.failure = o.failure
			emit(a, t)
			return
		}
		unchanged := a.Kind != model.ActionTimeout && len(o.sent) == 0 && adv == s.adv && o.hist == s.hist &&
			o.slot.hash == slot.hash && o.slot.thash == slot.thash
		if unchanged && sys.KeepIgnored && a.Kind == model.ActionDeliver {
			// The receiver ignores the message: no transition, and the message stays.
			ignored++
			return
		}
		if unchanged && remove < 0 {
			// The step changed nothing (a duplicating network's message the node ignores): the
			// successor is s itself, and copying it would only feed the garbage collector.
			emit(a, s)
			return
		}
		t := s.withSlot(i, o.slot)
		t.adv = adv
		t.hist = o.hist
		t.sentTo = o.sentTo
		t.net = s.net.with(sys.Network, remove, sys.keep(s, o.sent))
		emit(a, t)
	}
	if sys.memo == nil || adv != s.adv || sys.isByzantine(i) || sys.CheckDeterminism {
		sys.run(i, &slot, adv, s.hist, f, each)
		return ignored
	}
	if outs, ok := sys.memo.get(key); ok {
		for _, o := range outs {
			o.hist = s.hist
			each(o)
		}
		return ignored
	}
	var outs []outcome
	cacheable := true
	sys.run(i, &slot, adv, s.hist, f, func(o outcome) {
		if o.failure != nil || o.hist != s.hist {
			cacheable = false
		}
		outs = append(outs, o)
		each(o)
	})
	if cacheable {
		for k := range outs {
			outs[k].hist = nil
		}
		sys.memo.put(key, outs)
	}
	return ignored
}

// memoKey hashes what a handler's outcomes depend on, history aside: the node, its state and
// timers, the kind of step, the sender and the message (or the timer).
func memoKey(slot *nodeSlot, a model.Action, mh uint64) uint64 {
	k := value.Mix(value.Mix(slot.hash, slot.thash), uint64(a.Node)+1)
	k = value.Mix(value.Mix(k, uint64(a.From)+2), uint64(a.Kind))
	return value.Finalize(value.Mix(k, mh))
}

// stepMemo remembers the outcomes of handler runs by memoKey (see internTable; an entry is
// replaced on collision). The outcomes are immutable and shared — their node states, timers
// and messages end up in many states — which hash-conses node states that steps reach again. A
// collision of 64-bit keys could replay the wrong outcome, with the odds of two states sharing
// a fingerprint.
type stepMemo = internTable[[]outcome]

func newStepMemo() *stepMemo { return newInternTable[[]outcome](stepMemoSize) }

// run runs f on a clone of slot's node once for every combination of the nondeterministic
// choices made, in order (the first run takes choice 0 everywhere), and passes each outcome to
// out. adv is the adversary's state, for tampering with a Byzantine node's messages.
func (sys *System) run(id model.NodeID, slot *nodeSlot, adv *adversary, hist *history, f func(Node, Context), out func(outcome)) {
	var script []int
	for {
		o := sys.exec(id, slot, adv, hist, f, script)
		if sys.CheckDeterminism && o.failure == nil {
			again := sys.exec(id, slot, adv, hist, f, script)
			diff := ""
			if again.failure != nil {
				diff = "the step panicked when run a second time: " + again.failure.Message
			} else {
				diff = differ(&o, &again)
			}
			if diff != "" {
				o.failure = &Failure{Node: id, Kind: FailureNondeterministic, Message: diff}
			}
		}
		out(o)
		// The next script advances the last choice that has values left, odometer style.
		k := len(o.choices) - 1
		for ; k >= 0; k-- {
			if o.choices[k]+1 < o.bounds[k] {
				break
			}
		}
		if k < 0 {
			return
		}
		script = append(slices.Clone(o.choices[:k]), o.choices[k]+1)
	}
}

// differ says what differs between two runs of the same step, or "" if nothing does.
func differ(a, b *outcome) string {
	switch {
	case !slices.Equal(a.choices, b.choices) || !slices.Equal(a.bounds, b.bounds):
		return fmt.Sprintf("two runs of the same step made different choices (%v of %v, then %v of %v)", a.choices, a.bounds, b.choices, b.bounds)
	case a.slot.hash != b.slot.hash:
		return "two runs of the same step left the node in different states"
	case a.slot.thash != b.slot.thash:
		return "two runs of the same step left different timers pending"
	case len(a.sent) != len(b.sent):
		return fmt.Sprintf("two runs of the same step sent %d and %d messages", len(a.sent), len(b.sent))
	case a.hist.contrib() != b.hist.contrib():
		return "two runs of the same step recorded different operations"
	}
	for k := range a.sent {
		if !a.sent[k].same(b.sent[k]) {
			return fmt.Sprintf("two runs of the same step sent different messages (message %d: %s and %s)", k+1, value.Format(a.sent[k].Msg), value.Format(b.sent[k].Msg))
		}
	}
	return ""
}

// exec runs f once on a clone of slot's node, following script for the first choices; for a
// Byzantine node the adversary then tampers with what it sent.
func (sys *System) exec(id model.NodeID, slot *nodeSlot, adv *adversary, hist *history, f func(Node, Context), script []int) (o outcome) {
	ctx := &stepCtx{sys: sys, id: id, timers: slot.timers, thash: slot.thash, script: script, hist: hist}
	defer func() {
		if p := recover(); p != nil {
			kept := *slot
			o = outcome{slot: &kept, choices: ctx.choices, bounds: ctx.bounds, failure: &Failure{
				Node:    id,
				Kind:    FailurePanic,
				Message: fmt.Sprint(p),
				Where:   panicSite(),
			}}
		}
	}()
	n := value.CloneAny(slot.node).(Node)
	f(n, ctx)
	sys.tamper(ctx, adv)
	ctx.done = true
	return outcome{
		slot:    &nodeSlot{node: n, hash: value.Hash(n), timers: ctx.timers, thash: ctx.thash},
		sent:    ctx.sent,
		sentTo:  receivers(ctx.sent),
		hist:    ctx.hist,
		choices: ctx.choices,
		bounds:  ctx.bounds,
	}
}

// panicSite returns file:line of the frame that panicked, called from a deferred recover.
func panicSite() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	panicking := false
	for {
		fr, more := frames.Next()
		if fr.Function == "runtime.gopanic" {
			panicking = true
		} else if panicking && !strings.HasPrefix(fr.Function, "runtime.") {
			return filepath.Base(fr.File) + ":" + strconv.Itoa(fr.Line)
		}
		if !more {
			return ""
		}
	}
}

// stepCtx is the Context of one run of a node's handler.
type stepCtx struct {
	sys     *System
	id      model.NodeID
	timers  []pendingTimer // copy-on-write: shared with the old slot until changed
	thash   uint64
	sent    []Envelope
	script  []int
	choices []int
	bounds  []int
	hist    *history // the operations recorded, as of this point of the step
	done    bool
}

func (c *stepCtx) live(what string) {
	if c.done {
		panic(fmt.Sprintf("node %d: %s called after its step ended (a Context must not be kept)", c.id, what))
	}
}

func (c *stepCtx) ID() model.NodeID      { return c.id }
func (c *stepCtx) Nodes() []model.NodeID { return c.sys.ids }
func (c *stepCtx) Peers() []model.NodeID { return c.sys.peers[c.id] }
func (c *stepCtx) Now() time.Duration    { return 0 }

func (c *stepCtx) Send(to model.NodeID, msg Message) {
	c.live("Send")
	if to < 0 || int(to) >= len(c.sys.Nodes)+c.sys.Byzantine.Sybils {
		panic(fmt.Sprintf("Send to node %d: no such node (nodes are 0 to %d)", to, len(c.sys.Nodes)+c.sys.Byzantine.Sybils-1))
	}
	c.sys.checkSend(c.id, to)
	c.sent = append(c.sent, newEnvelope(c.id, to, msg))
}

func (c *stepCtx) Broadcast(msg Message) {
	c.live("Broadcast")
	h := value.Hash(msg)
	for _, p := range c.sys.peers[c.id] {
		if c.sys.SendsTo != nil {
			c.sys.checkSend(c.id, p)
		}
		c.sent = append(c.sent, Envelope{From: c.id, To: p, Msg: msg, hash: h})
	}
}

func (c *stepCtx) SetTimer(t Timer, after time.Duration) {
	c.live("SetTimer")
	pt := pendingTimer{t: t, hash: value.Hash(t)}
	if c.sys.Timers == TimersInOrder {
		pt.due = max(after, 0)
	}
	timers, old, changed := withTimer(c.timers, pt)
	if changed {
		c.timers = timers
		c.thash += pt.contrib() - old
	}
}

func (c *stepCtx) CancelTimer(t Timer) {
	c.live("CancelTimer")
	var removed pendingTimer
	var ok bool
	if c.timers, removed, ok = withoutTimer(c.timers, value.Hash(t)); ok {
		c.thash -= removed.contrib()
	}
}

func (c *stepCtx) Choose(n int) int {
	c.live("Choose")
	if n < 1 {
		panic(fmt.Sprintf("Choose(%d): there must be at least one option", n))
	}
	k := len(c.choices)
	v := 0
	if k < len(c.script) {
		v = c.script[k]
	}
	c.choices = append(c.choices, v)
	c.bounds = append(c.bounds, n)
	return v
}

func (c *stepCtx) Sign(v any) Signature {
	c.live("Sign")
	return sign(c.id, v)
}

func (c *stepCtx) Invoke(input any) OpID {
	c.live("Invoke")
	return c.invoke(input)
}

func (c *stepCtx) Return(id OpID, output any) {
	c.live("Return")
	c.ret(id, output)
}

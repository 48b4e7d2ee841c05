package counterexamples

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"time"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// minimizer re-executes and judges the candidate traces of one minimization.
type minimizer[S any] struct {
	ctx      context.Context
	deadline time.Time
	m        model.Model[S]
	t        *Trace
	prop     model.Property[S]
	// builtin: the property is explore's built-in PanicProperty of a spec-layer model, which
	// fails where Next panics.
	builtin bool
	// always: the property is an invariant, so a candidate ends at its first violating state.
	always bool
	init   S
	names  []string
	// cache holds the successors of states met while executing candidates, by fingerprint.
	cache map[uint64]expansion[S]
	// replays and explored count candidates executed and states the searches found.
	replays, explored int
	// calls counts budget checks, so that the clock is read only now and then.
	calls int
	done  bool
	// unbounded: the budget does not apply (while the trace's own steps are re-executed).
	unbounded bool
}

// expansion is the successors of a state, or the value its Next panicked with.
type expansion[S any] struct {
	succ     []successor[S]
	panicked any
}

// maxCache bounds the successor cache; it is emptied when full.
const maxCache = 1 << 12

// act is one step of a candidate trace.
type act struct {
	a model.Action
	// seg is the part of the trace the step belongs to: 0 for the whole trace, or for a
	// lasso's prefix and the steps before a random walk's stabilisation point; 1 for the
	// lasso's loop and the steps after the stabilisation point.
	seg int8
	// msgType and msgHash identify a's message by content.
	msgType reflect.Type
	msgHash uint64
}

func newAct(a model.Action, seg int8) act {
	x := act{a: a, seg: seg}
	if a.Msg != nil {
		x.msgType, x.msgHash = reflect.TypeOf(a.Msg), value.Hash(a.Msg)
	}
	return x
}

// matches reports whether action b is the step's action, by content.
func (x *act) matches(b model.Action) bool {
	a := &x.a
	if a.Kind != b.Kind || a.Node != b.Node || a.From != b.From || a.HasArg != b.HasArg ||
		a.Arg != b.Arg || a.Name != b.Name || !slices.Equal(a.Choices, b.Choices) {
		return false
	}
	if (a.Msg == nil) != (b.Msg == nil) {
		return false
	}
	return a.Msg == nil || reflect.TypeOf(b.Msg) == x.msgType && value.Hash(b.Msg) == x.msgHash
}

// run is an executed candidate: its steps, and the states they lead through (states[0] is the
// initial state, states[i] the state after acts[:i]).
type run[S any] struct {
	acts   []act
	states []S
}

func newMinimizer[S any](ctx context.Context, m model.Model[S], t *Trace, deadline time.Time) (*minimizer[S], error) {
	prop, builtin, err := findProperty(m, t)
	if err != nil {
		return nil, err
	}
	inits, p := initStates(m)
	if p != nil || t.Init >= len(inits) {
		return nil, errors.New("the model's Init does not emit the same initial states twice")
	}
	return &minimizer[S]{
		ctx:      ctx,
		deadline: deadline,
		m:        m,
		t:        t,
		prop:     prop,
		builtin:  builtin,
		always:   builtin || prop.Kind == model.KindAlways,
		init:     inits[t.Init],
		names:    actorNames(m),
		cache:    map[uint64]expansion[S]{},
	}, nil
}

// acts returns the steps of t's replayed path, each in its part of the trace.
func (mz *minimizer[S]) acts(t *Trace, p explore.Path[S]) []act {
	split := len(p.Steps)
	switch {
	case t.Loop != nil:
		split = *t.Loop
	case t.Stabilized != nil:
		split = *t.Stabilized
	}
	out := make([]act, len(p.Steps))
	for i, st := range p.Steps {
		seg := int8(0)
		if i >= split {
			seg = 1
		}
		out[i] = newAct(st.Action, seg)
	}
	return out
}

// base is the empty run: the initial state alone.
func (mz *minimizer[S]) base() run[S] { return run[S]{states: []S{mz.init}} }

// stopped reports whether the minimization must stop: its context ended or its time ran out.
func (mz *minimizer[S]) stopped() bool {
	if mz.unbounded {
		return false
	}
	if mz.done {
		return true
	}
	if mz.calls++; mz.calls%32 != 0 {
		return false
	}
	if mz.ctx.Err() != nil || time.Now().After(mz.deadline) {
		mz.done = true
	}
	return mz.done
}

// successors returns the successors of s, from the cache when it holds them.
func (mz *minimizer[S]) successors(s S, remember bool) expansion[S] {
	fp := mz.m.Fingerprint(s)
	if e, ok := mz.cache[fp]; ok {
		return e
	}
	succ, p := successors(mz.m, s)
	e := expansion[S]{succ, p}
	if remember {
		if len(mz.cache) >= maxCache {
			clear(mz.cache)
		}
		mz.cache[fp] = e
	}
	return e
}

// violates reports whether s violates the minimizer's invariant (false for a liveness
// property, or if the predicate panics).
func (mz *minimizer[S]) violates(s S) bool {
	if !mz.always || mz.builtin {
		return false
	}
	ok, err := holds(mz.prop, s, "")
	return err == nil && !ok
}

// exec executes the candidate made of base's first pos steps followed by tail, and reports
// whether the property fails on it. Steps of tail that are not enabled when their turn comes
// are left out; an invariant's candidate ends at its first violating state.
func (mz *minimizer[S]) exec(base run[S], pos int, tail []act) (run[S], bool) {
	mz.replays++
	c := run[S]{
		acts:   slices.Clone(base.acts[:pos]),
		states: slices.Clone(base.states[:pos+1]),
	}
	cur := c.states[pos]
	if mz.violates(cur) {
		return c, true
	}
	for i := range tail {
		if mz.stopped() {
			return c, false
		}
		e := mz.successors(cur, true)
		if e.panicked != nil {
			// Nothing follows a state whose Next panics: that is the violation of the
			// built-in property, and any other property's candidate ends here.
			break
		}
		k := slices.IndexFunc(e.succ, func(s successor[S]) bool { return tail[i].matches(s.a) })
		if k < 0 {
			continue // not enabled: left out
		}
		x := tail[i]
		x.a, cur = e.succ[k].a, e.succ[k].s
		c.acts = append(c.acts, x)
		c.states = append(c.states, cur)
		if mz.violates(cur) {
			return c, true
		}
	}
	return c, mz.judge(c)
}

// judge reports whether the property fails on the executed candidate c, as Replay judges it.
func (mz *minimizer[S]) judge(c run[S]) bool {
	last := c.states[len(c.states)-1]
	switch {
	case mz.builtin:
		return mz.successors(last, true).panicked != nil
	case mz.always:
		return mz.violates(last)
	}
	t := *mz.t
	split := len(c.acts)
	for i, x := range c.acts {
		if x.seg == 1 {
			split = i
			break
		}
	}
	switch t.End {
	case EndLoop:
		if split == len(c.acts) {
			return false // the loop is empty
		}
		t.Loop = &split
	case EndBound:
		t.Stabilized = &split
	}
	p := explore.Path[S]{Init: c.states[0], Steps: make([]explore.Step[S], len(c.acts))}
	for i, x := range c.acts {
		p.Steps[i] = explore.Step[S]{Action: x.a, State: c.states[i+1]}
	}
	ok, _, err := confirmLiveness(mz.m, mz.prop, p, &t)
	return err == nil && ok
}

// ddmin removes steps by delta debugging, part by part of the trace: it splits a part's steps
// into n chunks (n = 2 at first) and executes the candidate without each chunk, the last chunk
// first; when one still fails it is kept and n decreases by one, and when none does n doubles,
// until the chunks are single steps none of which can be removed.
func (mz *minimizer[S]) ddmin(c run[S]) run[S] {
	for seg := int8(0); seg <= 1; seg++ {
		c = mz.ddminPart(c, seg)
	}
	return c
}

func (mz *minimizer[S]) ddminPart(c run[S], seg int8) run[S] {
	n := 2
	for !mz.stopped() {
		lo, hi := part(c.acts, seg)
		size := hi - lo
		if size == 0 {
			return c
		}
		n = min(n, size)
		reduced := false
		for k := n - 1; k >= 0; k-- {
			a, b := lo+k*size/n, lo+(k+1)*size/n
			tail := c.acts[b:]
			if d, ok := mz.exec(c, a, tail); ok && len(d.acts) < len(c.acts) {
				c, reduced = d, true
				n = max(n-1, 2)
				break
			}
			if mz.stopped() {
				return c
			}
		}
		if !reduced {
			if n >= size {
				return c
			}
			n = min(2*n, size)
		}
	}
	return c
}

// part returns the bounds of the steps of acts in part seg.
func part(acts []act, seg int8) (lo, hi int) {
	lo = slices.IndexFunc(acts, func(x act) bool { return x.seg == seg })
	if lo < 0 {
		return 0, 0
	}
	hi = lo
	for hi < len(acts) && acts[hi].seg == seg {
		hi++
	}
	return lo, hi
}

// removable reports whether a step is one that removeFaults tries to remove: a fault, a
// repair (recovery, heal), or a timer firing.
func removable(a model.Action) bool {
	switch a.Kind {
	case model.ActionTimeout, model.ActionRecover, model.ActionHeal:
		return true
	}
	return a.Kind.IsFault()
}

// removeFaults tries to remove every fault and repair at once, every timer firing at once,
// and then each of them on its own, the last first.
func (mz *minimizer[S]) removeFaults(c run[S]) run[S] {
	try := func(drop func(act) bool) {
		first := slices.IndexFunc(c.acts, drop)
		if first < 0 || mz.stopped() {
			return
		}
		tail := slices.DeleteFunc(slices.Clone(c.acts[first:]), drop)
		if d, ok := mz.exec(c, first, tail); ok && len(d.acts) < len(c.acts) {
			c = d
		}
	}
	try(func(x act) bool { return x.a.Kind != model.ActionTimeout && removable(x.a) })
	try(func(x act) bool { return x.a.Kind == model.ActionTimeout })
	for i := len(c.acts) - 1; i >= 0 && !mz.stopped(); i-- {
		if i >= len(c.acts) || !removable(c.acts[i].a) {
			continue
		}
		if d, ok := mz.exec(c, i, c.acts[i+1:]); ok && len(d.acts) < len(c.acts) {
			c = d
		}
	}
	return c
}

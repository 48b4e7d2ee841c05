package actor

import (
	"reflect"
	"unsafe"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// drops emits the loss of each distinct message in flight, while the budget allows.
func (sys *System) drops(s *State, emit func(model.Action, *State)) {
	if s.FaultsUsed().Drops >= sys.Faults.Drops {
		return
	}
	s.net.droppable(func(i int) {
		env := s.net.list()[i]
		t := s.derive()
		u := s.FaultsUsed()
		u.Drops++
		t.used = &u
		t.net = s.net.with(sys.Network, i, nil)
		emit(model.Action{Kind: model.ActionDrop, Node: env.To, From: env.From, Msg: env.Msg}, t)
	})
}

// duplicates emits a second copy of each distinct message in flight, while the budget allows.
// A duplicating network holds one copy of each message and re-delivers it anyway.
func (sys *System) duplicates(s *State, emit func(model.Action, *State)) {
	if s.FaultsUsed().Duplicates >= sys.Faults.Duplicates || sys.Network == Duplicating {
		return
	}
	s.net.droppable(func(i int) {
		env := s.net.list()[i]
		t := s.derive()
		u := s.FaultsUsed()
		u.Duplicates++
		t.used = &u
		t.net = s.net.with(sys.Network, -1, []Envelope{env})
		emit(model.Action{Kind: model.ActionDuplicate, Node: env.To, From: env.From, Msg: env.Msg}, t)
	})
}

// crashes emits the crash of each running honest node, while the budgets allow. A crashed
// node's timers are cleared; its state stays as it was — properties may read it as a record of
// what happened — and a recovery keeps only its durable fields.
func (sys *System) crashes(s *State, emit func(model.Action, *State)) {
	if s.FaultsUsed().Crashes >= sys.Faults.Crashes {
		return
	}
	if sys.Faults.MaxDown > 0 {
		down := 0
		for i := range s.slots() {
			if s.slots()[i].down {
				down++
			}
		}
		if down >= sys.Faults.MaxDown {
			return
		}
	}
	for i := range s.slots() {
		id := model.NodeID(i)
		if s.slots()[i].down || sys.isByzantine(id) {
			continue
		}
		slot := *s.slots()[i]
		slot.down, slot.timers, slot.thash = true, nil, 0
		t := s.withSlot(id, &slot)
		u := s.FaultsUsed()
		u.Crashes++
		t.used = &u
		if sys.Faults.LoseWhileDown {
			t.net = s.net.without(sys.Network, func(e Envelope) bool { return e.To == id })
		}
		emit(model.Action{Kind: model.ActionCrash, Node: id, From: model.NoNode}, t)
	}
}

// recoveries emits the recovery of each crashed node, while the budget allows: a clone of the
// node's original with the crashed node's durable fields, on which Init runs.
func (sys *System) recoveries(s *State, emit func(model.Action, *State)) {
	if s.FaultsUsed().Recoveries >= sys.Faults.Recoveries {
		return
	}
	for i := range s.slots() {
		if !s.slots()[i].down {
			continue
		}
		id := model.NodeID(i)
		fresh := restoreDurable(value.CloneAny(sys.Nodes[i]), s.slots()[i].node).(Node)
		slot := nodeSlot{node: fresh}
		a := model.Action{Kind: model.ActionRecover, Node: id, From: model.NoNode}
		sys.run(id, &slot, s.adv, s.hist, func(n Node, ctx Context) { n.Init(ctx) }, func(o outcome) {
			a.Choices = o.choices
			if o.failure != nil {
				t := s.derive()
				t.failure = o.failure
				emit(a, t)
				return
			}
			t := s.withSlot(id, o.slot)
			t.hist = o.hist
			u := s.FaultsUsed()
			u.Recoveries++
			t.used = &u
			t.net = s.net.with(sys.Network, -1, sys.keep(t, o.sent))
			emit(a, t)
		})
	}
}

// partitions emits a split of the network each allowed way, while the budget allows, or its
// healing if it is split.
func (sys *System) partitions(s *State, emit func(model.Action, *State)) {
	if s.part.active {
		t := s.derive()
		t.part = split{}
		emit(model.Action{Kind: model.ActionHeal, Node: model.NoNode, From: model.NoNode}, t)
		return
	}
	if s.FaultsUsed().Partitions >= sys.Faults.Partitions {
		return
	}
	for _, p := range sys.splits {
		t := s.derive()
		t.part = p
		u := s.FaultsUsed()
		u.Partitions++
		t.used = &u
		emit(model.Action{Kind: model.ActionPartition, Node: model.NoNode, From: model.NoNode, Msg: p.payload()}, t)
	}
}

// RestoreDurable returns fresh with the fields of crashed tagged `distcheck:"durable"` copied
// into it (deep copies): what a node keeps across a crash. fresh and crashed must be of the same
// type, a struct or a pointer to one (otherwise fresh is returned as is); fresh is modified when
// it is a pointer. The explorer does this for the nodes it runs; a node that wraps another (a
// conformance harness around a student's server, say) can use it to recover what it wraps.
func RestoreDurable[N any](fresh, crashed N) N {
	out, ok := restoreDurable(fresh, crashed).(N)
	if !ok {
		return fresh
	}
	return out
}

// restoreDurable is RestoreDurable for values of any type.
func restoreDurable(fresh, crashed any) any {
	fv, cv := reflect.ValueOf(fresh), reflect.ValueOf(crashed)
	if fv.Type() != cv.Type() {
		return fresh
	}
	var dst, src reflect.Value
	switch {
	case fv.Kind() == reflect.Pointer && fv.Elem().Kind() == reflect.Struct:
		dst, src = fv.Elem(), cv.Elem()
	case fv.Kind() == reflect.Struct:
		// A struct held by value: work on an addressable copy and return that.
		dst = reflect.New(fv.Type()).Elem()
		dst.Set(fv)
		src = reflect.New(cv.Type()).Elem()
		src.Set(cv)
	default:
		return fresh
	}
	for _, i := range durableFields(dst.Type()) {
		d := settable(dst.Field(i))
		c := value.CloneAny(settable(src.Field(i)).Interface())
		if c == nil {
			d.Set(reflect.Zero(d.Type()))
		} else {
			d.Set(reflect.ValueOf(c))
		}
	}
	if fv.Kind() == reflect.Struct {
		return dst.Interface()
	}
	return fresh
}

// durableFields returns the indexes of t's fields tagged `distcheck:"durable"`.
func durableFields(t reflect.Type) []int {
	var out []int
	for i := range t.NumField() {
		if value.HasTag(t.Field(i), "durable") {
			out = append(out, i)
		}
	}
	return out
}

// settable returns v as a value that can be read and set even if it is an unexported field.
// v must be addressable.
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() && v.CanInterface() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

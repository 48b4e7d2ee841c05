package explore

import (
	"fmt"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
)

// props holds a model's properties split by kind, for fast evaluation in the hot loop.
type props[S any] struct {
	all       []model.Property[S]
	always    []int // indexes into all
	sometimes []int
	// sometimesHit[i] is set once sometimes[i] has held.
	sometimesHit []atomic.Bool
	// sometimesLeft counts the sometimes properties not yet seen to hold.
	sometimesLeft atomic.Int32
}

func newProps[S any](ps []model.Property[S]) (*props[S], error) {
	p := &props[S]{all: ps}
	seen := make(map[string]bool, len(ps))
	for i, q := range ps {
		if q.Name == "" {
			return nil, fmt.Errorf("explore: property %d has no name", i)
		}
		if seen[q.Name] {
			return nil, fmt.Errorf("explore: two properties are named %q", q.Name)
		}
		seen[q.Name] = true
		if q.Holds == nil {
			return nil, fmt.Errorf("explore: property %q has no predicate", q.Name)
		}
		switch q.Kind {
		case model.KindAlways:
			p.always = append(p.always, i)
		case model.KindSometimes:
			p.sometimes = append(p.sometimes, i)
		case model.KindEventually, model.KindAlwaysEventually, model.KindLeadsTo:
			// Judged on the state graph (exhaustive search) or along walks (random).
		default:
			return nil, fmt.Errorf("explore: property %q has unknown kind %d", q.Name, q.Kind)
		}
	}
	p.sometimesHit = make([]atomic.Bool, len(p.sometimes))
	p.sometimesLeft.Store(int32(len(p.sometimes)))
	return p, nil
}

// firstBroken returns the position in p.always, from position from on, of the first Always
// property that s breaks, or -1. If that property's predicate panicked, panicked is its value.
func (p *props[S]) firstBroken(s S, from int) (pos int, panicked any) {
	pos = -1
	defer func() {
		if x := recover(); x != nil {
			panicked = x
		}
	}()
	for k := from; k < len(p.always); k++ {
		pos = k
		if !p.all[p.always[k]].Holds(s) {
			return k, nil
		}
	}
	return -1, nil
}

// touch marks the Sometimes properties that hold in s. If a predicate panics, it returns the
// property's index (into all) and the panic's value.
func (p *props[S]) touch(s S) (prop int, panicked any) {
	if p.sometimesLeft.Load() == 0 {
		return -1, nil
	}
	prop = -1
	defer func() {
		if x := recover(); x != nil {
			panicked = x
		}
	}()
	for j, i := range p.sometimes {
		prop = i
		if !p.sometimesHit[j].Load() && p.all[i].Holds(s) {
			if p.sometimesHit[j].CompareAndSwap(false, true) {
				p.sometimesLeft.Add(-1)
			}
		}
	}
	return -1, nil
}

// panicReason describes a property predicate that panicked: a bug in the model or the
// property, reported under model.PanicProperty with the path to the state.
func panicReason(name string, x any) string {
	return fmt.Sprintf("property %q panicked in the last state: %v", name, x)
}

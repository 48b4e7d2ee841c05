package explore

import (
	"fmt"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
)

// PanicProperty names the built-in property "Next does not panic" (model.PanicProperty): a model whose Next panics
// while expanding a state is reported as violating it, with the path to that state.
const PanicProperty = model.PanicProperty

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

// firstBroken returns the index (into all) of the first Always property that s breaks, or -1.
func (p *props[S]) firstBroken(s S) int {
	for _, i := range p.always {
		if !p.all[i].Holds(s) {
			return i
		}
	}
	return -1
}

// touch marks the Sometimes properties that hold in s.
func (p *props[S]) touch(s S) {
	if p.sometimesLeft.Load() == 0 {
		return
	}
	for j, i := range p.sometimes {
		if !p.sometimesHit[j].Load() && p.all[i].Holds(s) {
			if p.sometimesHit[j].CompareAndSwap(false, true) {
				p.sometimesLeft.Add(-1)
			}
		}
	}
}

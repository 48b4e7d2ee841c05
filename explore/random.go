package explore

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
)

// random runs Options.Walks seeded random walks. Walk i draws from a generator seeded with
// (Seed, i) alone, so each walk is the same whatever the number of workers. When a walk finds a
// violation, walks with higher indexes are abandoned and walks with lower ones still run, so the
// reported counterexample is that of the lowest violating walk: the same seed reports the same
// trace, byte for byte.
func (r *run[S]) random() {
	var inits []S
	r.m.Init(func(s S) { inits = append(inits, s) })
	if len(inits) == 0 {
		r.exhaustive = true
		return
	}
	var (
		next  atomic.Int64
		limit atomic.Int64 // walks at or above this index need not run
		wg    sync.WaitGroup
	)
	limit.Store(r.opts.Walks)
	for range r.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &walker[S]{r: r, inits: inits, limit: &limit}
			w.emitFn = w.emit
			r.seen.mu.RLock()
			defer r.seen.mu.RUnlock()
			for !r.stopped.Load() {
				i := next.Add(1) - 1
				if i >= limit.Load() {
					return
				}
				w.walk(i)
				r.walks.Add(1)
				if r.checkBudget() {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(r.violations) > 0 && !r.opts.CollectAll {
		r.stop(StopViolation)
	}
}

// walker runs random walks for one goroutine.
type walker[S any] struct {
	r      *run[S]
	inits  []S
	limit  *atomic.Int64
	steps  []Step[S] // the walk so far
	succ   []Step[S] // successors of the current state
	emitFn func(model.Action, S)
}

func (w *walker[S]) emit(a model.Action, s S) {
	w.succ = append(w.succ, Step[S]{Action: a, State: s})
}

// path copies the walk so far.
func (w *walker[S]) path(init S) *Path[S] {
	return &Path[S]{Init: init, Steps: append([]Step[S](nil), w.steps...)}
}

// found records a violation in walk i. Unless every violation is collected, it lowers the
// limit so that later walks stop, and keeps only the violation of the lowest walk.
func (w *walker[S]) found(v pending[S], i int64) {
	r := w.r
	v.walk, v.hasPath = i, true
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.opts.CollectAll {
		// One counterexample per property: the one from the lowest walk.
		for k := range r.violations {
			if r.violations[k].prop == v.prop {
				if i < r.violations[k].walk {
					r.violations[k] = v
				}
				return
			}
		}
		r.found[v.prop] = true
		r.violations = append(r.violations, v)
		return
	}
	if len(r.violations) > 0 && r.violations[0].walk <= i {
		return
	}
	r.violations = append(r.violations[:0], v)
	r.found = map[int]bool{v.prop: true}
	for {
		cur := w.limit.Load()
		if i >= cur || w.limit.CompareAndSwap(cur, i) {
			break
		}
	}
}

func (w *walker[S]) walk(i int64) {
	r := w.r
	rng := rand.New(rand.NewPCG(r.opts.Seed, uint64(i)))
	init := w.inits[rng.IntN(len(w.inits))]
	r.generated.Add(int64(len(w.inits)))
	w.steps = w.steps[:0]
	cur := init
	var ev uint64
	for depth := 1; ; depth++ {
		if depth > 1 && i > w.limit.Load() {
			return // a lower walk found a violation
		}
		fp := nonZero(r.m.Fingerprint(cur))
		if r.seen.full() {
			r.seen.mu.RUnlock()
			r.seen.grow()
			r.seen.mu.RLock()
		}
		isNew := r.seen.insert(fp, 0)
		r.noteDepth(depth)
		if isNew {
			r.props.touch(cur)
		}
		// Invariants are judged in every state of the walk, seen before or not, so that the
		// walk's own counterexample does not depend on what other walks visited.
		if k := r.props.firstBroken(cur); k >= 0 {
			w.found(pending[S]{prop: k, path: w.path(init), reason: "the invariant does not hold in the last state"}, i)
			return
		}
		ev = r.props.ev(cur, ev)
		if depth >= r.opts.MaxDepth {
			w.ended(ev, init, i, fmt.Sprintf("the walk reaches its depth bound (%d) without it having held", r.opts.MaxDepth))
			return
		}
		w.succ = w.succ[:0]
		if !w.expand(cur, init, i) {
			return
		}
		r.generated.Add(int64(len(w.succ)))
		live := 0
		for k := range w.succ {
			if !w.succ[k].Action.Kind.IsFault() {
				live++
			}
		}
		if live == 0 {
			// The path may end here (faults may always stop): judge it as ended. If faults
			// can still happen, the walk goes on through them.
			if w.ended(ev, init, i, pathEnds) {
				return
			}
			if len(w.succ) == 0 {
				return
			}
		}
		st := w.succ[rng.IntN(len(w.succ))]
		w.steps = append(w.steps, st)
		cur = st.State
	}
}

// expand collects the successors of cur into w.succ; a panic is reported as a violation.
func (w *walker[S]) expand(cur S, init S, i int64) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			w.found(pending[S]{prop: -1, path: w.path(init), reason: fmt.Sprintf("Next panicked expanding the last state: %v", p)}, i)
			ok = false
		}
	}()
	w.r.m.Next(cur, w.emitFn)
	return true
}

// ended reports the Eventually properties that never held on a walk that ends here, and
// whether it reported any.
func (w *walker[S]) ended(ev uint64, init S, i int64, reason string) bool {
	if w.r.props.evAll == 0 || ev == w.r.props.evAll {
		return false
	}
	for j, k := range w.r.props.eventually {
		if ev&(1<<j) == 0 {
			w.found(pending[S]{prop: k, path: w.path(init), reason: reason}, i)
			if !w.r.opts.CollectAll {
				break
			}
		}
	}
	return true
}

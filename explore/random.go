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
	newChooser := r.choosers()
	for range r.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &walker[S]{r: r, inits: inits, limit: &limit, ch: newChooser()}
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
	ch     chooser[S] // picks the steps before faults stop
	steps  []Step[S]  // the walk so far
	succ   []Step[S]  // successors of the current state
	emitFn func(model.Action, S)
	// lastTaken holds, after faults stop, the step at which each action was last taken, for
	// the fair scheduler.
	lastTaken map[uint64]int
	fair      []int // indexes into succ of the candidates the fair scheduler picks among
	// mon tracks the liveness properties along the walk.
	mon []monitor
}

// monitor tracks one liveness property along a random walk.
type monitor struct {
	lp livenessProp
	// held says whether an Eventually property has held.
	held bool
	// since is the step from which an AlwaysEventually property has been false, or a
	// LeadsTo condition has waited for its goal (-1: not waiting).
	since int
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
	init := w.inits[w.ch.start(rng, i, len(w.inits))]
	r.generated.Add(int64(len(w.inits)))
	w.steps = w.steps[:0]
	clear(w.lastTaken)
	w.mon = w.mon[:0]
	for _, lp := range r.live {
		w.mon = append(w.mon, monitor{lp: lp, since: -1})
	}
	stab := r.opts.Stabilize
	cur := init
	for k := 0; ; k++ { // k steps taken; cur is the state they lead to
		if k > 0 && i > w.limit.Load() {
			return // a lower walk found a violation
		}
		fp := nonZero(r.m.Fingerprint(cur))
		if r.seen.full() {
			r.seen.mu.RUnlock()
			r.seen.grow()
			r.seen.mu.RLock()
		}
		isNew := r.seen.insert(fp, 0)
		r.noteDepth(k + 1)
		if isNew {
			if j, x := r.props.touch(cur); x != nil {
				w.found(pending[S]{prop: -1, path: w.path(init), reason: panicReason(r.props.all[j].Name, x)}, i)
				return
			}
		}
		// Invariants are judged in every state of the walk, seen before or not, so that the
		// walk's own counterexample does not depend on what other walks visited.
		if pos, x := r.props.firstBroken(cur, 0); pos >= 0 {
			j := r.props.always[pos]
			v := pending[S]{prop: j, path: w.path(init), reason: "the invariant does not hold in the last state"}
			if x != nil {
				v.prop, v.reason = -1, panicReason(r.props.all[j].Name, x)
			}
			w.found(v, i)
			return
		}
		if w.observeSafely(cur, k, init, i) {
			return
		}
		if k+1 >= r.opts.MaxDepth {
			return // the depth bound; deadlines not reached yet are not violations
		}
		w.succ = w.succ[:0]
		if !w.expand(cur, init, i) {
			return
		}
		r.generated.Add(int64(len(w.succ)))
		live := 0
		for j := range w.succ {
			if !w.succ[j].Action.Kind.IsFault() {
				live++
			}
		}
		if live == 0 {
			// The behaviour may end here (faults may always stop): judge it as ended. If
			// faults can still happen before the stabilisation point, the walk goes on
			// through them.
			if w.ended(k, init, i) || k >= stab || len(w.succ) == 0 {
				return
			}
		}
		var st Step[S]
		if k < stab {
			j := w.ch.choose(rng, k, w.succ)
			if j < 0 {
				return // the walk's configuration allows none of the steps
			}
			st = w.succ[j]
		} else {
			st = w.fairPick(rng, k)
		}
		w.steps = append(w.steps, st)
		cur = st.State
	}
}

// fairPick returns, after faults have stopped, the step that a fair scheduler takes at step k:
// among the actions that are not faults, one of those taken least recently (never taken first),
// chosen at random among equals.
func (w *walker[S]) fairPick(rng *rand.Rand, k int) Step[S] {
	if w.lastTaken == nil {
		w.lastTaken = map[uint64]int{}
	}
	w.fair = w.fair[:0]
	oldest := k + 1
	for j := range w.succ {
		a := w.succ[j].Action
		if a.Kind.IsFault() {
			continue
		}
		c, _ := model.FairnessClass(a, model.FairActions)
		t, ok := w.lastTaken[c]
		if !ok {
			t = -1
		}
		switch {
		case t < oldest:
			oldest = t
			w.fair = append(w.fair[:0], j)
		case t == oldest:
			w.fair = append(w.fair, j)
		}
	}
	st := w.succ[w.fair[rng.IntN(len(w.fair))]]
	c, _ := model.FairnessClass(st.Action, model.FairActions)
	w.lastTaken[c] = k
	return st
}

// observeSafely is observe, with a panicking predicate reported under model.PanicProperty.
func (w *walker[S]) observeSafely(s S, k int, init S, i int64) (stop bool) {
	m := -1
	defer func() {
		if x := recover(); x != nil {
			name := "?"
			if m >= 0 {
				name = w.r.props.all[w.mon[m].lp.idx].Name
			}
			w.found(pending[S]{prop: -1, path: w.path(init), reason: panicReason(name, x)}, i)
			stop = true
		}
	}()
	return w.observe(s, k, init, i, &m)
}

// observe updates the liveness monitors with the state after k steps, and reports a violation
// (returning true) when a bound has passed.
func (w *walker[S]) observe(s S, k int, init S, i int64, cur *int) bool {
	r := w.r
	stab, within := r.opts.Stabilize, r.opts.Within
	for m := range w.mon {
		*cur = m
		mon := &w.mon[m]
		prop := &r.props.all[mon.lp.idx]
		var reason string
		switch mon.lp.kind {
		case model.KindEventually:
			if !mon.held && prop.Holds(s) {
				mon.held = true
			}
			if !mon.held && k >= stab+within {
				reason = fmt.Sprintf("it has not held within %d steps after faults stopped at step %d", within, stab)
			}
		case model.KindAlwaysEventually:
			if prop.Holds(s) {
				mon.since = -1
			} else if mon.since < 0 {
				mon.since = k
			}
			if mon.since >= 0 && k-max(mon.since, stab) >= within {
				reason = fmt.Sprintf("it has not held for %d steps in a row after faults stopped at step %d", within, stab)
			}
		case model.KindLeadsTo:
			q := prop.Then(s)
			if q {
				mon.since = -1
			} else if mon.since < 0 && prop.Holds(s) {
				mon.since = k
			}
			if mon.since >= 0 && k-max(mon.since, stab) >= within {
				reason = fmt.Sprintf("its condition held at step %d and its goal did not follow within %d steps after faults stopped at step %d", mon.since, within, stab)
			}
		}
		if reason != "" {
			w.found(pending[S]{prop: mon.lp.idx, path: w.path(init), reason: reason, stabilized: stab, stable: true}, i)
			if !r.opts.CollectAll {
				return true
			}
		}
	}
	return false
}

// ended reports the liveness properties that fail on a walk that ends after k steps (nothing
// but faults can happen), and whether it reported any.
func (w *walker[S]) ended(k int, init S, i int64) bool {
	stab, stable := w.r.opts.Stabilize, k >= w.r.opts.Stabilize
	any := false
	for m := range w.mon {
		mon := &w.mon[m]
		var reason string
		switch {
		case mon.lp.kind == model.KindEventually && !mon.held:
			reason = "the path ends (nothing but faults can happen) without it having held"
		case mon.lp.kind == model.KindAlwaysEventually && mon.since >= 0:
			reason = "the path ends (nothing but faults can happen) in a state where it does not hold"
		case mon.lp.kind == model.KindLeadsTo && mon.since >= 0:
			reason = fmt.Sprintf("its condition held at step %d, and the path ends (nothing but faults can happen) without its goal having held", mon.since)
		}
		if reason != "" {
			any = true
			w.found(pending[S]{prop: mon.lp.idx, path: w.path(init), reason: reason, stabilized: stab, stable: stable}, i)
			if !w.r.opts.CollectAll {
				return true
			}
		}
	}
	return any
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

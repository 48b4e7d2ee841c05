package explore

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
)

// entry is a queued state: the state itself, its fingerprint, and its id in the recorded graph
// (when the graph is recorded).
type entry[S any] struct {
	s  S
	fp uint64
	id uint32
	// bad, if not empty, says that a liveness predicate panicked on s (see addState).
	bad string
}

// succ is a successor of the state being expanded, with the fairness class of the action that
// led to it (when the graph is recorded).
type succ[S any] struct {
	s     S
	fp    uint64
	class uint64
}

// bfs explores level by level. Workers share the frontier of one level, claim chunks of it, and
// each appends the new states it finds to a next level of its own; the levels are joined at the
// barrier. A state is expanded by the one worker whose insert into the visited set won, so the
// counts do not depend on the number of workers, and a violation found at depth d is at the
// least depth any violation has: counterexamples are shortest.
func (r *run[S]) bfs() {
	var frontier []entry[S]
	r.m.Init(func(s S) {
		r.generated.Add(1)
		if r.stopped.Load() {
			return
		}
		fp := nonZero(r.m.Fingerprint(s))
		if r.seen.full() {
			r.seen.grow()
		}
		e := entry[S]{s: s, fp: fp}
		if !r.addState(&e, 0, flagInit) {
			return
		}
		if r.checkNew(s, fp, e.bad, nil) {
			frontier = append(frontier, e)
		}
	})
	if len(frontier) > 0 {
		r.noteDepth(1)
	}
	workers := make([]*bfsWorker[S], r.opts.Workers)
	for i := range workers {
		workers[i] = &bfsWorker[S]{r: r}
		workers[i].emitFn = workers[i].emit
	}
	defer func() {
		if r.graph != nil {
			for _, w := range workers {
				r.graph.addLog(w.edges)
			}
		}
	}()
	for depth := 1; len(frontier) > 0 && !r.stopped.Load(); depth++ {
		if r.opts.MaxDepth > 0 && depth >= r.opts.MaxDepth {
			return // states at the bound are not expanded: the search is not exhaustive
		}
		if r.checkBudget() {
			return
		}
		r.queued.Store(int64(len(frontier)))
		var next int64
		chunk := len(frontier) / (len(workers) * 16)
		chunk = max(1, min(chunk, 512))
		var wg sync.WaitGroup
		for _, w := range workers {
			w.next = w.next[:0]
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.level(frontier, &next, chunk)
			}()
		}
		wg.Wait()
		n := 0
		for _, w := range workers {
			n += len(w.next)
		}
		// The old frontier is dropped here; the joined next level becomes the frontier.
		joined := make([]entry[S], 0, n)
		for _, w := range workers {
			joined = append(joined, w.next...)
			clear(w.next)
		}
		frontier = joined
		if len(frontier) > 0 {
			r.noteDepth(depth + 1)
		}
	}
	if !r.stopped.Load() {
		r.exhaustive = true
	}
}

// addState inserts e's fingerprint into the visited set with value val and reports whether it
// is new. When the graph is recorded it also gives e its id and records its fingerprint,
// liveness predicates and flags; a liveness predicate that panics is left for the caller to
// report, in e.bad, since only it knows the path to the state.
func (r *run[S]) addState(e *entry[S], val uint64, flags uint8) bool {
	if r.graph == nil {
		return r.seen.insert(e.fp, val)
	}
	id, isNew := r.seen.insertID(e.fp, val)
	e.id = id
	if isNew {
		bits, i, x := r.predBits(e.s)
		if x != nil {
			e.bad = panicReason(r.props.all[i].Name, x)
		}
		r.graph.fps.set(id, e.fp)
		r.graph.bits.set(id, bits)
		if flags != 0 {
			r.graph.flags.set(id, flags)
		}
	}
	return isNew
}

// checkNew checks the Always and Sometimes properties on a state just added to the visited set
// and reports the invariants it breaks (the first, or all when every violation is collected) and
// any predicate that panics. path, if not nil, is the path to s (DFS and random walks);
// otherwise the path is rebuilt from fp later. It reports whether s should be expanded.
func (r *run[S]) checkNew(s S, fp uint64, bad string, path func() *Path[S]) bool {
	r.noteNew(s)
	found := func(v pending[S]) {
		if path != nil {
			v.path, v.hasPath = path(), true
		}
		r.report(v)
	}
	if bad != "" {
		found(pending[S]{prop: -1, fp: fp, reason: bad})
		return false
	}
	if i, x := r.props.touch(s); x != nil {
		found(pending[S]{prop: -1, fp: fp, reason: panicReason(r.props.all[i].Name, x)})
		return false
	}
	ok := true
	for pos := 0; ; pos++ {
		var x any
		if pos, x = r.props.firstBroken(s, pos); pos < 0 {
			return ok
		}
		i := r.props.always[pos]
		if x != nil {
			found(pending[S]{prop: -1, fp: fp, reason: panicReason(r.props.all[i].Name, x)})
			return false
		}
		ok = false
		if r.want(i) {
			found(pending[S]{prop: i, fp: fp, reason: "the invariant does not hold in the last state"})
		}
		if !r.opts.CollectAll {
			return false
		}
	}
}

// bfsWorker expands states for one goroutine of a BFS.
type bfsWorker[S any] struct {
	r    *run[S]
	next []entry[S]
	// batch collects the successors of the state being expanded, so that their slots in the
	// visited set can be touched together before they are inserted.
	batch []succ[S]
	// live counts the successors in batch reached by a step that is not a fault.
	live int
	// edges is this worker's log of the recorded graph's transitions.
	edges  []edge
	sink   uint64
	emitFn func(model.Action, S)
}

// level expands chunks of the frontier until it is used up or the search stops.
func (w *bfsWorker[S]) level(frontier []entry[S], next *int64, chunk int) {
	r := w.r
	r.seen.mu.RLock()
	defer r.seen.mu.RUnlock()
	var generated int64
	for !r.stopped.Load() {
		lo := int(atomic.AddInt64(next, int64(chunk))) - chunk
		if lo >= len(frontier) {
			break
		}
		hi := min(lo+chunk, len(frontier))
		for i := lo; i < hi; i++ {
			generated += w.expand(&frontier[i])
		}
		r.generated.Add(generated)
		generated = 0
		r.queued.Add(-int64(hi - lo))
		// Budgets are checked once a chunk, so a check costs nothing per state.
		if r.checkBudget() {
			break
		}
	}
}

// expand produces the successors of e, adds the new ones to the next level, and returns how
// many successors there were. A panic in the model's Next is reported as a violation of
// PanicProperty.
func (w *bfsWorker[S]) expand(e *entry[S]) (n int64) {
	r := w.r
	w.batch, w.live = w.batch[:0], 0
	defer func() {
		if p := recover(); p != nil {
			r.reportPanic(p, e.fp, nil)
			n = int64(len(w.batch))
		}
	}()
	r.m.Next(e.s, w.emitFn)
	n = int64(len(w.batch))
	g := r.graph
	if g != nil && w.live == 0 {
		g.flags.set(e.id, g.flags.get(e.id)|flagEnds)
	}
	if n == 0 {
		return 0
	}
	// A self-loop leads back to e, which is known; other successors' slots are touched
	// first, so that their cache misses overlap, and then inserted.
	var sink uint64
	for i := range w.batch {
		if fp := w.batch[i].fp; fp != e.fp {
			sink += r.seen.touch(fp)
		}
	}
	w.sink += sink
	for i := range w.batch {
		b := &w.batch[i]
		if b.fp == e.fp {
			if g != nil {
				g.logEdge(&w.edges, edge{u: e.id, v: e.id, class: b.class})
			}
			continue
		}
		if r.seen.full() {
			r.seen.mu.RUnlock()
			r.seen.grow()
			r.seen.mu.RLock()
		}
		next := entry[S]{s: b.s, fp: b.fp}
		isNew := r.addState(&next, e.fp, 0)
		if g != nil {
			g.logEdge(&w.edges, edge{u: e.id, v: next.id, class: b.class})
		}
		if isNew && r.checkNew(b.s, b.fp, next.bad, nil) {
			w.next = append(w.next, next)
		}
	}
	clear(w.batch) // drop references to states that were not kept
	return n
}

func (w *bfsWorker[S]) emit(a model.Action, s S) {
	if !a.Kind.IsFault() {
		w.live++
	}
	b := succ[S]{s: s, fp: nonZero(w.r.m.Fingerprint(s))}
	if w.r.graph != nil {
		b.class, _ = model.FairnessClass(a, w.r.fairness)
	}
	w.batch = append(w.batch, b)
}

// reportPanic reports a panic in the model's Next while expanding the state with fingerprint fp.
func (r *run[S]) reportPanic(p any, fp uint64, path func() *Path[S]) {
	v := pending[S]{prop: -1, fp: fp, reason: fmt.Sprintf("Next panicked expanding the last state: %v", p)}
	if path != nil {
		v.path, v.hasPath = path(), true
	}
	r.report(v)
}

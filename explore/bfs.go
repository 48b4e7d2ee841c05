package explore

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
)

// entry is a state being added to the visited set: the state itself, its fingerprint, and its id
// in the recorded graph (when the graph is recorded). The frontier keeps the state, and the id
// and fingerprint as keeps says.
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
	perm  uint32
}

// bfs explores level by level. Workers share the frontier of one level, claim its blocks, and
// append the new states they find to blocks of the next level; a block is dropped as soon as it
// has been expanded, so a level's memory is returned while the next one grows, and levels are
// never copied. A state is expanded by the one worker whose insert into the visited set won, so
// the counts do not depend on the number of workers, and a violation found at depth d is at the
// least depth any violation has: counterexamples are shortest.
func (r *run[S]) bfs() {
	keep := keeps{ids: r.graph != nil, fps: r.sym != nil || r.spill != nil}
	r.packed = packer(r)
	next := &level[S]{}
	var first block[S]
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
		r.initRep(e.id, s)
		r.noteLevel(fp, 1)
		if r.checkNew(s, fp, e.bad, nil) {
			first.add(e, keep)
			if first.full() {
				r.pushBlock(next, &first, nil)
			}
		}
	})
	if len(first.states) > 0 {
		next.push(first)
	}
	frontier, queued := next.take()
	// unchecked says whether the frontier's states are candidates (see spill).
	unchecked := false
	if r.spill != nil {
		queued, unchecked = r.endLevel(frontier, queued, false)
	}
	if queued > 0 {
		r.noteDepth(1)
	}
	workers := make([]*bfsWorker[S], r.opts.Workers)
	for i := range workers {
		workers[i] = &bfsWorker[S]{r: r, keep: keep}
		workers[i].emitFn = workers[i].emit
	}
	defer func() {
		if r.graph != nil {
			for _, w := range workers {
				r.graph.addLog(w.edges)
			}
		}
	}()
	for depth := 1; queued > 0 && !r.stopped.Load(); depth++ {
		if r.opts.MaxDepth > 0 && depth >= r.opts.MaxDepth {
			if unchecked {
				r.checkCandidates(frontier)
			}
			return // states at the bound are not expanded: the search is not exhaustive
		}
		if r.checkBudget() {
			return
		}
		r.queued.Store(queued)
		var claimed int64
		var wg sync.WaitGroup
		deferred := r.spill != nil && r.spill.disk.n > 0
		for _, w := range workers {
			w.next, w.depth = next, depth
			w.unchecked, w.deferred = unchecked, deferred
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.level(frontier, &claimed)
				w.flush()
			}()
		}
		wg.Wait()
		frontier, queued = next.take()
		if r.spill != nil && !r.stopped.Load() {
			queued, unchecked = r.endLevel(frontier, queued, deferred)
		}
		if queued > 0 {
			r.noteDepth(depth + 1)
		}
	}
	if !r.stopped.Load() {
		r.exhaustive = true
	}
}

// blockSize is the number of states in a block of the BFS frontier: large enough that claiming
// one costs nothing, small enough that a level's memory is returned as it is expanded.
const blockSize = 1024

// keeps says what a block keeps beside each state: its id when the graph is recorded, and its
// fingerprint when computing it again would cost a canonicalization (symmetry reduction); a
// plain model's fingerprint is recomputed at expansion rather than kept, to keep the frontier
// small.
type keeps struct{ ids, fps bool }

// block is a run of queued states, with their ids and fingerprints when keeps says so. A
// block whose states are encoded has no states but n of them: in data (the frontier kept
// encoded in memory, see FrontierEncoder), or written to disk (spill), bytes of them at off
// in the level's file.
type block[S any] struct {
	states []S
	ids    []uint32
	fps    []uint64
	n      int
	data   []byte
	off    int64
	bytes  int
}

// len returns the number of states in b, encoded or not.
func (b *block[S]) len() int {
	if b.states == nil {
		return b.n
	}
	return len(b.states)
}

func (b *block[S]) add(e entry[S], keep keeps) {
	if b.states == nil {
		b.states = make([]S, 0, blockSize)
		if keep.ids {
			b.ids = make([]uint32, 0, blockSize)
		}
		if keep.fps {
			b.fps = make([]uint64, 0, blockSize)
		}
	}
	b.states = append(b.states, e.s)
	if keep.ids {
		b.ids = append(b.ids, e.id)
	}
	if keep.fps {
		b.fps = append(b.fps, e.fp)
	}
}

func (b *block[S]) full() bool { return len(b.states) == blockSize }

// level collects the blocks of the next level from every worker.
type level[S any] struct {
	mu     sync.Mutex
	blocks []block[S]
	states int64
}

func (l *level[S]) push(b block[S]) {
	l.mu.Lock()
	l.blocks = append(l.blocks, b)
	l.states += int64(b.len())
	l.mu.Unlock()
}

// take returns the level's blocks and the number of states in them, and empties it.
func (l *level[S]) take() ([]block[S], int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	blocks, states := l.blocks, l.states
	l.blocks, l.states = nil, 0
	return blocks, states
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
	keep keeps
	// next is the next level; cur is the block of it this worker fills.
	next *level[S]
	cur  block[S]
	// batch collects the successors of the state being expanded, so that their slots in the
	// visited set can be touched together before they are inserted.
	batch []succ[S]
	// live counts the successors in batch reached by a step that is not a fault.
	live int
	// edges is this worker's log of the recorded graph's transitions.
	edges  edgeLog
	sink   uint64
	emitFn func(model.Action, S)
	// depth is the level being expanded; acts and succs are the batch's actions and states,
	// for partial-order reduction (see prune).
	depth int
	acts  []model.Action
	succs []S
	// fps holds the successors' fingerprints for partial-order reduction under symmetry.
	fps []uint64
	// unchecked says that the frontier's states are candidates, to admit before expanding
	// them; deferred, that the next level's are to be queued as candidates (see spill).
	unchecked, deferred bool
	// raw, loaded and enc are buffers for blocks written to disk.
	raw, enc []byte
	loaded   []S
}

// level expands the frontier's blocks, claiming them one at a time, until they are used up or
// the search stops. An expanded block is dropped from the frontier.
func (w *bfsWorker[S]) level(blocks []block[S], claimed *int64) {
	r := w.r
	r.seen.mu.RLock()
	defer r.seen.mu.RUnlock()
	for !r.stopped.Load() {
		k := int(atomic.AddInt64(claimed, 1)) - 1
		if k >= len(blocks) {
			break
		}
		b := blocks[k]
		blocks[k] = block[S]{}
		states := b.states
		if states == nil && b.n > 0 {
			var err error
			if states, err = r.readBlock(&b, &w.raw, &w.loaded); err != nil {
				r.spillFailed(err)
				break
			}
		}
		var generated int64
		for i := range states {
			var id uint32
			if w.keep.ids {
				id = b.ids[i]
			}
			var fp uint64
			if w.keep.fps {
				fp = b.fps[i]
			} else {
				fp = nonZero(r.m.Fingerprint(states[i]))
			}
			if w.unchecked && !r.admit(states[i], fp) {
				continue
			}
			generated += w.expand(states[i], fp, id)
		}
		r.generated.Add(generated)
		r.queued.Add(-int64(len(states)))
		clear(w.loaded) // decoded states are dropped with their block
		// Budgets are checked once a block, so a check costs nothing per state.
		if r.checkBudget() {
			break
		}
		// Let a worker that waits to grow the visited set (mu held exclusively) have it now,
		// not when this worker has finished the level: holding mu shared across blocks left
		// the other worker idle for the rest of every level in which a shard grew.
		r.seen.mu.RUnlock()
		r.seen.mu.RLock()
	}
}

// flush hands the worker's partly filled block to the next level.
func (w *bfsWorker[S]) flush() {
	if len(w.cur.states) > 0 {
		w.r.pushBlock(w.next, &w.cur, &w.enc)
	}
	w.cur = block[S]{}
}

// pushBlock hands b to level l and empties it, writing its states to disk first when the
// search spills its frontier, or else encoding them in memory when the model keeps its
// frontier encoded; buf is a buffer for their encoding.
func (r *run[S]) pushBlock(l *level[S], b *block[S], buf *[]byte) {
	if buf == nil {
		buf = new([]byte)
	}
	switch {
	case r.spill.spilling():
		r.writeBlock(b, buf)
	case r.packed != nil:
		r.packBlock(b, buf)
	}
	l.push(*b)
	*b = block[S]{}
}

// expand produces the successors of s (whose fingerprint is fp and whose id in the recorded
// graph is id), adds the new ones to the next level, and returns how many successors there
// were. A panic in the model's Next is reported as a violation of model.PanicProperty.
func (w *bfsWorker[S]) expand(s S, fp uint64, id uint32) (n int64) {
	r := w.r
	w.batch, w.live = w.batch[:0], 0
	defer func() {
		if p := recover(); p != nil {
			r.reportPanic(p, fp, nil)
			n = int64(len(w.batch))
		}
	}()
	w.acts = w.acts[:0]
	r.m.Next(s, w.emitFn)
	if r.por != nil {
		w.prune(s, fp, w.depth)
	}
	n = int64(len(w.batch))
	g := r.graph
	if g != nil && w.live == 0 {
		g.flags.set(id, g.flags.get(id)|flagEnds)
	}
	if n == 0 {
		return 0
	}
	// A self-loop leads back to s, which is known; other successors' slots are touched
	// first, so that their cache misses overlap, and then inserted.
	var sink uint64
	for i := range w.batch {
		if f := w.batch[i].fp; f != fp {
			sink += r.seen.touch(f)
		}
	}
	w.sink += sink
	for i := range w.batch {
		b := &w.batch[i]
		if b.fp == fp {
			if g != nil {
				g.logEdge(&w.edges, edge{u: id, v: id, class: b.class}, b.perm)
			}
			continue
		}
		if r.seen.full() {
			r.seen.mu.RUnlock()
			r.seen.grow()
			r.seen.mu.RLock()
		}
		next := entry[S]{s: b.s, fp: b.fp}
		isNew := r.addState(&next, fp, 0)
		if isNew {
			r.noteLevel(b.fp, w.depth+1)
		}
		if g != nil {
			if isNew {
				r.keepRep(next.id, b.perm)
			}
			g.logEdge(&w.edges, edge{u: id, v: next.id, class: b.class}, b.perm)
		}
		if isNew && (w.deferred || r.checkNew(b.s, b.fp, next.bad, nil)) {
			w.cur.add(next, w.keep)
			if w.cur.full() {
				r.pushBlock(w.next, &w.cur, &w.enc)
			}
		}
	}
	clear(w.batch) // drop references to states that were not kept
	return n
}

func (w *bfsWorker[S]) emit(a model.Action, s S) {
	if !a.Kind.IsFault() {
		w.live++
	}
	if w.r.por != nil {
		w.acts = append(w.acts, a)
	}
	var b succ[S]
	if w.r.graph != nil {
		// First: under symmetry, the canonical renaming may answer the fingerprint too.
		b.class, b.perm = w.r.edgeInfo(a, s)
	}
	b.s, b.fp = s, nonZero(w.r.m.Fingerprint(s))
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

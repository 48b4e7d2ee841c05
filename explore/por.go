package explore

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
)

// por is the state of a partial-order reduction (Options.POR): the model's ample sets, the
// level at which the BFS first reached each state (for the cycle proviso), and counts for the
// summary.
type por[S any] struct {
	red    model.Reducible[S]
	levels depthMap
	// reduced counts the states expanded with an ample set; proviso those whose ample set the
	// cycle proviso refused; pruned the successors left out.
	reduced, proviso, pruned atomic.Int64
}

// depthMap maps a state's fingerprint to the BFS level where it was first reached: a sharded
// map, safe for concurrent use. A key is put once, by the worker whose insert into the visited
// set won, with the level of the states being found, so what a lookup finds at a lower level
// was put before the level being expanded began and does not depend on the number of workers.
type depthMap struct {
	shards [256]struct {
		mu sync.Mutex
		m  map[uint64]uint32
	}
}

func (d *depthMap) put(fp uint64, level int) {
	sh := &d.shards[fp>>56]
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = map[uint64]uint32{}
	}
	if _, ok := sh.m[fp]; !ok {
		sh.m[fp] = uint32(level)
	}
	sh.mu.Unlock()
}

// at returns the level fp was first reached at, or 0 if it has not been recorded.
func (d *depthMap) at(fp uint64) int {
	sh := &d.shards[fp>>56]
	sh.mu.Lock()
	l := sh.m[fp]
	sh.mu.Unlock()
	return int(l)
}

// reducePOR sets up partial-order reduction when the options ask for it, or says why it cannot
// apply: it is built for BFS, for safety properties, and for models that implement
// model.Reducible and accept their configuration. Asked for by Options.AutoReduce only, it is
// left off where it cannot apply.
func (r *run[S]) reducePOR() error {
	if !r.opts.POR && !r.autoPOR() {
		return nil
	}
	red, err := r.reducible()
	if err != nil {
		if r.opts.POR {
			return err
		}
		return nil
	}
	r.opts.POR = true
	r.por = &por[S]{red: red}
	return nil
}

// reducible returns the model's partial-order reduction, or why the search cannot use it.
func (r *run[S]) reducible() (model.Reducible[S], error) {
	switch {
	case r.opts.Strategy != BFS:
		return nil, fmt.Errorf("explore: POR: partial-order reduction is built for BFS, not %s", r.opts.Strategy)
	case len(r.live) > 0:
		return nil, fmt.Errorf("explore: POR: liveness property %q cannot be checked under partial-order reduction yet; run without it", r.props.all[r.live[0].idx].Name)
	}
	m := r.m
	if sm, ok := m.(symModel[S]); ok {
		m = sm.Model
	}
	red, ok := m.(model.Reducible[S])
	if !ok {
		return nil, fmt.Errorf("explore: POR: the model does not support partial-order reduction (it is not a model.Reducible)")
	}
	if err := red.CheckReduction(); err != nil {
		return nil, fmt.Errorf("explore: POR: %w", err)
	}
	if r.sym != nil {
		both, ok := m.(model.ReducibleWithSymmetry)
		if !ok {
			return nil, fmt.Errorf("explore: POR: the model does not support partial-order reduction together with symmetry reduction (it is not a model.ReducibleWithSymmetry); use one of them")
		}
		if err := both.CheckReductionWithSymmetry(); err != nil {
			return nil, fmt.Errorf("explore: POR: %w", err)
		}
	}
	return red, nil
}

// noteLevel records that the state with fingerprint fp was first reached at BFS level level.
func (r *run[S]) noteLevel(fp uint64, level int) {
	if r.por != nil {
		r.por.levels.put(fp, level)
	}
}

// prune keeps in w.batch only an ample set of the successors of s (at BFS level level), when
// the model gives one and the cycle proviso accepts it: no successor in the set was reached at
// level or before — every cycle of the reduced graph then has a state expanded in full, since
// along a cycle the level cannot grow at every step.
func (w *bfsWorker[S]) prune(s S, fp uint64, level int) {
	p := w.r.por
	defer func() { clear(w.succs); w.acts, w.succs = w.acts[:0], w.succs[:0] }()
	for i := range w.batch {
		w.succs = append(w.succs, w.batch[i].s)
	}
	// Under symmetry the orbits' fingerprints break ties between ample sets, so that the
	// choice does not depend on which state of s's orbit this run holds (model.Reducible).
	var fps []uint64
	if w.r.sym != nil {
		w.fps = w.fps[:0]
		for i := range w.batch {
			w.fps = append(w.fps, w.batch[i].fp)
		}
		fps = w.fps
	}
	ample := p.red.Ample(s, w.acts, w.succs, fps)
	if ample == nil {
		return
	}
	// A step that leads back to s changes nothing and closes no cycle that matters (the graph
	// without such steps has the same reachable states), but an ample set of nothing else
	// would leave s's other steps out for good.
	moves := false
	for _, k := range ample {
		f := w.batch[k].fp
		if f == fp {
			continue
		}
		moves = true
		if l := p.levels.at(f); l > 0 && l <= level {
			p.proviso.Add(1)
			return
		}
	}
	if !moves {
		return
	}
	p.reduced.Add(1)
	p.pruned.Add(int64(len(w.batch) - len(ample)))
	for i, k := range ample {
		w.batch[i] = w.batch[k]
	}
	clear(w.batch[len(ample):])
	w.batch = w.batch[:len(ample)]
}

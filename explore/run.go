package explore

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/distcheck/distcheck/model"
)

// Run searches m with the given options. It returns an error for bad options or an invalid model
// (model.Validator); property violations are not errors but part of the Result. The search stops
// cleanly when ctx is canceled, reporting what it covered.
func Run[S any](ctx context.Context, m model.Model[S], opts Options) (*Result[S], error) {
	res, err := run1(ctx, m, opts)
	if err != nil || !canonical(res) {
		return res, err
	}
	// Several BFS workers found the shortest violations, but which of them comes first
	// depends on scheduling. A single worker, bounded at the violation's depth, finds the one
	// it would have found alone, so the counterexample does not depend on the number of
	// workers. Violations are usually shallow, so this costs little.
	// An invariant is judged on the state the path reaches; a panic while expanding it, one
	// level deeper.
	depth := res.Violations[0].Path.Len() + 1
	if res.Violations[0].Property == model.PanicProperty {
		depth++
	}
	again := opts
	again.Workers, again.MaxDepth, again.Progress = 1, depth, nil
	one, err := run1(ctx, m, again)
	if err != nil || one.Stopped != StopViolation || len(one.Violations) != 1 || one.Violations[0].Kind == model.KindSometimes {
		return res, err // canceled, say: keep what the parallel search found
	}
	res.Violations = one.Violations
	return res, nil
}

// canonical reports whether res came from a parallel BFS that stopped at a violation whose
// choice may depend on scheduling.
func canonical[S any](res *Result[S]) bool {
	return res != nil && res.Strategy == BFS && res.Options.Workers > 1 && res.Stopped == StopViolation &&
		len(res.Violations) == 1 && res.Violations[0].Loop < 0
}

func run1[S any](ctx context.Context, m model.Model[S], opts Options) (*Result[S], error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if v, ok := m.(model.Validator); ok {
		if err := v.Validate(); err != nil {
			return nil, err
		}
	}
	opts = opts.withDefaults()
	ps, err := newProps(m.Properties())
	if err != nil {
		return nil, err
	}
	r := &run[S]{
		ctx:    ctx,
		m:      m,
		opts:   opts,
		props:  ps,
		start:  time.Now(),
		found:  make(map[int]bool),
		stopCh: make(chan struct{}),
	}
	r.fairness = model.FairNone
	if d, ok := m.(model.DeclaresFairness); ok {
		r.fairness = d.Fairness()
	}
	if opts.Fairness != nil {
		r.fairness = *opts.Fairness
	}
	for i, q := range ps.all {
		if q.Kind.IsLiveness() {
			if len(r.live) == maxLiveness {
				return nil, fmt.Errorf("explore: more than %d liveness properties", maxLiveness)
			}
			if q.Kind == model.KindLeadsTo && q.Then == nil {
				return nil, fmt.Errorf("explore: leads-to property %q has no Then predicate", q.Name)
			}
			j := uint(len(r.live))
			r.live = append(r.live, livenessProp{idx: i, kind: q.Kind, p: 2 * j, q: 2*j + 1})
		}
	}
	if err := r.reduce(); err != nil {
		return nil, err
	}
	if err := r.reducePOR(); err != nil {
		return nil, err
	}
	// Exhaustive searches judge liveness on the state graph, which they record as they go.
	record := len(r.live) > 0 && !opts.Strategy.Sampled() && opts.MaxDepth == 0
	if record {
		r.graph = &graph{withPerms: r.slive != nil}
	}
	// A plain BFS (or random search) keeps fingerprints only; bounded DFS keeps depths, and a
	// BFS that records the graph keeps parents.
	withVals := opts.Strategy == DFS || record && opts.Strategy == BFS
	r.seen = newVisited(opts.ExpectedStates, record, withVals)
	if opts.Time > 0 {
		r.deadline = r.start.Add(opts.Time)
	}
	r.memLimit = memoryLimit(opts)
	defer limitGC(opts)()
	r.spill = newSpill(r)
	defer r.spill.close()
	if opts.Progress != nil {
		r.progressDone = make(chan struct{})
		go r.reportProgress()
	}
	switch opts.Strategy {
	case BFS:
		r.bfs()
	case DFS:
		r.dfs()
	case Random, PCT, Swarm, Coverage:
		r.random()
	}
	if r.progressDone != nil {
		close(r.stopCh)
		<-r.progressDone
	}
	if r.frontierErr != nil {
		return nil, r.frontierErr
	}
	if r.spill != nil && r.spill.err != nil {
		return nil, r.spill.err
	}
	if opts.Visited != nil {
		if err := r.eachVisited(opts.Visited); err != nil {
			return nil, err
		}
	}
	if r.graph != nil && r.exhaustive && !r.stopped.Load() {
		if err := r.checkLiveness(); err != nil {
			return nil, err
		}
	} else if len(r.live) > 0 && !opts.Strategy.Sampled() {
		r.notes = append(r.notes, "liveness properties were not checked: only an exhaustive search without a depth bound can judge them")
	}
	if len(r.live) > 0 && opts.Strategy.Sampled() && opts.Stabilize+opts.Within > opts.MaxDepth-1 {
		r.notes = append(r.notes, fmt.Sprintf("liveness was judged only where walks ended: walks of %d states are too short for faults to stop at step %d and the bound of %d steps to pass", opts.MaxDepth, opts.Stabilize, opts.Within))
	}
	return r.result()
}

// run is the state of one search shared by its workers.
type run[S any] struct {
	ctx      context.Context
	m        model.Model[S]
	opts     Options
	props    *props[S]
	seen     *visited
	start    time.Time
	deadline time.Time

	generated atomic.Int64
	depth     atomic.Int64
	queued    atomic.Int64
	walks     atomic.Int64

	stopped atomic.Bool
	mu      sync.Mutex
	reason  StopReason
	// found marks the properties (index into props.all, or -1 for panics) already reported.
	found      map[int]bool
	violations []pending[S]
	// exhaustive is set by the strategy when it covered every reachable state.
	exhaustive bool
	// live are the liveness properties; graph records the state graph to judge them on.
	live     []livenessProp
	graph    *graph
	fairness model.Fairness
	notes    []string
	// sym is the model's symmetry when Options.Symmetry is set; represented sums the sizes of
	// the orbits of the distinct states.
	sym         model.Symmetric[S]
	represented atomic.Int64
	// slive is what liveness under symmetry reduction records (see symlive.go).
	slive *symLive[S]
	// por is the partial-order reduction when Options.POR is set.
	por *por[S]

	stopCh       chan struct{}
	progressDone chan struct{}

	// memLimit is the memory budget in bytes (0: none); memChecked when it was last checked.
	memLimit   int64
	memChecked atomic.Int64
	// spill is what a BFS with a memory budget keeps on disk, if it can spill.
	spill *spill[S]
	// packed, if not nil, encodes the blocks of a BFS frontier kept in memory (FrontierEncoder).
	packed StateEncoder[S]
	// frontierErr is the first error decoding it (under mu).
	frontierErr error
}

// pending is a violation whose path may still have to be rebuilt (BFS keeps fingerprints only).
type pending[S any] struct {
	prop   int // index into props.all, or -1 for model.PanicProperty
	reason string
	walk   int64
	// fp is the fingerprint of the last state, for paths rebuilt from the visited set.
	fp uint64
	// path is set when the strategy has the path at hand (DFS, random walks, lassos).
	path    *Path[S]
	hasPath bool
	// loop is the index of the step where a lasso's loop starts, if lasso is set.
	loop  int
	lasso bool
	// stabilized is the step of a random walk after which faults stopped, if stable is set.
	stabilized int
	stable     bool
}

// stop ends the search for the given reason; the first reason wins.
func (r *run[S]) stop(reason StopReason) {
	r.mu.Lock()
	if r.reason == "" {
		r.reason = reason
	}
	r.mu.Unlock()
	r.stopped.Store(true)
}

// checkBudget stops the search if its time, state budget or context ran out. Workers call it
// every few hundred states.
func (r *run[S]) checkBudget() bool {
	if r.stopped.Load() {
		return true
	}
	if r.opts.MaxStates > 0 && r.distinct() >= r.opts.MaxStates {
		r.stop(StopMaxStates)
		return true
	}
	if !r.deadline.IsZero() && time.Now().After(r.deadline) {
		r.stop(StopTime)
		return true
	}
	if r.overMemory() {
		r.stop(StopMemory)
		return true
	}
	select {
	case <-r.ctx.Done():
		r.stop(StopCanceled)
		return true
	default:
	}
	return false
}

// report records a violation of property prop (unless that property was reported already) and
// stops the search unless every violation is to be collected. It reports whether it recorded.
// BFS and DFS use it; random walks use walker.found.
func (r *run[S]) report(v pending[S]) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.found[v.prop] {
		return false
	}
	if !r.opts.CollectAll && r.reason == StopViolation && !v.lasso {
		// The search stops at its first violation: one that a worker finds while the
		// others wind down is deeper or as deep, and would make the result depend on
		// scheduling. (Lassos are judged after a complete search, each on its own.)
		return false
	}
	r.found[v.prop] = true
	r.violations = append(r.violations, v)
	if !r.opts.CollectAll {
		if r.reason == "" {
			r.reason = StopViolation
		}
		r.stopped.Store(true)
	}
	return true
}

// want reports whether a violation of prop is still worth recording (BFS and DFS).
func (r *run[S]) want(prop int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.found[prop]
}

func (r *run[S]) stats() Stats {
	var graphBytes int64
	if r.graph != nil {
		graphBytes = r.graph.bytes()
	}
	var reduced, pruned int64
	if r.por != nil {
		reduced, pruned = r.por.reduced.Load(), r.por.pruned.Load()
	}
	var spilled Spilled
	if sp := r.spill; sp != nil {
		spilled = Spilled{
			Merges:       int(sp.merges.Load()),
			OnDisk:       sp.onDisk.Load(),
			VisitedBytes: sp.visitedBytes.Load(),
			States:       sp.states.Load(),
			StateBytes:   sp.stateBytes.Load(),
		}
	}
	return Stats{
		Spilled:      spilled,
		Reduced:      reduced,
		Pruned:       pruned,
		GraphBytes:   graphBytes,
		Distinct:     r.distinct(),
		Generated:    r.generated.Load(),
		MaxDepth:     int(r.depth.Load()),
		Queued:       r.queued.Load(),
		Walks:        r.walks.Load(),
		Elapsed:      time.Since(r.start),
		VisitedBytes: r.seen.bytes(),
		Represented:  r.represented.Load(),
	}
}

func (r *run[S]) reportProgress() {
	defer close(r.progressDone)
	t := time.NewTicker(r.opts.ProgressEvery)
	defer t.Stop()
	for {
		select {
		case <-r.stopCh:
			return
		case <-t.C:
			r.opts.Progress(r.stats())
		}
	}
}

// noteDepth raises the recorded maximum depth to d.
func (r *run[S]) noteDepth(d int) {
	for {
		cur := r.depth.Load()
		if int64(d) <= cur || r.depth.CompareAndSwap(cur, int64(d)) {
			return
		}
	}
}

func (r *run[S]) result() (*Result[S], error) {
	st := r.stats()
	st.Queued = 0
	st.Stopped = r.reason
	if st.Stopped == "" {
		st.Stopped = StopComplete
	}
	st.Exhaustive = r.exhaustive && st.Stopped == StopComplete
	res := &Result[S]{Stats: st, Strategy: r.opts.Strategy, Options: r.opts, Fairness: r.fairness, Notes: r.notes}
	sort.SliceStable(r.violations, func(i, j int) bool { return r.violations[i].prop < r.violations[j].prop })
	var need []uint64
	for _, v := range r.violations {
		if !v.hasPath {
			need = append(need, v.fp)
		}
	}
	table, err := r.parentTable(need)
	if err != nil {
		return nil, fmt.Errorf("explore: rebuilding the counterexamples' paths: %w", err)
	}
	for _, v := range r.violations {
		out := Violation[S]{Reason: v.reason, Walk: v.walk, Loop: -1, Stabilized: -1}
		if v.lasso {
			out.Loop = v.loop
		}
		if v.stable {
			out.Stabilized = v.stabilized
		}
		if v.prop < 0 {
			out.Property, out.Kind = model.PanicProperty, model.KindAlways
		} else {
			out.Property, out.Kind = r.props.all[v.prop].Name, r.props.all[v.prop].Kind
		}
		if v.hasPath {
			out.Path = *v.path
		} else {
			p, err := r.rebuild(table, v.fp)
			if err != nil {
				return nil, fmt.Errorf("explore: rebuilding the counterexample for %q: %w", out.Property, err)
			}
			out.Path = p
		}
		res.Violations = append(res.Violations, out)
	}
	// Sometimes properties that never held are violations too — unless the search stopped at
	// another violation before it could look further.
	if st.Stopped != StopViolation {
		for j, i := range r.props.sometimes {
			if r.props.sometimesHit[j].Load() {
				continue
			}
			how := "the search was exhaustive"
			if !st.Exhaustive {
				how = fmt.Sprintf("inconclusive: the search was not exhaustive: %s", describeStop(st, r.opts))
			}
			res.Violations = append(res.Violations, Violation[S]{
				Property:     r.props.all[i].Name,
				Kind:         model.KindSometimes,
				Reason:       fmt.Sprintf("never held in any of the %d distinct states explored (%s)", st.Distinct, how),
				Inconclusive: !st.Exhaustive,
			})
		}
	}
	return res, nil
}

func describeStop(st Stats, o Options) string {
	switch st.Stopped {
	case StopMaxStates:
		return fmt.Sprintf("stopped at the budget of %d states", o.MaxStates)
	case StopTime:
		return fmt.Sprintf("stopped at the time budget of %v", o.Time)
	case StopCanceled:
		return "canceled"
	case StopMemory:
		return fmt.Sprintf("stopped at the memory budget of %d MB", memoryLimit(o)>>20)
	}
	if o.Strategy.Sampled() {
		return fmt.Sprintf("%d %s walks of depth ≤ %d", st.Walks, o.Strategy, o.MaxDepth)
	}
	if o.MaxDepth > 0 {
		return fmt.Sprintf("depth bound %d", o.MaxDepth)
	}
	return string(st.Stopped)
}

// rebuild returns the path to the state with fingerprint fp, following parent links in seen (the
// visited set, or the table that parents rebuilt) back to an initial state and then replaying
// forward, matching fingerprints.
func (r *run[S]) rebuild(seen *visited, fp uint64) (Path[S], error) {
	chain := []uint64{fp}
	for {
		parent, ok := seen.lookup(chain[len(chain)-1])
		if !ok {
			return Path[S]{}, fmt.Errorf("state %016x is not in the visited set", chain[len(chain)-1])
		}
		if parent == 0 {
			break
		}
		chain = append(chain, parent)
		if len(chain) > 1<<24 {
			return Path[S]{}, fmt.Errorf("parent links form a cycle")
		}
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	var p Path[S]
	ok := false
	r.m.Init(func(s S) {
		if !ok && nonZero(r.m.Fingerprint(s)) == chain[0] {
			p.Init, ok = s, true
		}
	})
	if !ok {
		return p, fmt.Errorf("no initial state has fingerprint %016x (is the model deterministic?)", chain[0])
	}
	cur := p.Init
	for k, want := range chain[1:] {
		ok = false
		r.m.Next(cur, func(a model.Action, t S) {
			if !ok && nonZero(r.m.Fingerprint(t)) == want {
				p.Steps = append(p.Steps, Step[S]{Action: a, State: t})
				cur, ok = t, true
			}
		})
		if !ok {
			return p, fmt.Errorf("step %d: no successor has fingerprint %016x (is the model deterministic?)", k+1, want)
		}
	}
	return p, nil
}

// parentTable returns a table of parent links that reaches every fingerprint in fps: the
// visited set itself when it keeps parents, else the one that parents rebuilds.
func (r *run[S]) parentTable(fps []uint64) (*visited, error) {
	if r.seen.vals || len(fps) == 0 {
		return r.seen, nil
	}
	return r.parents(fps)
}

// parents searches breadth first again, on one goroutine, until it has reached every state
// whose fingerprint is in fps, recording each state's parent. A plain BFS keeps only
// fingerprints (8 bytes a state), so counterexamples' paths cost one second search down to the
// deepest of them, but only when there is a counterexample (see the package doc).
//
// It expands exactly the states the first search expanded: not those that break an invariant
// or whose invariant panics, and none of the successors of a state whose Next panics (the
// first search drops them too). So each state is reached at the depth the first search
// reached it, and a path is as short as the first search's. States beyond Options.MaxDepth are
// never needed: every fingerprint in fps was reached within it.
func (r *run[S]) parents(fps []uint64) (*visited, error) {
	want := make(map[uint64]bool, len(fps))
	for _, fp := range fps {
		want[fp] = true
	}
	seen := newVisited(0, false, true)
	var level, succs []S
	add := func(s S, parent uint64) {
		f := nonZero(r.m.Fingerprint(s))
		if seen.full() {
			seen.grow()
		}
		if !seen.insert(f, parent) {
			return
		}
		if want[f] {
			delete(want, f)
			return // a violation's state: the first search did not expand it
		}
		if pos, x := r.props.firstBroken(s, 0); pos < 0 && x == nil {
			level = append(level, s)
		}
	}
	r.m.Init(func(s S) { add(s, 0) })
	for len(want) > 0 && len(level) > 0 {
		cur := level
		level = nil
		for i, s := range cur {
			if len(want) == 0 {
				break
			}
			var zero S
			cur[i] = zero // let the expanded state go
			if !r.successors(s, &succs) {
				continue
			}
			pf := nonZero(r.m.Fingerprint(s))
			for _, t := range succs {
				add(t, pf)
			}
		}
	}
	clear(succs)
	if len(want) > 0 {
		for fp := range want {
			return nil, fmt.Errorf("state %016x was not found again (is the model deterministic?)", fp)
		}
	}
	return seen, nil
}

// successors sets *out to the successors of s and reports whether Next returned normally; a
// state whose Next panics has no successors, as in the first search.
func (r *run[S]) successors(s S, out *[]S) (ok bool) {
	clear(*out)
	*out = (*out)[:0]
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	r.m.Next(s, func(_ model.Action, t S) { *out = append(*out, t) })
	return true
}

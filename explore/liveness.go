package explore

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/model"
)

// livenessProp is a liveness property judged on the recorded state graph; p and q are the bit
// positions of its predicates (Holds and, for LeadsTo, Then) in graph.bits.
type livenessProp struct {
	idx  int
	kind model.Kind
	p, q uint
}

// maxLiveness is the number of liveness properties a model may have: each takes two bits of a
// word per state.
const maxLiveness = 32

// predBits evaluates the liveness predicates on s. If one panics, it returns the property's
// index (into props.all) and the panic's value.
func (r *run[S]) predBits(s S) (b uint64, prop int, panicked any) {
	defer func() {
		if x := recover(); x != nil {
			panicked = x
		}
	}()
	for _, lp := range r.live {
		prop = lp.idx
		p := &r.props.all[lp.idx]
		if p.Holds(s) {
			b |= 1 << lp.p
		}
		if lp.kind == model.KindLeadsTo && p.Then(s) {
			b |= 1 << lp.q
		}
	}
	return b, -1, nil
}

// analysis is the liveness check of one property on the recorded graph.
type analysis struct {
	g *graph
	// in says whether a state is in the subgraph where the awaited predicate is false.
	in func(v uint32) bool
	// scc is each state's strongly connected component in the subgraph (-1 outside it).
	scc []int32
	// bad marks the states of bad components: fair cycles, and states where behaviours end.
	bad []bool
	// required holds, per bad component, the fairness classes its loop must take.
	required map[int32][]uint64
	// spare is a per-state array kept for reuse by scratch.
	spare []uint32
	// sym, if not nil, judges components and builds loops (symmetry reduction).
	sym componentJudge
}

// componentJudge judges components and builds loops in place of analysis's own methods, under
// symmetry reduction (symAnalysis).
type componentJudge interface {
	judge(a *analysis, members []uint32, c int32)
	loop(a *analysis, entry uint32) []uint32
}

// checkLiveness judges every liveness property on the graph recorded by an exhaustive search,
// and reports a lasso for each that fails.
func (r *run[S]) checkLiveness() error {
	g := r.graph
	g.finish(int(r.seen.nextID.Load()))
	for _, lp := range r.live {
		if !r.want(lp.idx) {
			continue
		}
		v, err := r.lasso(lp)
		if err != nil {
			return fmt.Errorf("explore: liveness of %q: %w", r.props.all[lp.idx].Name, err)
		}
		if v != nil {
			r.report(*v)
		}
	}
	return nil
}

// lasso looks for a violation of lp and returns it, or nil if lp holds.
func (r *run[S]) lasso(lp livenessProp) (*pending[S], error) {
	g := r.graph
	awaited := lp.p
	if lp.kind == model.KindLeadsTo {
		awaited = lp.q
	}
	a := &analysis{g: g, in: func(v uint32) bool { return g.bits.get(v)&(1<<awaited) == 0 }}
	if r.slive != nil {
		a.sym = &symAnalysis[S]{l: r.slive, comps: map[int32]*symComp{}}
	}
	var inits []uint32
	for v := range uint32(g.n) {
		if g.flags.get(v)&flagInit != 0 {
			inits = append(inits, v)
		}
	}
	// Ids depend on which worker found a state first; fingerprints do not. Starting from the
	// initial states in fingerprint order makes the lasso the same whatever the scheduling:
	// everything else follows the edges, which each state's one expansion logged in order.
	slices.SortFunc(inits, func(a, b uint32) int { return cmp.Compare(g.fps.get(a), g.fps.get(b)) })
	var roots []uint32
	if lp.kind == model.KindEventually {
		// A violation never leaves the subgraph: it starts in it, at an initial state.
		for _, v := range inits {
			if a.in(v) {
				roots = append(roots, v)
			}
		}
	} else {
		for v := range uint32(g.n) {
			if a.in(v) {
				roots = append(roots, v)
			}
		}
	}
	a.components(roots)

	var prefix []uint32 // edge indices from an initial state to the lasso's entry
	var start, entry uint32
	isBad := func(v uint32) bool { return a.bad[v] }
	switch lp.kind {
	case model.KindEventually:
		var ok bool
		start, prefix, ok = a.path(inits, a.in, isBad)
		if !ok {
			return nil, nil
		}
	case model.KindAlwaysEventually:
		var ok bool
		start, prefix, ok = a.path(inits, nil, isBad)
		if !ok {
			return nil, nil
		}
	case model.KindLeadsTo:
		reach := a.reaching(isBad)
		trigger := func(v uint32) bool {
			return reach[v] && g.bits.get(v)&(1<<lp.p) != 0
		}
		var ok bool
		var toTrigger []uint32
		start, toTrigger, ok = a.path(inits, nil, trigger)
		if !ok {
			return nil, nil
		}
		t := start
		if len(toTrigger) > 0 {
			t = g.dst[toTrigger[len(toTrigger)-1]]
		}
		_, rest, ok := a.path([]uint32{t}, a.in, isBad)
		if !ok {
			return nil, fmt.Errorf("state %d reaches a bad component but no path to it was found", t)
		}
		prefix = append(toTrigger, rest...)
	}
	entry = start
	if len(prefix) > 0 {
		entry = g.dst[prefix[len(prefix)-1]]
	}
	var loop []uint32
	if g.flags.get(entry)&flagEnds == 0 {
		if a.sym != nil {
			loop = a.sym.loop(a, entry)
		} else {
			loop = a.loop(entry, a.required[a.scc[entry]])
		}
	}
	rebuild := r.rebuildEdges
	if r.slive != nil {
		rebuild = r.rebuildSym
	}
	path, err := rebuild(start, append(slices.Clone(prefix), loop...))
	if err != nil {
		return nil, err
	}
	v := &pending[S]{prop: lp.idx, path: &path, hasPath: true}
	fair := ""
	if r.fairness != model.FairNone {
		fair = fmt.Sprintf(" (fairness: %s)", r.fairness)
	}
	switch {
	case loop == nil:
		v.reason = "the path ends (nothing but faults can happen) without it having held"
		if lp.kind == model.KindAlwaysEventually {
			v.reason = "the path ends (nothing but faults can happen) in a state where it does not hold"
		}
	case lp.kind == model.KindEventually:
		v.loop, v.lasso = len(prefix), true
		v.reason = fmt.Sprintf("it never holds: the loop of %s after step %d can repeat forever%s", steps(len(loop)), len(prefix), fair)
	case lp.kind == model.KindAlwaysEventually:
		v.loop, v.lasso = len(prefix), true
		v.reason = fmt.Sprintf("it stops holding: the loop of %s after step %d, where it never holds, can repeat forever%s", steps(len(loop)), len(prefix), fair)
	default:
		v.loop, v.lasso = len(prefix), true
		v.reason = fmt.Sprintf("its condition holds, and then its goal never does: the loop of %s after step %d can repeat forever%s", steps(len(loop)), len(prefix), fair)
	}
	if loop == nil && lp.kind == model.KindLeadsTo {
		v.reason = "its condition holds, and then the path ends (nothing but faults can happen) without its goal having held"
	}
	return v, nil
}

// components runs Tarjan's algorithm (iteratively) on the subgraph from roots, and marks the
// states of bad components: states where behaviours end, and cycles that are fair — for each
// fairness class, some state of the component disables it or an edge inside takes it. (For
// weak fairness this test of the whole component is exact: a class enabled in all of its
// states and taken nowhere in it is enabled and not taken on any cycle inside it.)
func (a *analysis) components(roots []uint32) {
	g := a.g
	n := g.n
	index := make([]int32, n)
	low := make([]int32, n)
	for i := range index {
		index[i] = -1
	}
	a.scc = make([]int32, n)
	for i := range a.scc {
		a.scc[i] = -1
	}
	a.bad = make([]bool, n)
	a.required = map[int32][]uint64{}
	onStack := make([]bool, n)
	var (
		stack   []uint32
		counter int32
		comps   int32
	)
	type frame struct{ v, e uint32 }
	var frames []frame
	push := func(v uint32) {
		index[v], low[v] = counter, counter
		counter++
		stack = append(stack, v)
		onStack[v] = true
		frames = append(frames, frame{v, g.off[v]})
	}
	for _, root := range roots {
		if index[root] >= 0 {
			continue
		}
		push(root)
		for len(frames) > 0 {
			f := &frames[len(frames)-1]
			if f.e < g.off[f.v+1] {
				w := g.dst[f.e]
				f.e++
				if !a.in(w) {
					continue
				}
				if index[w] < 0 {
					push(w)
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			frames = frames[:len(frames)-1]
			if len(frames) > 0 {
				p := frames[len(frames)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			k := len(stack) - 1
			for stack[k] != v {
				k--
			}
			members := stack[k:]
			for _, m := range members {
				onStack[m] = false
				a.scc[m] = comps
			}
			if a.sym != nil {
				a.sym.judge(a, members, comps)
			} else {
				a.judge(members, comps)
			}
			comps++
			stack = stack[:k]
		}
	}
}

// judge marks the members of component c as bad if behaviours can end or loop fairly in it.
func (a *analysis) judge(members []uint32, c int32) {
	g := a.g
	if !a.cyclic(members) {
		return
	}
	// Per fairness class: in how many of the component's states it is enabled, and whether an
	// edge inside the component takes it. Components are mostly small: slices beat maps.
	type tally struct {
		class   uint64
		enabled int
		taken   bool
	}
	var tallies []tally
	var index map[uint64]int // used once there are many classes
	find := func(cl uint64) *tally {
		if index != nil {
			if i, ok := index[cl]; ok {
				return &tallies[i]
			}
		} else {
			for i := range tallies {
				if tallies[i].class == cl {
					return &tallies[i]
				}
			}
		}
		tallies = append(tallies, tally{class: cl})
		if index == nil && len(tallies) > 32 {
			index = make(map[uint64]int, 64)
			for i, t := range tallies {
				index[t.class] = i
			}
		} else if index != nil {
			index[cl] = len(tallies) - 1
		}
		return &tallies[len(tallies)-1]
	}
	var classes []uint64
	for _, v := range members {
		classes = classes[:0]
		lo, hi := g.out(v)
		for e := lo; e < hi; e++ {
			cl := g.cls[e]
			if cl == 0 {
				continue
			}
			t := find(cl)
			if !slices.Contains(classes, cl) {
				classes = append(classes, cl)
				t.enabled++
			}
			if a.scc[g.dst[e]] == c {
				t.taken = true
			}
		}
	}
	var required []uint64
	for _, t := range tallies {
		if t.enabled == len(members) {
			if !t.taken {
				return // enabled everywhere in the component, taken nowhere: not fair
			}
			required = append(required, t.class)
		}
	}
	slices.Sort(required)
	a.required[c] = required
	for _, v := range members {
		a.bad[v] = true
	}
}

// path returns the shortest path, as edge indices from one of starts, that stays in states
// where allowed holds (if allowed is not nil) and ends at a state where target holds.
func (a *analysis) path(starts []uint32, allowed, target func(uint32) bool) (start uint32, edges []uint32, ok bool) {
	g := a.g
	const none = ^uint32(0)
	const origin = none - 1
	parent := a.scratch() // state → edge index that reached it, origin, or none
	defer a.release(parent)
	var queue []uint32
	for _, s := range starts {
		if (allowed == nil || allowed(s)) && parent[s] == none {
			parent[s] = origin
			queue = append(queue, s)
		}
	}
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		if target(v) {
			for parent[v] != origin {
				e := parent[v]
				edges = append(edges, e)
				v = a.source(e)
			}
			slices.Reverse(edges)
			return v, edges, true
		}
		lo, hi := g.out(v)
		for e := lo; e < hi; e++ {
			w := g.dst[e]
			if parent[w] != none || (allowed != nil && !allowed(w)) {
				continue
			}
			parent[w] = e
			queue = append(queue, w)
		}
	}
	return 0, nil, false
}

// scratch returns an array with an entry per state, all ^0; release hands it back.
func (a *analysis) scratch() []uint32 {
	if a.spare == nil {
		a.spare = make([]uint32, a.g.n)
	}
	buf := a.spare
	a.spare = nil
	for i := range buf {
		buf[i] = ^uint32(0)
	}
	return buf
}

func (a *analysis) release(buf []uint32) { a.spare = buf }

// source returns the state an edge leaves.
func (a *analysis) source(e uint32) uint32 {
	g := a.g
	lo, hi := 0, g.n
	for lo < hi {
		mid := (lo + hi) / 2
		if g.off[mid+1] <= e {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return uint32(lo)
}

// loop returns a cycle through entry inside its component that takes an edge of every required
// fairness class, as edge indices.
func (a *analysis) loop(entry uint32, required []uint64) []uint32 {
	g := a.g
	c := a.scc[entry]
	inside := func(v uint32) bool { return a.scc[v] == c }
	var edges []uint32
	cur := entry
	for _, cl := range required {
		seg := a.edgePath(cur, inside, func(e uint32) bool { return g.cls[e] == cl && inside(g.dst[e]) })
		edges = append(edges, seg...)
		cur = g.dst[seg[len(seg)-1]]
	}
	if cur != entry || len(edges) == 0 {
		edges = append(edges, a.edgePath(cur, inside, func(e uint32) bool { return g.dst[e] == entry })...)
	}
	same := func(c uint64) uint64 { return c }
	return fairLoop(entry, edges,
		func(_, e uint32) (uint32, uint64) { return g.dst[e], g.cls[e] },
		func(v uint32) []uint64 { return classesOut(g, v, same) },
		func(from uint32, want func(n, e uint32) bool) ([]uint32, uint32) {
			seg := a.edgePath(from, inside, func(e uint32) bool { return inside(g.dst[e]) && want(0, e) })
			return seg, g.dst[seg[len(seg)-1]]
		})
}

// edgePath returns the shortest path of edges from v, through states where inside holds, whose
// last edge satisfies want. The component is strongly connected, so one exists.
func (a *analysis) edgePath(v uint32, inside func(uint32) bool, want func(e uint32) bool) []uint32 {
	g := a.g
	const none = ^uint32(0)
	const origin = none - 1
	parent := a.scratch()
	defer a.release(parent)
	parent[v] = origin
	queue := []uint32{v}
	for head := 0; head < len(queue); head++ {
		u := queue[head]
		lo, hi := g.out(u)
		for e := lo; e < hi; e++ {
			if want(e) {
				path := []uint32{e}
				for x := u; parent[x] != origin; {
					pe := parent[x]
					path = append(path, pe)
					x = a.source(pe)
				}
				slices.Reverse(path)
				return path
			}
			w := g.dst[e]
			if parent[w] == none && inside(w) {
				parent[w] = e
				queue = append(queue, w)
			}
		}
	}
	panic("explore: no path inside a strongly connected component")
}

// reaching returns the states of the subgraph from which a state where target holds can be
// reached inside the subgraph.
func (a *analysis) reaching(target func(uint32) bool) []bool {
	g := a.g
	// Reverse the subgraph's edges.
	roff := make([]uint32, g.n+1)
	for u := range uint32(g.n) {
		if !a.in(u) {
			continue
		}
		lo, hi := g.out(u)
		for e := lo; e < hi; e++ {
			if a.in(g.dst[e]) {
				roff[g.dst[e]+1]++
			}
		}
	}
	for i := range g.n {
		roff[i+1] += roff[i]
	}
	rsrc := make([]uint32, roff[g.n])
	pos := slices.Clone(roff[:g.n])
	for u := range uint32(g.n) {
		if !a.in(u) {
			continue
		}
		lo, hi := g.out(u)
		for e := lo; e < hi; e++ {
			if w := g.dst[e]; a.in(w) {
				rsrc[pos[w]] = u
				pos[w]++
			}
		}
	}
	reach := make([]bool, g.n)
	var queue []uint32
	for v := range uint32(g.n) {
		if a.in(v) && target(v) {
			reach[v] = true
			queue = append(queue, v)
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, u := range rsrc[roff[v]:roff[v+1]] {
			if !reach[u] {
				reach[u] = true
				queue = append(queue, u)
			}
		}
	}
	return reach
}

// rebuildEdges turns a path of recorded edges from state start into states and actions, by
// replaying the model: each step takes the successor with the edge's target fingerprint (and,
// for an edge subject to fairness, its class).
func (r *run[S]) rebuildEdges(start uint32, edges []uint32) (Path[S], error) {
	g := r.graph
	var p Path[S]
	var err error
	if p.Init, err = r.initialState(g.fps.get(start)); err != nil {
		return p, err
	}
	cur := p.Init
	var ok bool
	for k, e := range edges {
		want, class := g.fps.get(g.dst[e]), g.cls[e]
		ok = false
		r.m.Next(cur, func(a model.Action, t S) {
			if ok || nonZero(r.m.Fingerprint(t)) != want {
				return
			}
			if c, _ := model.FairnessClass(a, r.fairness); c != class {
				return
			}
			p.Steps = append(p.Steps, Step[S]{Action: a, State: t})
			cur, ok = t, true
		})
		if !ok {
			return p, fmt.Errorf("step %d: no successor has fingerprint %016x (is the model deterministic?)", k+1, want)
		}
	}
	return p, nil
}

// steps is "1 step" or "n steps".
func steps(n int) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}

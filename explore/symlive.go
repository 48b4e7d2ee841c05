package explore

import (
	"fmt"
	"slices"
	"sync"

	"github.com/distcheck/distcheck/model"
)

// Liveness under symmetry reduction.
//
// The search keeps one concrete state per orbit and records the graph of orbits. Weak fairness
// is per class, and renaming actors renames classes, so a cycle of orbits is not a cycle of
// states: following it from a state s may end at a renaming of s, and which node a cycle
// starves may change on every turn. The search therefore records, for every state it keeps,
// the renaming ρ that maps it to its orbit's canonical state C (model.SymmetricLiveness's
// CanonicalPermutation) and, on every edge from a kept state r to a successor t, the renaming
// σ that maps t to the canonical state of its orbit. In terms of canonical states the edge is
// C_u → π(C_w) with π = ρ_r ∘ σ⁻¹, of class ρ_r(class).
//
// The concrete graph is covered by the product of the graph of orbits and the group: node (O, g)
// stands for the state g(C_O), and the edge e from O to W leads from (O, g) to (W, g∘π_e), with
// class g∘ρ(class e). Every step of a state lifts to a step of each node standing for it, with
// the same class and the same enabled classes, so a fair cycle avoiding the awaited predicate
// exists in the concrete graph exactly when one exists in the product (the predicates cannot
// tell the states of an orbit apart).
//
// Let K be a strongly connected component of orbits (in the subgraph where the awaited predicate
// is false), O₀ one of its orbits, and τ_O the composed renaming of a path inside K from O₀ to
// O (so (O₀, id) reaches (O, τ_O)). Every edge e: O → W inside K closes the loop
// h_e = τ_O ∘ π_e ∘ τ_W⁻¹, and the nodes reachable from (O₀, id) inside K are
// S = {(O, h∘τ_O) : O ∈ K, h ∈ H}, where H is the group the h_e generate. S is strongly
// connected (a finite cover of a strongly connected graph: a walk whose renaming is h, repeated
// order(h) times, closes), and the other components over K are its images under left
// multiplication, which maps fair cycles to fair cycles. So K holds a fair cycle exactly when S
// does, and, as in the plain check, S does exactly when no class is enabled in every node of S
// and taken on no edge inside it. In the frame of O₀, with E_O = τ_O∘ρ_O(classes enabled at
// O) and T = the same images of the classes of the edges inside K:
//
//	class c is enabled in every node of S  ⇔  h(c) ∈ E = ⋂ E_O for every h ∈ H,
//	class c is taken inside S              ⇔  h(c) ∈ T for some h ∈ H.
//
// A fair cycle of S through the lasso's entry, taking each class enabled everywhere, is found by
// a search of S itself; its edges compose to the identity, so it closes from any node standing
// for the entry, and the rebuilt path, which tracks the renaming step by step, is a concrete
// lasso that replays.

// symLive is what a search under symmetry reduction records for liveness beside the graph.
type symLive[S any] struct {
	sym      model.Symmetric[S]
	sl       model.SymmetricLiveness[S]
	fairness model.Fairness
	size     int // length of the renamings

	mu    sync.Mutex
	index map[string]uint32
	perms [][]int
	// acts holds an action of each class recorded, to rename it.
	acts map[uint64]model.Action
	// reps holds per state the renaming that maps the state kept to the canonical state.
	reps paged[uint32]
	// memos of the group operations and renamed classes, used after the search.
	composed map[[2]uint32]uint32
	inverses map[uint32]uint32
	classes  map[classKey]uint64
}

type classKey struct {
	class uint64
	perm  uint32
}

// identityPerm is the index of the identity renaming.
const identityPerm = 0

// newSymLive prepares liveness under symmetry for r, or says why it cannot be.
func newSymLive[S any](m model.Model[S], sym model.Symmetric[S], f model.Fairness) (*symLive[S], error) {
	sl, ok := m.(model.SymmetricLiveness[S])
	if !ok {
		return nil, fmt.Errorf("the model cannot rename its fairness classes (it is not a model.SymmetricLiveness)")
	}
	l := &symLive[S]{sym: sym, sl: sl, fairness: f, index: map[string]uint32{}, acts: map[uint64]model.Action{},
		composed: map[[2]uint32]uint32{}, inverses: map[uint32]uint32{}, classes: map[classKey]uint64{}}
	for _, g := range sym.SymmetryGroups() {
		for _, a := range g {
			l.size = max(l.size, a+1)
		}
	}
	if l.size > 255 {
		return nil, fmt.Errorf("more than 255 actors in symmetry groups")
	}
	id := make([]int, l.size)
	for i := range id {
		id[i] = i
	}
	l.intern(id)
	return l, nil
}

// intern returns the index of perm (cut or extended to the renamings' length).
func (l *symLive[S]) intern(perm []int) uint32 {
	var buf [256]byte
	key := buf[:l.size]
	for i := range key {
		key[i] = byte(i)
		if i < len(perm) {
			key[i] = byte(perm[i])
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if k, ok := l.index[string(key)]; ok {
		return k
	}
	k := uint32(len(l.perms))
	p := make([]int, l.size)
	for i, b := range key {
		p[i] = int(b)
	}
	l.perms = append(l.perms, p)
	l.index[string(key)] = k
	return k
}

// canonical returns the index of the renaming that maps s to its orbit's canonical state.
func (l *symLive[S]) canonical(s S) uint32 { return l.intern(l.sl.CanonicalPermutation(s)) }

// class returns the fairness class of a, keeping an action of the class to rename later.
func (l *symLive[S]) class(a model.Action) uint64 {
	c, fair := l.sl.PermutedFairnessClass(a, l.fairness, nil)
	if !fair {
		return 0
	}
	l.mu.Lock()
	if _, ok := l.acts[c]; !ok {
		a.Choices = nil
		l.acts[c] = a
	}
	l.mu.Unlock()
	return c
}

// compose returns p∘q: q's renaming, then p's.
func (l *symLive[S]) compose(p, q uint32) uint32 {
	if p == identityPerm {
		return q
	}
	if q == identityPerm {
		return p
	}
	if k, ok := l.composed[[2]uint32{p, q}]; ok {
		return k
	}
	pp, qq := l.perms[p], l.perms[q]
	r := make([]int, l.size)
	for i := range r {
		r[i] = pp[qq[i]]
	}
	k := l.intern(r)
	l.composed[[2]uint32{p, q}] = k
	return k
}

// inverse returns p⁻¹.
func (l *symLive[S]) inverse(p uint32) uint32 {
	if k, ok := l.inverses[p]; ok {
		return k
	}
	r := make([]int, l.size)
	for i, x := range l.perms[p] {
		r[x] = i
	}
	k := l.intern(r)
	l.inverses[p] = k
	return k
}

// renamed returns class c (recorded on an edge) renamed by p; 0 stays 0.
func (l *symLive[S]) renamed(c uint64, p uint32) uint64 {
	if c == 0 || p == identityPerm {
		return c
	}
	key := classKey{c, p}
	if x, ok := l.classes[key]; ok {
		return x
	}
	x, _ := l.sl.PermutedFairnessClass(l.acts[c], l.fairness, l.perms[p])
	l.classes[key] = x
	return x
}

// symComp is what judging a bad component under symmetry found, for building its loop.
type symComp struct {
	tau      map[uint32]uint32 // orbit → τ
	required []uint64          // classes (in the frame of the base orbit) the loop must take
}

// symAnalysis judges components under symmetry (see the comment at the top of this file).
type symAnalysis[S any] struct {
	l     *symLive[S]
	comps map[int32]*symComp
}

// pi returns the renaming π_e of edge e out of state u.
func (s *symAnalysis[S]) pi(g *graph, u, e uint32) uint32 {
	return s.l.compose(s.l.reps.get(u), s.l.inverse(g.prm[e]))
}

// judge marks the members of component c as bad if a fair cycle of states lies over it.
func (s *symAnalysis[S]) judge(a *analysis, members []uint32, c int32) {
	g, l := a.g, s.l
	if !a.cyclic(members) {
		return
	}
	// τ by a search inside the component from the base, the member with the least fingerprint
	// (not the least id, which depends on the scheduling).
	base := members[0]
	for _, v := range members {
		if g.fps.get(v) < g.fps.get(base) {
			base = v
		}
	}
	tau := map[uint32]uint32{base: identityPerm}
	queue := []uint32{base}
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		lo, hi := g.out(v)
		for e := lo; e < hi; e++ {
			if w := g.dst[e]; a.scc[w] == c {
				if _, ok := tau[w]; !ok {
					tau[w] = l.compose(tau[v], s.pi(g, v, e))
					queue = append(queue, w)
				}
			}
		}
	}
	// The loops' renamings generate H; E and T in the base's frame, each class with the
	// recorded class and renaming it comes from.
	gens := map[uint32]bool{}
	type origin struct {
		class uint64
		perm  uint32
	}
	var enabled map[uint64]origin
	taken := map[uint64]bool{}
	for _, v := range queue {
		frame := l.compose(tau[v], l.reps.get(v))
		here := map[uint64]origin{}
		lo, hi := g.out(v)
		for e := lo; e < hi; e++ {
			w := g.dst[e]
			x := l.renamed(g.cls[e], frame)
			if x != 0 {
				here[x] = origin{g.cls[e], frame}
			}
			if a.scc[w] != c {
				continue
			}
			if x != 0 {
				taken[x] = true
			}
			if h := l.compose(l.compose(tau[v], s.pi(g, v, e)), l.inverse(tau[w])); h != identityPerm {
				gens[h] = true
			}
		}
		if enabled == nil {
			enabled = here
			continue
		}
		for x := range enabled {
			if _, ok := here[x]; !ok {
				delete(enabled, x)
			}
		}
	}
	group := []uint32{identityPerm}
	inGroup := map[uint32]bool{identityPerm: true}
	for i := 0; i < len(group); i++ {
		for h := range gens {
			if k := l.compose(h, group[i]); !inGroup[k] {
				inGroup[k] = true
				group = append(group, k)
			}
		}
	}
	// The loop must take every class enabled everywhere over the component.
	var required []uint64
	for x, o := range enabled {
		everywhere, takenSomewhere := true, false
		for _, h := range group {
			y := l.renamed(o.class, l.compose(h, o.perm))
			if _, ok := enabled[y]; !ok {
				everywhere = false
				break
			}
			takenSomewhere = takenSomewhere || taken[y]
		}
		if !everywhere {
			continue
		}
		if !takenSomewhere {
			return // enabled in every state over the component, taken in none: not fair
		}
		required = append(required, x)
	}
	slices.Sort(required)
	s.comps[c] = &symComp{tau: tau, required: required}
	for _, v := range members {
		a.bad[v] = true
	}
}

// node is a node of the product of the graph of orbits and the group: the state g(C_v).
type node struct{ v, g uint32 }

// loop returns a cycle through the entry orbit, as edges, that closes in the product (its
// renamings compose to the identity) and takes every class its component requires.
func (s *symAnalysis[S]) loop(a *analysis, entry uint32) []uint32 {
	g := a.g
	comp := s.comps[a.scc[entry]]
	start := node{entry, comp.tau[entry]}
	var edges []uint32
	cur := start
	for _, x := range comp.required {
		seg, end := s.edgePath(a, cur, func(n node, e uint32) bool { return s.class(a, n, e) == x })
		edges = append(edges, seg...)
		cur = end
	}
	if cur != start || len(edges) == 0 {
		seg, _ := s.edgePath(a, cur, func(n node, e uint32) bool { return s.next(a, n, e) == start })
		edges = append(edges, seg...)
	}
	return fairLoop(start, edges,
		func(n node, e uint32) (node, uint64) { return s.next(a, n, e), s.class(a, n, e) },
		func(n node) []uint64 {
			frame := s.l.compose(n.g, s.l.reps.get(n.v))
			return classesOut(g, n.v, func(c uint64) uint64 { return s.l.renamed(c, frame) })
		},
		func(from node, want func(node, uint32) bool) ([]uint32, node) { return s.edgePath(a, from, want) })
}

// class returns the class of edge e at node n.
func (s *symAnalysis[S]) class(a *analysis, n node, e uint32) uint64 {
	return s.l.renamed(a.g.cls[e], s.l.compose(n.g, s.l.reps.get(n.v)))
}

// next returns the node edge e leads to from n.
func (s *symAnalysis[S]) next(a *analysis, n node, e uint32) node {
	return node{a.g.dst[e], s.l.compose(n.g, s.pi(a.g, n.v, e))}
}

// edgePath returns the shortest path of edges from n inside its component of the product whose
// last edge satisfies want, and the node it ends at. The component is strongly connected and
// its nodes are finitely many, so one exists if an edge of it satisfies want.
func (s *symAnalysis[S]) edgePath(a *analysis, from node, want func(node, uint32) bool) ([]uint32, node) {
	g := a.g
	c := a.scc[from.v]
	type step struct {
		prev node
		e    uint32
	}
	parent := map[node]step{from: {e: ^uint32(0)}}
	queue := []node{from}
	for head := 0; head < len(queue); head++ {
		n := queue[head]
		lo, hi := g.out(n.v)
		for e := lo; e < hi; e++ {
			if a.scc[g.dst[e]] != c {
				continue
			}
			m := s.next(a, n, e)
			if want(n, e) {
				path := []uint32{e}
				for x := n; x != from; x = parent[x].prev {
					path = append(path, parent[x].e)
				}
				slices.Reverse(path)
				return path, m
			}
			if _, ok := parent[m]; !ok {
				parent[m] = step{n, e}
				queue = append(queue, m)
			}
		}
	}
	panic("explore: no path inside a strongly connected component of the product")
}

// rebuildSym turns a path of recorded edges of the graph of orbits from state start into
// concrete states and actions, tracking the renaming g with the state held equal to g(C): each
// step takes the successor whose class is the edge's class renamed by g∘ρ and which is
// g∘π(C) of the edge's target orbit.
func (r *run[S]) rebuildSym(start uint32, edges []uint32) (Path[S], error) {
	g, l := r.graph, r.slive
	var p Path[S]
	var err error
	if p.Init, err = r.initialState(g.fps.get(start)); err != nil {
		return p, err
	}
	cur, at := p.Init, l.inverse(l.canonical(p.Init))
	u := start
	an := &symAnalysis[S]{l: l}
	for k, e := range edges {
		w := g.dst[e]
		class := l.renamed(g.cls[e], l.compose(at, l.reps.get(u)))
		next := l.compose(at, an.pi(g, u, e))
		back := l.perms[l.inverse(next)]
		want := g.fps.get(w)
		ok := false
		r.m.Next(cur, func(a model.Action, t S) {
			if ok || l.class(a) != class || nonZero(l.sym.PermutedFingerprint(t, back)) != want {
				return
			}
			p.Steps = append(p.Steps, Step[S]{Action: a, State: t})
			cur, ok = t, true
		})
		if !ok {
			return p, fmt.Errorf("step %d: no successor is the renamed state with fingerprint %016x (is the model deterministic, and are its renamings automorphisms?)", k+1, want)
		}
		u, at = w, next
	}
	return p, nil
}

// edgeInfo returns the class of the step a to s for the recorded graph and, under symmetry
// reduction, the renaming that maps s to its orbit's canonical state.
func (r *run[S]) edgeInfo(a model.Action, s S) (class uint64, perm uint32) {
	if l := r.slive; l != nil {
		return l.class(a), l.canonical(s)
	}
	class, _ = model.FairnessClass(a, r.fairness)
	return class, 0
}

// keepRep records, under symmetry reduction with liveness, the renaming that maps the state
// kept as id to its orbit's canonical state.
func (r *run[S]) keepRep(id, perm uint32) {
	if r.slive != nil {
		r.slive.reps.set(id, perm)
	}
}

// initRep is keepRep for an initial state s.
func (r *run[S]) initRep(id uint32, s S) {
	if r.slive != nil {
		r.slive.reps.set(id, r.slive.canonical(s))
	}
}

package explore

import (
	"fmt"
	"maps"
	"slices"
)

// fairLoop extends loop, a cycle of edges from start that takes every class enabled in every
// state of its component, until it is weakly fair: every class enabled in each state along it
// is taken by one of its steps. A class enabled all along the loop but not everywhere in the
// component is disabled in some state of it, so a detour from start to such a state (or to a
// step of the class) and back fixes it for good; each detour fixes one class.
//
// step gives the node an edge leads to from n and its class; enabled, the classes enabled at
// a node; path, the shortest path of edges inside the component from a node whose last edge
// satisfies want, and the node it ends at.
func fairLoop[N comparable](start N, loop []uint32, step func(n N, e uint32) (N, uint64), enabled func(n N) []uint64,
	path func(from N, want func(n N, e uint32) bool) ([]uint32, N)) []uint32 {
	for {
		taken := map[uint64]bool{}
		var common map[uint64]bool
		n := start
		for _, e := range loop {
			here := map[uint64]bool{}
			for _, c := range enabled(n) {
				if c != 0 && (common == nil || common[c]) {
					here[c] = true
				}
			}
			common = here
			var c uint64
			n, c = step(n, e)
			taken[c] = true
		}
		var starved []uint64
		for c := range common {
			if !taken[c] {
				starved = append(starved, c)
			}
		}
		if len(starved) == 0 {
			return loop
		}
		c := slices.Min(starved)
		seg, end := path(start, func(n N, e uint32) bool {
			m, cl := step(n, e)
			return cl == c || !slices.Contains(enabled(m), c)
		})
		loop = append(loop, seg...)
		if end != start {
			back, _ := path(end, func(n N, e uint32) bool {
				m, _ := step(n, e)
				return m == start
			})
			loop = append(loop, back...)
		}
	}
}

// classesOut returns the distinct classes of the edges out of v, each renamed by rename.
func classesOut(g *graph, v uint32, rename func(c uint64) uint64) []uint64 {
	set := map[uint64]bool{}
	lo, hi := g.out(v)
	for e := lo; e < hi; e++ {
		set[rename(g.cls[e])] = true
	}
	return slices.Collect(maps.Keys(set))
}

// cyclic reports whether the component of members holds a cycle, and marks a single state where
// behaviours end as bad (it is then not cyclic: there is nothing more to judge).
func (a *analysis) cyclic(members []uint32) bool {
	if len(members) > 1 {
		return true
	}
	g, v := a.g, members[0]
	if g.flags.get(v)&flagEnds != 0 {
		a.bad[v] = true
		return false
	}
	lo, hi := g.out(v)
	return slices.Contains(g.dst[lo:hi], v)
}

// initialState returns the initial state with fingerprint fp.
func (r *run[S]) initialState(fp uint64) (S, error) {
	var init S
	ok := false
	r.m.Init(func(s S) {
		if !ok && nonZero(r.m.Fingerprint(s)) == fp {
			init, ok = s, true
		}
	})
	if !ok {
		return init, fmt.Errorf("no initial state has fingerprint %016x (is the model deterministic?)", fp)
	}
	return init, nil
}

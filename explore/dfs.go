package explore

import (
	"github.com/distcheck/distcheck/model"
)

// dfsEntry is a state waiting on the DFS stack, with the action that reached it.
type dfsEntry[S any] struct {
	entry[S]
	depth  int
	action model.Action
}

// dfs explores depth first on one worker. The stack holds states still to expand; path[d-1] is
// the state at depth d on the path to the state being expanded, so a counterexample is the path
// plus one step. Without a depth bound every state is expanded once, so the counts equal BFS's.
// With a bound, the visited set stores the least depth each state was reached at, and a state
// reached again by a shorter path is expanded again, so that nothing within the bound is missed.
func (r *run[S]) dfs() {
	bounded := r.opts.MaxDepth > 0
	var (
		stack []dfsEntry[S]
		path  []dfsEntry[S]
		cut   bool // a state at the depth bound had successors left unexplored
	)
	// pathTo returns the path from an initial state along the current path, plus last if it
	// is not nil.
	pathTo := func(last *dfsEntry[S]) func() *Path[S] {
		return func() *Path[S] {
			all := append([]dfsEntry[S](nil), path...)
			if last != nil {
				all = append(all, *last)
			}
			p := &Path[S]{Init: all[0].s}
			for _, e := range all[1:] {
				p.Steps = append(p.Steps, Step[S]{Action: e.action, State: e.s})
			}
			return p
		}
	}
	var inits []dfsEntry[S]
	r.m.Init(func(s S) {
		r.generated.Add(1)
		fp := nonZero(r.m.Fingerprint(s))
		if r.seen.full() {
			r.seen.grow()
		}
		e := dfsEntry[S]{entry: entry[S]{s: s, fp: fp}, depth: 1}
		if !r.addState(&e.entry, 1, flagInit) {
			return
		}
		r.initRep(e.id, s)
		if r.checkNew(s, fp, e.bad, pathTo(&e)) {
			inits = append(inits, e)
		}
	})
	for i := len(inits) - 1; i >= 0; i-- {
		stack = append(stack, inits[i])
	}
	var (
		kids    []dfsEntry[S]
		cur     dfsEntry[S]
		expands int
		live    int // successors reached by a step that is not a fault
		edges   edgeLog
	)
	g := r.graph
	if g != nil {
		defer func() { g.addLog(edges) }()
	}
	emit := func(a model.Action, s S) {
		r.generated.Add(1)
		if !a.Kind.IsFault() {
			live++
		}
		fp := nonZero(r.m.Fingerprint(s))
		d := cur.depth + 1
		if r.seen.full() {
			r.seen.grow()
		}
		e := dfsEntry[S]{entry: entry[S]{s: s, fp: fp}, depth: d, action: a}
		var isNew bool
		switch {
		case bounded:
			// The value is the least depth the state was reached at: a state reached again
			// by a shorter path is expanded again, as its successors may now be in bound.
			before := r.seen.len()
			if !r.seen.lower(fp, uint64(d)) {
				return
			}
			isNew = r.seen.len() > before
		default:
			isNew = r.addState(&e.entry, uint64(d), 0)
			if g != nil {
				class, perm := r.edgeInfo(a, s)
				if isNew {
					r.keepRep(e.id, perm)
				}
				g.logEdge(&edges, edge{u: cur.id, v: e.id, class: class}, perm)
			}
			if !isNew {
				return
			}
		}
		if !isNew || r.checkNew(s, fp, e.bad, pathTo(&e)) {
			kids = append(kids, e)
		}
	}
	expand := func() {
		defer func() {
			if p := recover(); p != nil {
				r.reportPanic(p, cur.fp, pathTo(nil))
			}
		}()
		r.m.Next(cur.s, emit)
	}
	for len(stack) > 0 && !r.stopped.Load() {
		cur = stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		path = append(path[:cur.depth-1], cur)
		r.noteDepth(cur.depth)
		if expands++; expands&255 == 0 {
			r.queued.Store(int64(len(stack)))
			if r.checkBudget() {
				return
			}
		}
		if bounded && cur.depth >= r.opts.MaxDepth {
			cut = true
			continue
		}
		kids, live = kids[:0], 0
		expand()
		if g != nil && live == 0 {
			g.flags.set(cur.id, g.flags.get(cur.id)|flagEnds)
		}
		// Push in reverse so that the first successor is explored first.
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	if !r.stopped.Load() && !cut {
		r.exhaustive = true
	}
}

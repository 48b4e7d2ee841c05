package counterexamples

import "github.com/distcheck/distcheck/model"

// shorten takes shortcuts: from each state of the path in turn, a bounded breadth-first search
// looks for a state that the path reaches later, or, for an invariant, a violating state, in
// fewer steps than the path takes; the path takes the best one found. Shortcuts stay within
// the part of the path that may change: a lasso's prefix, the steps before a random walk's
// stabilisation point. The searches explore at most budget states in all, and each at most a
// twentieth of it (but at least 500).
func (mz *minimizer[S]) shorten(c run[S], budget int) run[S] {
	per := max(budget/20, 500)
	targets := mz.targets(c)
	for i := 0; !mz.stopped() && mz.explored < budget; i++ {
		end := mz.region(c)
		if i+1 >= end {
			break
		}
		path, j := mz.bfs(c.states[i], i, end, targets, min(per, budget-mz.explored))
		if path == nil {
			continue
		}
		tail := append(path, c.acts[j:]...)
		if d, ok := mz.exec(c, i, tail); ok && len(d.acts) < len(c.acts) {
			c = d
			targets = mz.targets(c)
		}
	}
	return c
}

// region returns the last position of the path that a shortcut may lead to.
func (mz *minimizer[S]) region(c run[S]) int {
	if mz.t.End == EndLoop || mz.t.End == EndBound {
		lo, _ := part(c.acts, 1)
		if lo > 0 || len(c.acts) > 0 && c.acts[0].seg == 1 {
			return lo
		}
	}
	return len(c.acts)
}

// targets maps the fingerprint of each state of the path to its last position.
func (mz *minimizer[S]) targets(c run[S]) map[uint64]int {
	t := make(map[uint64]int, len(c.states))
	for j, s := range c.states {
		t[mz.m.Fingerprint(s)] = j
	}
	return t
}

// bfsNode is a state found by a shortcut search, with the step that led to it.
type bfsNode[S any] struct {
	s      S
	a      model.Action
	parent int
	depth  int
}

// bfs searches breadth first from from, the state at position i of the path, for the
// shortcut that saves the most steps: to a state at a later position j ≤ end of the path
// (targets), or to a violating state, which ends the path (j = end). It explores at most
// budget states, and stops as soon as no deeper state can save more. It returns the shortcut's
// steps and j, or nil if it found none.
func (mz *minimizer[S]) bfs(from S, i, end int, targets map[uint64]int, budget int) ([]act, int) {
	nodes := []bfsNode[S]{{s: from, parent: -1}}
	seen := map[uint64]bool{mz.m.Fingerprint(from): true}
	best, bestNode, bestJ := 0, -1, 0
	consider := func(k, j int) {
		if g := j - i - nodes[k].depth; g > best {
			best, bestNode, bestJ = g, k, j
		}
	}
	for k := 0; k < len(nodes) && len(nodes) <= budget; k++ {
		if end-i-nodes[k].depth <= best || mz.stopped() {
			break // neither this state nor any after it saves more
		}
		e := mz.successors(nodes[k].s, false)
		if e.panicked != nil {
			if mz.builtin && k > 0 {
				consider(k, end)
			}
			continue
		}
		for _, x := range e.succ {
			fp := mz.m.Fingerprint(x.s)
			if seen[fp] {
				continue
			}
			seen[fp] = true
			nodes = append(nodes, bfsNode[S]{s: x.s, a: x.a, parent: k, depth: nodes[k].depth + 1})
			mz.explored++
			n := len(nodes) - 1
			if mz.violates(x.s) {
				consider(n, end)
			}
			if j, ok := targets[fp]; ok && j <= end {
				consider(n, j)
			}
		}
	}
	if bestNode < 0 {
		return nil, 0
	}
	path := make([]act, nodes[bestNode].depth)
	for k := bestNode; k > 0; k = nodes[k].parent {
		path[nodes[k].depth-1] = newAct(nodes[k].a, 0)
	}
	return path, bestJ
}

package explore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// digraph is a random finite model: states are the vertices 0..n-1 of a directed graph (with
// self-loops and parallel edges), several of them initial. A vertex in panics makes Next panic
// after it has emitted its first successors. bad[p] is the set of vertices that break the
// invariant p.
type digraph struct {
	inits  []int
	succ   [][]int
	panics map[int]int // vertex → how many successors Next emits before it panics
	bad    []map[int]bool
}

func (g *digraph) Init(emit func(int)) {
	for _, v := range g.inits {
		emit(v)
	}
}

func (g *digraph) Next(v int, emit func(model.Action, int)) {
	k, panics := g.panics[v]
	for j, t := range g.succ[v] {
		if panics && j == k {
			panic(fmt.Sprintf("vertex %d", v))
		}
		emit(model.StepArg("edge", 0, j), t)
	}
	if panics {
		panic(fmt.Sprintf("vertex %d", v))
	}
}

// Fingerprint is deliberately unmixed (v+1); the visited set mixes keys itself.
func (g *digraph) Fingerprint(v int) uint64 { return uint64(v) + 1 }

func (g *digraph) Properties() []model.Property[int] {
	var ps []model.Property[int]
	for p, bad := range g.bad {
		ps = append(ps, model.Property[int]{
			Name: fmt.Sprintf("inv%d", p), Kind: model.KindAlways,
			Holds: func(v int) bool { return !bad[v] },
		})
	}
	return ps
}

func (g *digraph) broken(v int) bool {
	for _, bad := range g.bad {
		if bad[v] {
			return true
		}
	}
	return false
}

// distances is the reference: a textbook BFS over the graph in which, as in the explorer, a
// vertex that breaks an invariant is not expanded and a vertex whose Next panics has no
// successors. It returns each reached vertex's distance (in steps) from the nearest initial
// vertex.
func (g *digraph) distances() map[int]int {
	dist := map[int]int{}
	var queue []int
	for _, v := range g.inits {
		if _, ok := dist[v]; !ok {
			dist[v] = 0
			queue = append(queue, v)
		}
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if _, panics := g.panics[u]; panics || g.broken(u) {
			continue
		}
		for _, t := range g.succ[u] {
			if _, ok := dist[t]; !ok {
				dist[t] = dist[u] + 1
				queue = append(queue, t)
			}
		}
	}
	return dist
}

func drawDigraph(t *rapid.T) *digraph {
	n := rapid.IntRange(1, 40).Draw(t, "n")
	vertex := rapid.IntRange(0, n-1)
	g := &digraph{
		inits:  rapid.SliceOfN(vertex, 1, 3).Draw(t, "inits"),
		succ:   make([][]int, n),
		panics: map[int]int{},
	}
	for v := range n {
		g.succ[v] = rapid.SliceOfN(vertex, 0, 3).Draw(t, fmt.Sprintf("succ%d", v))
	}
	for _, v := range rapid.SliceOfN(vertex, 0, 2).Draw(t, "panics") {
		g.panics[v] = rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("panicAfter%d", v))
	}
	for p := range rapid.IntRange(0, 3).Draw(t, "props") {
		bad := map[int]bool{}
		for _, v := range rapid.SliceOfN(vertex, 1, 3).Draw(t, fmt.Sprintf("bad%d", p)) {
			bad[v] = true
		}
		g.bad = append(g.bad, bad)
	}
	return g
}

// A plain BFS keeps only fingerprints and finds a counterexample's path by a second search.
// On random graphs — several initial states, self-loops, states whose Next panics after
// emitting some successors, several invariants, depth bounds, one or all violations, 1 to 4
// workers — every counterexample is a path of the model (each step a transition with its
// action), from an initial state, to a state that breaks the property, and exactly as long as
// the shortest such path the reference BFS finds.
func TestPlainBFSCounterexamplesAreShortestRealPaths(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawDigraph(t)
		o := explore.Options{
			Workers:    rapid.IntRange(1, 4).Draw(t, "workers"),
			CollectAll: rapid.Bool().Draw(t, "collectAll"),
		}
		if rapid.Bool().Draw(t, "bounded") {
			o.MaxDepth = rapid.IntRange(1, 12).Draw(t, "maxDepth")
		}
		res, err := explore.Run(context.Background(), g, o)
		require.NoError(t, err)

		dist := g.distances()
		within := func(d int) bool { return o.MaxDepth == 0 || d < o.MaxDepth }
		// shortest[p] is the least distance of a reachable state breaking property p;
		// shortest[panic] of one whose Next panics.
		shortest := map[string]int{}
		note := func(name string, d, expandedAt int) {
			if old, ok := shortest[name]; within(expandedAt) && (!ok || d < old) {
				shortest[name] = d
			}
		}
		for v, d := range dist {
			if _, ok := g.panics[v]; ok && !g.broken(v) {
				note(model.PanicProperty, d, d+1) // Next panics only if the state is expanded
			}
			for p, bad := range g.bad {
				if bad[v] {
					note(fmt.Sprintf("inv%d", p), d, d)
				}
			}
		}
		// A panic in Next is found while its state is expanded, together with the
		// invariants of the states one step further: found(name, d) is when a search
		// finds a violation of name at distance d.
		found := func(name string, d int) int {
			if name == model.PanicProperty {
				return d + 1
			}
			return d
		}
		least := -1
		for name, d := range shortest {
			if f := found(name, d); least < 0 || f < least {
				least = f
			}
		}

		if least < 0 {
			require.True(t, res.OK(), "no violation is reachable, got %v", res.Violations)
		} else {
			require.NotEmpty(t, res.Violations)
		}
		if o.CollectAll {
			require.Len(t, res.Violations, len(shortest), "one violation per property that can fail: %v", shortest)
		}
		for _, v := range res.Violations {
			want, ok := shortest[v.Property]
			require.True(t, ok, "%s cannot be violated within the bound", v.Property)
			if o.CollectAll {
				require.Equal(t, want, v.Path.Len(), "%s: path %v", v.Property, v.Path)
			} else {
				require.Len(t, res.Violations, 1, "the search stops at its first violation")
				require.Equal(t, least, found(v.Property, v.Path.Len()), "%s: path %v", v.Property, v.Path)
			}
			require.Contains(t, g.inits, v.Path.Init)
			prev := v.Path.Init
			for i, st := range v.Path.Steps {
				j := st.Action.Arg
				require.True(t, st.Action.Name == "edge" && j < len(g.succ[prev]) && g.succ[prev][j] == st.State,
					"%s: step %d (%v to %d) is not a transition from %d", v.Property, i, st.Action, st.State, prev)
				prev = st.State
			}
			last := v.Path.Last()
			if v.Property == model.PanicProperty {
				require.Contains(t, g.panics, last)
			} else {
				var p int
				_, _ = fmt.Sscanf(v.Property, "inv%d", &p)
				require.True(t, g.bad[p][last], "%s: the last state %d does not break it", v.Property, last)
			}
		}
		if o.CollectAll && o.MaxDepth == 0 {
			require.Equal(t, int64(len(dist)), res.Distinct, "every reachable state is counted once")
		}
	})
}

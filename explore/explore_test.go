package explore_test

import (
	"context"
	"fmt"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// grid is a hand-countable model: a point (x, y) on an n×n grid that starts at (0, 0) and
// steps right or up. It has n² states; every state but those on the far edges has two
// successors, so 1 + 2n(n-1) states are generated (the initial state plus n(n-1) right-steps
// and n(n-1) up-steps), and the deepest state (n-1, n-1) is at depth 2n-1.
type grid struct {
	n     int
	props []model.Property[point]
	// panicAt makes Next panic when it expands that point.
	panicAt *point
}

type point struct{ x, y int }

func (g *grid) Init(emit func(point)) { emit(point{}) }

func (g *grid) Next(p point, emit func(model.Action, point)) {
	if g.panicAt != nil && p == *g.panicAt {
		panic("boom at " + fmt.Sprint(p))
	}
	if p.x+1 < g.n {
		emit(model.StepArg("right", 0, p.x+1), point{p.x + 1, p.y})
	}
	if p.y+1 < g.n {
		emit(model.StepArg("up", 0, p.y+1), point{p.x, p.y + 1})
	}
}

func (g *grid) Fingerprint(p point) uint64 { return uint64(p.x)<<32 | uint64(p.y) + 1 }

func (g *grid) Properties() []model.Property[point] { return g.props }

func strategies() []explore.Options {
	return []explore.Options{
		{Strategy: explore.BFS, Workers: 1},
		{Strategy: explore.BFS, Workers: 2},
		{Strategy: explore.BFS, Workers: 4},
		{Strategy: explore.DFS},
	}
}

func TestExhaustiveCountsMatchHandCount(t *testing.T) {
	for _, n := range []int{1, 2, 5, 40} {
		for _, o := range strategies() {
			t.Run(fmt.Sprintf("n=%d/%s/%d", n, o.Strategy, o.Workers), func(t *testing.T) {
				res, err := explore.Run(context.Background(), &grid{n: n}, o)
				require.NoError(t, err)
				assert.Equal(t, int64(n*n), res.Distinct)
				assert.Equal(t, int64(1+2*n*(n-1)), res.Generated)
				assert.Equal(t, 2*n-1, res.MaxDepth)
				assert.Equal(t, explore.StopComplete, res.Stopped)
				assert.True(t, res.Exhaustive)
				assert.True(t, res.OK())
			})
		}
	}
}

func TestBFSFindsShortestInvariantViolation(t *testing.T) {
	// x+y ≥ 7 is first reached after exactly 7 steps.
	g := &grid{n: 30, props: []model.Property[point]{
		properties.Always("sum below 7", func(p point) bool { return p.x+p.y < 7 }),
	}}
	for _, w := range []int{1, 2} {
		res, err := explore.Run(context.Background(), g, explore.Options{Workers: w})
		require.NoError(t, err)
		require.Len(t, res.Violations, 1)
		v := res.Violations[0]
		assert.Equal(t, "sum below 7", v.Property)
		assert.Equal(t, model.KindAlways, v.Kind)
		assert.Equal(t, 7, v.Path.Len())
		last := v.Path.Last()
		assert.Equal(t, 7, last.x+last.y)
		assert.Equal(t, explore.StopViolation, res.Stopped)
		assert.False(t, res.Exhaustive)
		// The path is a real path: each step's action moves the point by one.
		prev := v.Path.Init
		for _, st := range v.Path.Steps {
			assert.Equal(t, 1, st.State.x+st.State.y-prev.x-prev.y, "step %v", st.Action)
			prev = st.State
		}
	}
}

func TestDFSViolationPathIsAPath(t *testing.T) {
	g := &grid{n: 10, props: []model.Property[point]{
		properties.Always("not the corner", func(p point) bool { return p != point{9, 9} }),
	}}
	res, err := explore.Run(context.Background(), g, explore.Options{Strategy: explore.DFS})
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	p := res.Violations[0].Path
	assert.Equal(t, 18, p.Len()) // every path to the corner has 18 steps
	assert.Equal(t, point{9, 9}, p.Last())
	prev := p.Init
	for _, st := range p.Steps {
		assert.Equal(t, 1, st.State.x+st.State.y-prev.x-prev.y)
		prev = st.State
	}
}

func TestSometimesNeverReachedIsAViolation(t *testing.T) {
	g := &grid{n: 4, props: []model.Property[point]{
		properties.Sometimes("reaches x=4", func(p point) bool { return p.x == 4 }),
		properties.Sometimes("reaches x=3", func(p point) bool { return p.x == 3 }),
	}}
	for _, o := range append(strategies(), explore.Options{Strategy: explore.Random, Seed: 1}) {
		res, err := explore.Run(context.Background(), g, o)
		require.NoError(t, err)
		require.Len(t, res.Violations, 1, "%s", o.Strategy)
		assert.Equal(t, "reaches x=4", res.Violations[0].Property)
		assert.Equal(t, model.KindSometimes, res.Violations[0].Kind)
		assert.Contains(t, res.Violations[0].Reason, "never held")
	}
}

func TestEventuallyViolatedWhenAPathEnds(t *testing.T) {
	// Every path ends at the corner (n-1, n-1). "eventually x = 2" fails on the paths that
	// go up first and then only reach x=2... no: every path to the corner passes x = 2 when
	// n ≥ 3, so it holds; "eventually y = 0 and x = n-1" fails on paths that go up early.
	holds := &grid{n: 4, props: []model.Property[point]{
		properties.Eventually("x reaches 2", func(p point) bool { return p.x == 2 }),
	}}
	fails := &grid{n: 4, props: []model.Property[point]{
		properties.Eventually("visits (0,3)", func(p point) bool { return p == point{0, 3} }),
	}}
	for _, o := range strategies() {
		res, err := explore.Run(context.Background(), holds, o)
		require.NoError(t, err)
		assert.True(t, res.OK(), "%s: %v", o.Strategy, res.Violations)

		res, err = explore.Run(context.Background(), fails, o)
		require.NoError(t, err)
		require.Len(t, res.Violations, 1)
		v := res.Violations[0]
		assert.Equal(t, model.KindEventually, v.Kind)
		assert.Equal(t, point{3, 3}, v.Path.Last(), "the path ends in the terminal corner")
		for _, st := range append([]explore.Step[point]{{State: v.Path.Init}}, v.Path.Steps...) {
			assert.NotEqual(t, point{0, 3}, st.State)
		}
	}
}

func TestPanicInNextIsReportedWithItsPath(t *testing.T) {
	g := &grid{n: 5, panicAt: &point{2, 1}}
	for _, o := range append(strategies(), explore.Options{Strategy: explore.Random, Walks: 200, Seed: 3}) {
		res, err := explore.Run(context.Background(), g, o)
		require.NoError(t, err)
		require.Len(t, res.Violations, 1, "%s", o.Strategy)
		v := res.Violations[0]
		assert.Equal(t, model.PanicProperty, v.Property)
		assert.Contains(t, v.Reason, "boom at {2 1}")
		assert.Equal(t, point{2, 1}, v.Path.Last())
	}
}

func TestBudgetsStopCleanly(t *testing.T) {
	g := &grid{n: 2000}
	res, err := explore.Run(context.Background(), g, explore.Options{MaxStates: 10000, Workers: 2})
	require.NoError(t, err)
	assert.Equal(t, explore.StopMaxStates, res.Stopped)
	assert.GreaterOrEqual(t, res.Distinct, int64(10000))
	assert.Less(t, res.Distinct, int64(2000*2000))
	assert.False(t, res.Exhaustive)

	res, err = explore.Run(context.Background(), g, explore.Options{Time: 50 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, explore.StopTime, res.Stopped)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = explore.Run(ctx, g, explore.Options{Strategy: explore.DFS})
	require.NoError(t, err)
	assert.Equal(t, explore.StopCanceled, res.Stopped)
}

func TestDepthBoundCoversEveryStateWithinIt(t *testing.T) {
	// Within depth d (initial state = depth 1) the grid's states are those with x+y ≤ d-1.
	const n, d = 10, 6
	want := int64(0)
	for x := range n {
		for y := range n {
			if x+y <= d-1 {
				want++
			}
		}
	}
	for _, o := range strategies() {
		o.MaxDepth = d
		res, err := explore.Run(context.Background(), &grid{n: n}, o)
		require.NoError(t, err)
		assert.Equal(t, want, res.Distinct, "%s", o.Strategy)
		assert.Equal(t, d, res.MaxDepth)
		assert.False(t, res.Exhaustive)
	}
}

func TestRandomWalksAreReproducible(t *testing.T) {
	g := &grid{n: 50, props: []model.Property[point]{
		properties.Always("stays left of x=20 or below y=20", func(p point) bool { return p.x < 20 || p.y < 20 }),
	}}
	run := func(seed uint64, workers int) []string {
		res, err := explore.Run(context.Background(), g, explore.Options{Strategy: explore.Random, Seed: seed, Workers: workers, Walks: 2000})
		require.NoError(t, err)
		require.Len(t, res.Violations, 1)
		var acts []string
		for _, st := range res.Violations[0].Path.Steps {
			acts = append(acts, st.Action.String())
		}
		return acts
	}
	a := run(7, 1)
	assert.Equal(t, a, run(7, 1))
	assert.Equal(t, a, run(7, 2))
	assert.Equal(t, a, run(7, 8))
	assert.NotEqual(t, a, run(8, 1), "another seed should walk differently")
}

func TestBadOptionsAreErrors(t *testing.T) {
	for _, o := range []explore.Options{
		{Workers: -1}, {MaxDepth: -2}, {MaxStates: -1}, {Time: -time.Second}, {Strategy: 9}, {Walks: -5},
	} {
		_, err := explore.Run(context.Background(), &grid{n: 2}, o)
		assert.Error(t, err, "%+v", o)
	}
	_, err := explore.Run(context.Background(), &grid{n: 2, props: []model.Property[point]{
		properties.Always("a", func(point) bool { return true }),
		properties.Always("a", func(point) bool { return true }),
	}}, explore.Options{})
	assert.ErrorContains(t, err, `two properties are named "a"`)
}

func TestProgressIsReported(t *testing.T) {
	calls := 0
	g := &grid{n: 600}
	_, err := explore.Run(context.Background(), g, explore.Options{
		Workers:       1,
		ProgressEvery: time.Millisecond,
		Progress:      func(explore.Stats) { calls++ },
	})
	require.NoError(t, err)
	assert.Positive(t, calls)
}

func TestMemoryBudgetStopsCleanly(t *testing.T) {
	// A budget below what the process already uses stops the search at its first check.
	res, err := explore.Run(context.Background(), &grid{n: 3000}, explore.Options{MaxMemory: 1, Workers: 2})
	require.NoError(t, err)
	assert.Equal(t, explore.StopMemory, res.Stopped)
	assert.False(t, res.Exhaustive)
	assert.Positive(t, explore.DefaultMaxMemory(), "this machine's memory can be read")
}

// The counterexample of a parallel BFS is the one a single worker finds, whatever the number of
// workers and however they are scheduled.
func TestParallelCounterexamplesDoNotDependOnWorkers(t *testing.T) {
	g := &grid{n: 60, props: []model.Property[point]{
		properties.Always("away from the diagonal band", func(p point) bool { return p.x+p.y < 20 || p.x-p.y > 3 || p.y-p.x > 3 }),
	}}
	actions := func(workers int) []string {
		res, err := explore.Run(context.Background(), g, explore.Options{Workers: workers})
		require.NoError(t, err)
		require.Len(t, res.Violations, 1)
		var out []string
		for _, st := range res.Violations[0].Path.Steps {
			out = append(out, st.Action.String())
		}
		return out
	}
	want := actions(1)
	for range 5 {
		for _, w := range []int{2, 3, 8} {
			assert.Equal(t, want, actions(w), "workers=%d", w)
		}
	}
}

// A property whose predicate panics is a counterexample under model.PanicProperty, with the path to
// the state, for every strategy — also in an initial state — never a crashed test binary.
func TestPanickingPredicatesAreCounterexamples(t *testing.T) {
	boom := func(at point) func(point) bool {
		return func(p point) bool {
			if p == at {
				var m map[string]int
				m["x"] = 1 // assignment to a nil map
			}
			return true
		}
	}
	for _, at := range []point{{0, 0}, {2, 1}} {
		for _, kind := range []model.Kind{model.KindAlways, model.KindSometimes, model.KindEventually} {
			if kind == model.KindSometimes && at != (point{}) {
				continue // once a Sometimes property has held, its predicate is not evaluated again
			}
			g := &grid{n: 4, props: []model.Property[point]{{Name: "fragile", Kind: kind, Holds: boom(at)}}}
			for _, o := range append(strategies(), explore.Options{Strategy: explore.Random, Walks: 300, Seed: 1}) {
				if o.Strategy == explore.Random && kind == model.KindEventually && at != (point{}) {
					continue // a walk stops judging an Eventually property once it has held
				}
				res, err := explore.Run(context.Background(), g, o)
				require.NoError(t, err)
				v, ok := res.Violation(model.PanicProperty)
				require.True(t, ok, "%v %s %s: %v", at, kind, o.Strategy, res.Violations)
				assert.Contains(t, v.Reason, `property "fragile" panicked in the last state: assignment to entry in nil map`)
				assert.Equal(t, at, v.Path.Last())
			}
		}
	}
}

// When every violation is collected, a state that breaks two invariants is reported for both.
func TestCollectAllReportsEveryInvariantAStateBreaks(t *testing.T) {
	g := &grid{n: 5, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.x < 2 }),
		properties.Always("sum below 2", func(p point) bool { return p.x+p.y < 2 }),
	}}
	res, err := explore.Run(context.Background(), g, explore.Options{Workers: 1, CollectAll: true})
	require.NoError(t, err)
	require.Len(t, res.Violations, 2)
	x, _ := res.Violation("x below 2")
	sum, _ := res.Violation("sum below 2")
	assert.Equal(t, point{2, 0}, x.Path.Last())
	assert.Equal(t, 2, sum.Path.Len())
}

// An explicit memory budget lowers the Go runtime's soft memory limit to 90% of it for the
// time of the search, so that the collector runs harder before garbage reaches the budget, and
// the previous limit comes back afterwards. Without a budget the limit is left alone.
func TestMemoryBudgetLimitsTheGarbageCollectorDuringTheSearch(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	const budget = 8 << 30
	for _, o := range []explore.Options{{MaxMemory: budget}, {MaxMemory: -1}, {}} {
		var during int64
		g := &grid{n: 3, props: []model.Property[point]{
			properties.Always("reads the limit", func(point) bool {
				during = debug.SetMemoryLimit(-1)
				return true
			}),
		}}
		_, err := explore.Run(context.Background(), g, o)
		require.NoError(t, err)
		if o.MaxMemory > 0 {
			assert.Equal(t, int64(budget/10*9), during)
		} else {
			assert.Equal(t, before, during, "MaxMemory %d", o.MaxMemory)
		}
		assert.Equal(t, before, debug.SetMemoryLimit(-1), "the limit is restored")
	}
}

// Options.Visited hands over the fingerprint of every distinct state once: on the n×n grid,
// exactly the n² fingerprints x<<32|y+1, for exhaustive searches and for random walks (whose
// states are the grid's too, as many as Distinct says).
func TestVisitedReportsEveryDistinctFingerprintOnce(t *testing.T) {
	const n = 30
	g := &grid{n: n}
	for _, o := range append(strategies(), explore.Options{Strategy: explore.Random, Workers: 2, Walks: 50, MaxDepth: 20}) {
		t.Run(fmt.Sprintf("%s/%d", o.Strategy, o.Workers), func(t *testing.T) {
			got := map[uint64]int{}
			o.Visited = func(fp uint64) { got[fp]++ }
			res, err := explore.Run(context.Background(), g, o)
			require.NoError(t, err)
			assert.Equal(t, res.Distinct, int64(len(got)))
			for fp, k := range got {
				require.Equal(t, 1, k, "fingerprint %x reported %d times", fp, k)
				x, y := int(fp>>32), int(fp&0xffffffff)-1
				require.True(t, x >= 0 && x < n && y >= 0 && y < n, "fingerprint %x is no grid point", fp)
			}
			if o.Strategy != explore.Random {
				assert.Len(t, got, n*n)
			}
		})
	}
}

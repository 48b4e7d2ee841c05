package explore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// arc is an edge of a hand-drawn graph model: from state From, action Name (taken by actor
// Actor) leads to To.
type arc struct {
	From, To int
	Name     string
	Actor    model.NodeID
}

// drawn is a model given by its edges; state 0 is initial.
type drawn struct {
	arcs  []arc
	props []model.Property[int]
	fair  model.Fairness
}

func (d *drawn) Init(emit func(int)) { emit(0) }
func (d *drawn) Next(s int, emit func(model.Action, int)) {
	for _, a := range d.arcs {
		if a.From == s {
			emit(model.Step(a.Name, a.Actor), a.To)
		}
	}
}
func (d *drawn) Fingerprint(s int) uint64          { return uint64(s) + 1 }
func (d *drawn) Properties() []model.Property[int] { return d.props }
func (d *drawn) Fairness() model.Fairness          { return d.fair }

func is(n int) func(int) bool { return func(s int) bool { return s == n } }

func liveRun(t *testing.T, m model.Model[int], o explore.Options) *explore.Result[int] {
	t.Helper()
	res, err := explore.Run(context.Background(), m, o)
	require.NoError(t, err)
	return res
}

// statesOf lists the states along a violation's path: the initial state, then each step's.
func statesOf(p explore.Path[int]) []int {
	out := []int{p.Init}
	for _, st := range p.Steps {
		out = append(out, st.State)
	}
	return out
}

// 0 → 1 → 2 → 1 ... and 2 → 3, where "done" holds only in 3. The behaviour that loops between 1
// and 2 forever never reaches 3. A search that keeps one path per state sees 2 → 1 lead to a
// state it has visited and misses it (Stateright's
// fixme_can_miss_counterexample_when_revisiting_a_state); the lasso is 0 →a 1 →b 2 →c 1.
func TestEventuallyViolatedOnlyThroughARevisitingCycleIsALasso(t *testing.T) {
	m := &drawn{
		arcs: []arc{{0, 1, "a", 0}, {1, 2, "b", 0}, {2, 1, "c", 0}, {2, 3, "d", 0}},
		props: []model.Property[int]{
			properties.Eventually("done", is(3)),
		},
	}
	for _, o := range []explore.Options{{Workers: 1}, {Workers: 2}, {Strategy: explore.DFS}} {
		res := liveRun(t, m, o)
		require.Len(t, res.Violations, 1, "%s", o.Strategy)
		v := res.Violations[0]
		assert.Equal(t, model.KindEventually, v.Kind)
		require.GreaterOrEqual(t, v.Loop, 0, "a lasso")
		states := statesOf(v.Path)
		assert.Equal(t, []int{0, 1, 2, 1}, states)
		assert.Equal(t, 1, v.Loop, "the loop starts after the first step")
		assert.Equal(t, states[v.Loop], states[len(states)-1], "the loop returns to where it started")
		assert.Contains(t, v.Reason, "loop of 2 steps")
	}
	// Weak fairness of actions does not help: "d" is enabled only in 2, not all along the loop.
	m.fair = model.FairActions
	res := liveRun(t, m, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
}

// 0 ⇄ 1 by actor 0, and "finish" by actor 1 from both to 2, where "done" holds. Without
// fairness the loop 0 ⇄ 1 violates Eventually(done); with weak fairness (per node or per
// action), finish — enabled all along the loop and never taken — must happen, and it holds.
func TestAModelThatNeedsFairness(t *testing.T) {
	m := &drawn{
		arcs: []arc{{0, 1, "ping", 0}, {1, 0, "pong", 0}, {0, 2, "finish", 1}, {1, 2, "finish", 1}},
		props: []model.Property[int]{
			properties.Eventually("done", is(2)),
			properties.Sometimes("finishes", is(2)),
		},
	}
	res := liveRun(t, m, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
	assert.Equal(t, []int{0, 1, 0}, statesOf(res.Violations[0].Path))
	assert.Equal(t, 0, res.Violations[0].Loop)
	assert.Equal(t, model.FairNone, res.Fairness)

	for _, f := range []model.Fairness{model.FairNodes, model.FairActions} {
		m.fair = f
		res = liveRun(t, m, explore.Options{Workers: 1})
		assert.True(t, res.OK(), "%s: %v", f, res.Violations)
		assert.Equal(t, f, res.Fairness)
	}
	// The search's option overrides the model's declaration.
	none := model.FairNone
	res = liveRun(t, m, explore.Options{Workers: 2, Fairness: &none})
	assert.Len(t, res.Violations, 1)
}

// Per-node fairness is weaker than per-action: actor 0 takes turns between two loops, so it
// is never starved, but its "exit" action, enabled only in state 1, is not forced.
func TestFairnessPerNodeIsWeakerThanPerAction(t *testing.T) {
	m := &drawn{
		arcs:  []arc{{0, 1, "a", 0}, {1, 0, "b", 0}, {0, 3, "exit", 0}, {1, 3, "exit", 0}},
		props: []model.Property[int]{properties.Eventually("out", is(3))},
		fair:  model.FairNodes,
	}
	res := liveRun(t, m, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1, "per node: actor 0 steps in the loop, so the loop is fair")
	m.fair = model.FairActions
	res = liveRun(t, m, explore.Options{Workers: 1})
	assert.True(t, res.OK(), "per action: exit is enabled all along the loop")
}

// The lasso's loop is weakly fair, not just a cycle of the fair component: "exit" is enabled in
// states 0 and 1 and not in 2, so the component {0, 1, 2} holds a fair cycle (through 2), but
// the shortest cycle from 0, 0 → 1 → 0, starves exit. (The loop reported used to be that one.)
func TestTheLassoVisitsAStateThatDisablesWhatItNeverTakes(t *testing.T) {
	m := &drawn{
		arcs:  []arc{{0, 1, "a", 0}, {1, 0, "b", 0}, {0, 2, "c", 0}, {2, 0, "d", 0}, {0, 3, "exit", 1}, {1, 3, "exit", 1}},
		props: []model.Property[int]{properties.Eventually("out", is(3))},
		fair:  model.FairActions,
	}
	res := liveRun(t, m, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Contains(t, statesOf(v.Path)[v.Loop:], 2, "the loop passes through state 2, where exit is disabled")
}

// A path that ends without the predicate is a violation without a loop.
func TestEventuallyViolatedWhereTheBehaviourEnds(t *testing.T) {
	m := &drawn{
		arcs:  []arc{{0, 1, "a", 0}, {0, 2, "b", 0}, {2, 3, "c", 0}},
		props: []model.Property[int]{properties.Eventually("at 1", is(1))},
	}
	res := liveRun(t, m, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Equal(t, -1, v.Loop)
	assert.Equal(t, []int{0, 2, 3}, statesOf(v.Path))
	assert.Contains(t, v.Reason, "the path ends")
}

// AlwaysEventually: the loop 1 ⇄ 2 visits "home" (1) infinitely often; the self-loop at 3 does
// not, and is reachable through 1 — it is the violation, with a prefix through home.
func TestAlwaysEventually(t *testing.T) {
	m := &drawn{
		arcs: []arc{{0, 1, "go", 0}, {1, 2, "out", 0}, {2, 1, "back", 0}},
		props: []model.Property[int]{
			properties.AlwaysEventually("home often", is(1)),
		},
	}
	res := liveRun(t, m, explore.Options{Workers: 1})
	assert.True(t, res.OK(), "%v", res.Violations)

	m.arcs = append(m.arcs, arc{2, 3, "leave", 0}, arc{3, 3, "spin", 0})
	res = liveRun(t, m, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Equal(t, []int{0, 1, 2, 3, 3}, statesOf(v.Path))
	assert.Equal(t, 3, v.Loop)
}

// LeadsTo: a request (1) must be answered (3). From 1 the answer may wait in 2 forever (a
// self-loop), a violation under no fairness; with per-action fairness "answer", enabled all
// along the loop, is forced and it holds.
func TestLeadsTo(t *testing.T) {
	m := &drawn{
		arcs: []arc{{0, 1, "request", 0}, {1, 2, "queue", 0}, {2, 2, "wait", 0}, {2, 3, "answer", 1}, {3, 0, "reset", 0}},
		props: []model.Property[int]{
			properties.LeadsTo("answered", is(1), is(3)),
		},
	}
	res := liveRun(t, m, explore.Options{Workers: 1})
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Equal(t, model.KindLeadsTo, v.Kind)
	assert.Equal(t, []int{0, 1, 2, 2}, statesOf(v.Path))
	assert.Equal(t, 2, v.Loop)

	m.fair = model.FairActions
	res = liveRun(t, m, explore.Options{Workers: 1})
	assert.True(t, res.OK(), "%v", res.Violations)
}

// Liveness is judged only by exhaustive searches; a bounded one says so instead of passing in
// silence.
func TestBoundedSearchNotesThatLivenessWasNotChecked(t *testing.T) {
	m := &drawn{
		arcs:  []arc{{0, 1, "a", 0}, {1, 0, "b", 0}},
		props: []model.Property[int]{properties.Eventually("never", is(9))},
	}
	res := liveRun(t, m, explore.Options{Workers: 1, MaxDepth: 5})
	assert.True(t, res.OK())
	require.Len(t, res.Notes, 1)
	assert.Contains(t, res.Notes[0], "liveness properties were not checked")
}

// Random walks judge liveness after faults stop: a hot monitor that stays hot for longer than
// the bound is reported, with the stabilisation point; under the fair scheduler a loop that
// could starve "finish" does not.
func TestRandomWalksBoundLiveness(t *testing.T) {
	m := &drawn{
		arcs: []arc{{0, 1, "ping", 0}, {1, 0, "pong", 0}, {0, 2, "finish", 1}, {1, 2, "finish", 1}, {2, 2, "idle", 0}},
		props: []model.Property[int]{
			properties.Eventually("done", is(2)),
		},
	}
	o := explore.Options{Strategy: explore.Random, Seed: 4, Walks: 200, MaxDepth: 40, Stabilize: 10, Within: 5}
	res := liveRun(t, m, o)
	assert.True(t, res.OK(), "after step 10 the fair scheduler finishes within 5 steps: %v", res.Violations)

	hot := &drawn{
		arcs: []arc{{0, 1, "request", 0}, {1, 2, "forward", 0}, {2, 1, "bounce", 0}, {1, 3, "answer", 1}, {3, 0, "next", 0}},
		props: []model.Property[int]{
			properties.Hot("request pending", func(s int) bool { return s == 1 || s == 2 }),
		},
	}
	res = liveRun(t, hot, o)
	assert.True(t, res.OK(), "fair scheduling answers: %v", res.Violations)

	// Without "answer", a request is never answered: the monitor stays hot.
	hot.arcs = hot.arcs[:3]
	res = liveRun(t, hot, o)
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Equal(t, 10, v.Stabilized)
	assert.Contains(t, v.Reason, "5 steps in a row after faults stopped at step 10")
}

// Lassos do not depend on the number of workers either.
func TestLassosDoNotDependOnWorkers(t *testing.T) {
	m := &drawn{
		arcs:  []arc{{0, 1, "a", 0}, {0, 4, "b", 0}, {1, 2, "c", 0}, {4, 2, "d", 0}, {2, 3, "e", 0}, {3, 2, "f", 0}, {2, 5, "g", 1}, {4, 6, "h", 0}, {6, 4, "i", 0}},
		props: []model.Property[int]{properties.Eventually("end", is(5))},
	}
	want := statesOf(liveRun(t, m, explore.Options{Workers: 1}).Violations[0].Path)
	for range 10 {
		res := liveRun(t, m, explore.Options{Workers: 4})
		assert.Equal(t, want, statesOf(res.Violations[0].Path))
	}
}

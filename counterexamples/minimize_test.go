package counterexamples_test

import (
	"context"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/counter"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// overcounting is protocols/counter with its no-dedup bug — the server counts every copy of
// an increment — over a network that keeps delivered messages (so any increment may arrive
// again, any number of times), with drops and duplications as well. Its property fails late:
// the server must count more than limit increments beyond the four the clients send, which a
// random walk does after hundreds of steps, most of them deliveries of acknowledgements,
// faults and copies that do not matter.
func overcounting(t *testing.T, limit int) *actor.System {
	t.Helper()
	sys, err := counter.New(counter.Config{Clients: 2, Increments: 2, Bug: counter.BugNoDedup,
		Faults: actor.Faults{Drops: 2, Duplicates: 2}})
	require.NoError(t, err)
	sys.Network = actor.Duplicating
	sys.Props = []model.Property[*actor.State]{
		properties.Always("CountWithinLimit", func(s *actor.State) bool {
			return actor.NodeAs[*counter.Server](s, 0).Count <= 4+limit
		}),
	}
	return sys
}

// firstViolation runs a search of m and returns its trace of the first violation.
func firstViolation[S any](t *testing.T, m model.Model[S], opts explore.Options) *counterexamples.Trace {
	t.Helper()
	res, v := violation(t, m, opts)
	tr, err := counterexamples.New(m, res, v)
	require.NoError(t, err)
	return tr
}

// violationOf runs a search of m for every violation and returns the trace of property's, or
// nil if the search found none.
func violationOf[S any](t *testing.T, m model.Model[S], opts explore.Options, property string) *counterexamples.Trace {
	t.Helper()
	opts.CollectAll = true
	res, err := explore.Run(context.Background(), m, opts)
	require.NoError(t, err)
	v, ok := res.Violation(property)
	if !ok {
		return nil
	}
	tr, err := counterexamples.New(m, res, v)
	require.NoError(t, err)
	return tr
}

// The acceptance test: a random walk's counterexample of at least 200 steps shrinks to
// within 1.5 times the length of the shortest one (BFS's), and the result replays — with the
// breadth-first shortening, and with delta debugging alone.
func TestMinimizeLongRandomWalkToNearShortest(t *testing.T) {
	if testing.Short() {
		t.Skip("explores 200,000 states breadth first; skipped with -short")
	}
	sys := overcounting(t, 100)
	long := firstViolation(t, sys, explore.Options{Strategy: explore.Random, Seed: 1, Walks: 100, MaxDepth: 2000, Workers: 1})
	require.GreaterOrEqual(t, len(long.Steps), 200)
	shortest := firstViolation(t, sys, explore.Options{})
	t.Logf("random walk: %d steps; BFS: %d steps", len(long.Steps), len(shortest.Steps))

	for name, o := range map[string]counterexamples.MinimizeOptions{
		"all phases": {},
		"ddmin only": {States: -1},
	} {
		start := time.Now()
		min, rep, err := counterexamples.Minimize(sys, long, o)
		require.NoError(t, err, name)
		t.Logf("%s: %s (%v)", name, rep, time.Since(start).Round(time.Millisecond))
		assert.LessOrEqual(t, float64(len(min.Steps)), 1.5*float64(len(shortest.Steps)), name)
		assert.Equal(t, len(long.Steps), rep.Before, name)
		assert.Equal(t, len(min.Steps), rep.After, name)
		assert.True(t, rep.Complete, name)

		r, err := counterexamples.Replay(sys, min)
		require.NoError(t, err, name)
		assert.True(t, r.Reproduced, "%s: %s", name, r.Detail)
		assert.Equal(t, long.Strategy, min.Strategy, "the trace still says how it was found")
		assert.Equal(t, long.Seed, min.Seed)
		for _, s := range min.Steps {
			assert.NotContains(t, []string{"drop", "duplicate"}, s.Kind, "%s: faults are not needed", name)
		}
	}
}

// A random walk's counterexample of two-phase commit's early-commit bug, with faults along
// the way, minimizes to the shortest one: no fault is needed.
func TestMinimizeTwoPCEarlyCommitToShortest(t *testing.T) {
	sys, err := twopc.New(twopc.Config{Participants: 3, Bug: twopc.BugEarlyCommit,
		Faults: actor.Faults{Drops: 2, Duplicates: 2, Crashes: 1, Recoveries: 1}})
	require.NoError(t, err)
	var long *counterexamples.Trace
	for seed := uint64(1); long == nil || !hasFault(long); seed++ {
		require.Less(t, seed, uint64(50), "no random walk with a fault")
		long = violationOf(t, sys, explore.Options{Strategy: explore.Random, Seed: seed, Walks: 1000, MaxDepth: 200, Workers: 1}, "Agreement")
	}
	shortest := firstViolation(t, sys, explore.Options{Workers: 1})
	require.Equal(t, "Agreement", shortest.Property)
	t.Logf("random walk: %v", long.Steps)

	min, rep, err := counterexamples.Minimize(sys, long, counterexamples.MinimizeOptions{})
	require.NoError(t, err)
	t.Logf("%s", rep)
	assert.Len(t, min.Steps, len(shortest.Steps))
	assert.False(t, hasFault(min), "%v", min.Steps)
	r, err := counterexamples.Replay(sys, min)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
}

func hasFault(t *counterexamples.Trace) bool {
	for _, s := range t.Steps {
		k, _ := model.ParseActionKind(s.Kind)
		if k.IsFault() {
			return true
		}
	}
	return false
}

// The same trace minimizes to the same bytes.
func TestMinimizeIsDeterministic(t *testing.T) {
	sys := overcounting(t, 10)
	long := firstViolation(t, sys, explore.Options{Strategy: explore.Random, Seed: 3, Walks: 100, MaxDepth: 500, Workers: 1})
	var out [][]byte
	for range 2 {
		min, _, err := counterexamples.Minimize(sys, long, counterexamples.MinimizeOptions{States: 10_000})
		require.NoError(t, err)
		data, err := min.Marshal()
		require.NoError(t, err)
		out = append(out, data)
	}
	assert.Equal(t, string(out[0]), string(out[1]))
}

// Minimization never lengthens a trace, and a shortest trace stays as it is.
func TestMinimizeKeepsAShortestTrace(t *testing.T) {
	m := earlyCommit(t)
	tr := traceOf(t, m)
	min, rep, err := counterexamples.Minimize(m, tr, counterexamples.MinimizeOptions{})
	require.NoError(t, err)
	assert.Equal(t, tr.Steps, min.Steps)
	assert.Equal(t, rep.Before, rep.After)
	require.Len(t, rep.Phases, 3)
	assert.Equal(t, []string{"ddmin", "faults", "shorten"}, []string{rep.Phases[0].Name, rep.Phases[1].Name, rep.Phases[2].Name})
}

// A lasso's prefix and loop are minimized apart, and the loop still leads back to its start.
func TestMinimizeLassoKeepsTheLoop(t *testing.T) {
	m := &rally{}
	tr := lassoTrace(t)
	ping, pong := tr.Steps[0], tr.Steps[1]
	// A detour before the loop, and the loop taken twice.
	tr.Steps = append([]counterexamples.ActionRecord{ping, pong, ping, pong}, ping, pong, ping, pong)
	loop := 4
	tr.Loop = &loop
	r, err := counterexamples.Replay(m, tr)
	require.NoError(t, err)
	require.True(t, r.Reproduced, r.Detail)

	min, rep, err := counterexamples.Minimize(m, tr, counterexamples.MinimizeOptions{})
	require.NoError(t, err)
	t.Logf("%s", rep)
	assert.Equal(t, []counterexamples.ActionRecord{ping, pong}, min.Steps)
	require.NotNil(t, min.Loop)
	assert.Equal(t, 0, *min.Loop)
	r, err = counterexamples.Replay(m, min)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
}

// A random walk's bounded liveness violation keeps at least its bound after the stabilisation
// point; what comes before it shrinks.
func TestMinimizeBoundedLiveness(t *testing.T) {
	m := &stuckRequest{}
	tr := firstViolation(t, m, explore.Options{Strategy: explore.Random, Seed: 2, Walks: 20, MaxDepth: 12, Stabilize: 3, Within: 4})
	require.Equal(t, counterexamples.EndBound, tr.End)
	min, _, err := counterexamples.Minimize(m, tr, counterexamples.MinimizeOptions{})
	require.NoError(t, err)
	assert.Less(t, len(min.Steps), len(tr.Steps))
	assert.Less(t, *min.Stabilized, *tr.Stabilized)
	assert.GreaterOrEqual(t, len(min.Steps)-*min.Stabilized, min.Within)
	r, err := counterexamples.Replay(m, min)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
}

// When the time budget runs out, Minimize returns what it has: a trace that still fails.
func TestMinimizeStopsAtItsTimeBudget(t *testing.T) {
	sys := overcounting(t, 30)
	long := firstViolation(t, sys, explore.Options{Strategy: explore.Random, Seed: 1, Walks: 100, MaxDepth: 2000, Workers: 1})
	min, rep, err := counterexamples.Minimize(sys, long, counterexamples.MinimizeOptions{Time: time.Nanosecond})
	require.NoError(t, err)
	assert.False(t, rep.Complete)
	assert.Contains(t, rep.String(), "stopped by the time budget")
	r, err := counterexamples.Replay(sys, min)
	require.NoError(t, err)
	assert.True(t, r.Reproduced)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, rep, err = counterexamples.MinimizeContext(ctx, sys, long, counterexamples.MinimizeOptions{})
	require.NoError(t, err)
	assert.False(t, rep.Complete)
}

// A trace that no longer replays or no longer fails cannot be minimized, and the error says
// why.
func TestMinimizeRefusesWhatDoesNotFail(t *testing.T) {
	broken := &grid{n: 4, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.X < 2 }),
	}}
	tr := traceOf(t, broken)
	fixed := &grid{n: 4, props: []model.Property[point]{
		properties.Always("x below 2", func(point) bool { return true }),
	}}
	_, _, err := counterexamples.Minimize(fixed, tr, counterexamples.MinimizeOptions{})
	assert.ErrorContains(t, err, "minimize: the trace no longer fails, so there is nothing to minimize: x below 2 holds in the last state")

	_, _, err = counterexamples.Minimize(&grid{n: 2, props: broken.props}, tr, counterexamples.MinimizeOptions{})
	assert.ErrorContains(t, err, "minimize: trace diverges at step 2")
}

// NewMinimized minimizes what random search finds, and leaves BFS's shortest traces alone.
func TestNewMinimizedSkipsBFS(t *testing.T) {
	sys, err := twopc.New(twopc.Config{Participants: 3, Bug: twopc.BugEarlyCommit, Faults: actor.Faults{Drops: 1, Duplicates: 1}})
	require.NoError(t, err)
	res, v := violation(t, sys, explore.Options{Strategy: explore.Random, Seed: 4, Walks: 100, MaxDepth: 100, Workers: 1})
	require.Greater(t, v.Path.Len(), 4)
	tr, rep, err := counterexamples.NewMinimized(context.Background(), sys, res, v)
	require.NoError(t, err)
	assert.Less(t, len(tr.Steps), v.Path.Len())
	assert.Equal(t, v.Path.Len(), rep.Before)

	res, v = violation(t, sys, explore.Options{Workers: 1})
	tr, rep, err = counterexamples.NewMinimized(context.Background(), sys, res, v)
	require.NoError(t, err)
	assert.Len(t, tr.Steps, v.Path.Len())
	assert.Empty(t, rep.Phases)
}

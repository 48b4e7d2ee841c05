package failuredetector_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/symtest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/failuredetector"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// When timeouts outlast every message delay, the perfect detector detects every crashed
// process and no other.
func TestPerfectDetectorIsCompleteAndAccurate(t *testing.T) {
	for _, c := range []failuredetector.Config{
		{Nodes: 2},
		{Nodes: 3},
		{Nodes: 2, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 3, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 3, Faults: actor.Faults{Crashes: 2}},
	} {
		t.Run(fmt.Sprintf("nodes=%d,crashes=%d", c.Nodes, c.Faults.Crashes), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, failuredetector.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// The smallest perfect detector, counted by hand: the request in flight, the reply in flight,
// the quiet state before the first timeout (the monitor counts n1 alive from the start), and
// the same three after every timeout (the set of replies emptied) — 6 states, one round like
// the next.
func TestPerfectDetectorStateCountMatchesAHandCount(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, failuredetector.New, failuredetector.Config{Nodes: 2}), distcheck.Workers(1))
	require.NotNil(t, res)
	assert.Equal(t, int64(6), res.Distinct)
}

// The eventually perfect detector detects every crash, and its false suspicions end.
func TestEventuallyPerfectDetectorIsCompleteAndEventuallyAccurate(t *testing.T) {
	for _, c := range []failuredetector.Config{
		{Nodes: 2, Bound: 1},
		{Nodes: 2, Bound: 3},
		{Nodes: 3, Bound: 2},
		{Nodes: 2, Bound: 2, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 3, Bound: 1, Faults: actor.Faults{Crashes: 1}},
	} {
		t.Run(fmt.Sprintf("nodes=%d,bound=%d,crashes=%d", c.Nodes, c.Bound, c.Faults.Crashes), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, failuredetector.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// MistakesAreFinite's bound, Bound+1, is reached: a suspicion made while the timeout was below
// the bound can be withdrawn after the timeout has reached it. A tighter bound fails.
func TestMistakeBoundIsTight(t *testing.T) {
	for _, bound := range []int{1, 2} {
		sys := actortest.System(t, failuredetector.New, failuredetector.Config{Nodes: 3, Bound: bound})
		sys.Props = append(sys.Props, properties.Always("AtMostBoundMistakes", func(s *actor.State) bool {
			return actor.NodeAs[*failuredetector.Node](s, 0).Mistakes <= bound
		}))
		res := distcheck.Check(t, sys, distcheck.ExpectViolation("AtMostBoundMistakes"), distcheck.Workers(1), distcheck.TraceDir(t.TempDir()))
		v := distcheck.Violation(t, res, "AtMostBoundMistakes")
		assert.Equal(t, bound, actor.NodeAs[*failuredetector.Node](v.Path.Last(), 0).Delay, "bound=%d: the timeout has reached the bound", bound)
	}
}

// With timers that fire at any step, the monitor times out before a live process's reply
// arrives and detects it: a perfect detector needs synchrony.
func TestAsynchronousTimersDetectALiveProcess(t *testing.T) {
	sys := actortest.System(t, failuredetector.New, failuredetector.Config{Nodes: 2, Bug: failuredetector.BugAsynchronous})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("StrongAccuracy"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "StrongAccuracy")
	last := v.Path.Last()
	assert.True(t, last.Up(1))
	assert.True(t, actor.NodeAs[*failuredetector.Node](last, 0).Suspected[1])
	assert.Equal(t, map[model.ActionKind]int{model.ActionTimeout: 2}, v.Path.Kinds(),
		"two timeouts and no delivery: the first empties the set of replies (everyone counts as alive until then), the second detects")
}

// A monitor that never empties its set of replies keeps counting a crashed process alive.
func TestNoResetMissesACrash(t *testing.T) {
	sys := actortest.System(t, failuredetector.New, failuredetector.Config{Nodes: 2, Faults: actor.Faults{Crashes: 1}, Bug: failuredetector.BugNoReset})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("StrongCompleteness"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "StrongCompleteness")
	last := v.Path.Last()
	assert.False(t, last.Up(1))
	assert.False(t, actor.NodeAs[*failuredetector.Node](last, 0).Suspected[1], "the crashed process is never detected")
}

// Without a longer timeout after a mistake, the monitor stays below the bound and goes on
// suspecting live processes.
func TestNoIncreaseMakesMistakesWithoutEnd(t *testing.T) {
	sys := actortest.System(t, failuredetector.New, failuredetector.Config{Nodes: 2, Bound: 1, Bug: failuredetector.BugNoIncrease})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MistakesAreFinite"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MistakesAreFinite")
	n := actor.NodeAs[*failuredetector.Node](v.Path.Last(), 0)
	assert.Equal(t, 3, n.Mistakes)
	assert.Zero(t, n.Delay)
}

// A suspicion never withdrawn: the live process replies every round and stays suspected.
func TestNeverRestoreSuspectsALiveProcessForever(t *testing.T) {
	sys := actortest.System(t, failuredetector.New, failuredetector.Config{Nodes: 2, Bound: 1, Bug: failuredetector.BugNeverRestore})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("FalseSuspicionsEnd"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "FalseSuspicionsEnd")
	last := v.Path.Last()
	assert.True(t, last.Up(1))
	assert.True(t, actor.NodeAs[*failuredetector.Node](last, 0).Suspected[1])
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range map[string]failuredetector.Config{
		"TestAsynchronousTimersDetectALiveProcess":    {Nodes: 2, Bug: failuredetector.BugAsynchronous},
		"TestNoResetMissesACrash":                     {Nodes: 2, Faults: actor.Faults{Crashes: 1}, Bug: failuredetector.BugNoReset},
		"TestNoIncreaseMakesMistakesWithoutEnd":       {Nodes: 2, Bound: 1, Bug: failuredetector.BugNoIncrease},
		"TestNeverRestoreSuspectsALiveProcessForever": {Nodes: 2, Bound: 1, Bug: failuredetector.BugNeverRestore},
	} {
		assert.Equal(t, 1, distcheck.ReplaySaved(t, actortest.System(t, failuredetector.New, cfg), test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := failuredetector.New(failuredetector.Config{Nodes: 1})
	assert.EqualError(t, err, "perfect-fd: nodes is 1, want at least 2")
	_, err = failuredetector.New(failuredetector.Config{Nodes: 2, Bug: failuredetector.BugNoIncrease})
	assert.EqualError(t, err, `perfect-fd: unknown bug "no-increase" (known: asynchronous, no-reset)`)
	_, err = failuredetector.New(failuredetector.Config{Nodes: 2, Bound: 1, Bug: failuredetector.BugNoReset})
	assert.EqualError(t, err, `eventually-perfect-fd: unknown bug "no-reset" (known: no-increase, never-restore)`)
	_, err = failuredetector.New(failuredetector.Config{Nodes: 2, Faults: actor.Faults{Crashes: 1, Recoveries: 1}})
	assert.EqualError(t, err, "perfect-fd: recoveries is 1, want 0 (the detectors assume crash-stop)")
}

// The monitored processes are interchangeable: brute force over every renaming of them agrees
// with the canonical fingerprints (for the correct detectors), and the liveness verdicts under symmetry reduction are those
// of the plain search, for both detectors, with and without a crash, and for every bug, each
// counterexample a concrete, weakly fair lasso (internal/symtest).
func TestSymmetryOfTheMonitoredProcesses(t *testing.T) {
	for _, c := range []failuredetector.Config{
		{Nodes: 3}, {Nodes: 3, Faults: actor.Faults{Crashes: 1}}, {Nodes: 3, Bug: failuredetector.BugAsynchronous},
		{Nodes: 3, Bug: failuredetector.BugNoReset, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 3, Bound: 1}, {Nodes: 3, Bound: 1, Faults: actor.Faults{Crashes: 1}},
		{Nodes: 3, Bound: 1, Bug: failuredetector.BugNoIncrease}, {Nodes: 3, Bound: 1, Bug: failuredetector.BugNeverRestore},
	} {
		t.Run(fmt.Sprintf("bound=%d,crashes=%d,bug=%s", c.Bound, c.Faults.Crashes, c.Bug), func(t *testing.T) {
			sys := actortest.System(t, failuredetector.New, c)
			if c.Bug == bugs.None {
				// (A search stops at a state that breaks an invariant; brute force does not.)
				symtest.CheckOrbits[*actor.State](t, sys)
			}
			res := symtest.CompareLiveness[*actor.State](t, sys, explore.Options{CollectAll: true})
			t.Logf("%d states, violated: %v", res.Distinct, len(res.Violations))
		})
	}
}

package fdtest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	fdstudent "github.com/distcheck/distcheck/examples/fd-student"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/failuredetector"
	"github.com/distcheck/distcheck/protocols/failuredetector/fdtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reference returns the project's nodes of detector d.
func reference(d fdtest.Detector) fdtest.Implementation {
	impl := fdtest.Reference()
	impl.Detector = d
	return impl
}

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl fdtest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *fdtest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = fdtest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's nodes and an independently written student's pass every check of every
// scenario of their detector, the exhaustive ones exhaustively.
func TestCorrectImplementationsPass(t *testing.T) {
	for _, c := range []struct {
		impl   fdtest.Implementation
		checks string
	}{
		{fdtest.Reference(), "17/17"},
		{student(correct, fdtest.Perfect), "17/17"},
		{reference(fdtest.EventuallyPerfect), "31/31"},
		{student(correct, fdtest.EventuallyPerfect), "31/31"},
	} {
		t.Run(c.impl.Name+"/"+c.impl.Detector.String(), func(t *testing.T) {
			rep := fdtest.Run(t, c.impl)
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "fdtest: "+c.impl.Name+": "+c.checks+" checks passed\n"), rep.String())
			scs := fdtest.ScenariosOf(c.impl.Detector, fdtest.Scenarios())
			require.Len(t, rep.Scenarios, len(scs))
			for i, sc := range scs {
				assert.Equal(t, !sc.Random, rep.Scenarios[i].Exhaustive, sc.Name)
			}
		})
	}
}

// The reference's state counts in the smallest scenarios are those of package
// failuredetector's own systems, counted by hand there for the perfect detector (6): the suite
// explores the same systems, its bookkeeping adding no state.
func TestTheExhaustiveScenariosSearchThePackagesSystem(t *testing.T) {
	for _, c := range []struct {
		d        fdtest.Detector
		scenario string
		cfg      failuredetector.Config
	}{
		{fdtest.Perfect, "two-nodes", failuredetector.Config{Nodes: 2}},
		{fdtest.Perfect, "three-one-crash", failuredetector.Config{Nodes: 3, Faults: actor.Faults{Crashes: 1}}},
		{fdtest.EventuallyPerfect, "two-bound-1", failuredetector.Config{Nodes: 2, Bound: 1}},
		{fdtest.EventuallyPerfect, "three-bound-2-crash", failuredetector.Config{Nodes: 3, Bound: 2, Faults: actor.Faults{Crashes: 1}}},
	} {
		rep := fdtest.Run(t, reference(c.d), conformance.Only(c.scenario))
		sys, err := failuredetector.New(c.cfg)
		require.NoError(t, err)
		res := distcheck.Check(t, sys, distcheck.NoReductions())
		assert.Equal(t, res.Distinct, rep.Scenarios[0].Distinct, c.scenario)
	}
}

// Every named bug of package failuredetector fails the suite, in the scenario and property
// given here, with a saved counterexample of the bug's nodes.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug][2]string{
		failuredetector.BugAsynchronous: {fdtest.StrongAccuracy, "two-nodes"},
		failuredetector.BugNoReset:      {fdtest.StrongCompleteness, "three-one-crash"},
		failuredetector.BugNoIncrease:   {fdtest.MistakesAreFinite, "two-bound-1"},
		failuredetector.BugNeverRestore: {fdtest.FalseSuspicionsEnd, "two-bound-1"},
	}
	for _, bug := range failuredetector.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			where, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			rep, _ := conformance.ExpectFailure(t, where[0], where[1], func(tb testing.TB) *conformance.Report {
				return fdtest.Run(tb, fdtest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(where[0])
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "fdtest/"+string(bug), tr.Protocol)
		})
	}
}

// The suite's defaults catch every student mistake of student_test.go, in the scenario and
// property given here.
func TestTheSuiteCatchesStudentMistakes(t *testing.T) {
	for _, c := range []struct {
		flaw               flaw
		detector           fdtest.Detector
		property, scenario string
	}{
		{noReset, fdtest.Perfect, fdtest.StrongCompleteness, "three-one-crash"},
		{answersOnce, fdtest.Perfect, fdtest.StrongAccuracy, "two-nodes"},
		{noIncrease, fdtest.EventuallyPerfect, fdtest.MistakesAreFinite, "two-bound-1"},
		{neverRestore, fdtest.EventuallyPerfect, fdtest.TimeoutBounded, "two-bound-1"},
		{pingsAllButLast, fdtest.EventuallyPerfect, fdtest.FalseSuspicionsEnd, "two-bound-1"},
		{shrinksTimeout, fdtest.EventuallyPerfect, fdtest.MistakesAreFinite, "two-bound-1"},
	} {
		t.Run(c.flaw.String(), func(t *testing.T) {
			conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return fdtest.Run(tb, student(c.flaw, c.detector), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
		})
	}
}

// A reply that misses the monitor's timeout reaches it after the timeout, as an fdtest.Late
// message the suite sends on the replier's behalf; the counterexample of a detector that
// never lengthens its timeout shows it.
func TestLateRepliesArriveAfterTheTimeout(t *testing.T) {
	rep, r := conformance.ExpectFailure(t, fdtest.MistakesAreFinite, "two-bound-1", func(tb testing.TB) *conformance.Report {
		return fdtest.Run(tb, student(noIncrease, fdtest.EventuallyPerfect), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
	})
	g, _ := rep.Grade(fdtest.MistakesAreFinite)
	tr, err := counterexamples.Load(g.Counterexample)
	require.NoError(t, err)
	late := 0
	for _, st := range tr.Steps {
		if st.Msg != nil && st.Msg.Type == "fdtest.Late" {
			late++
			assert.Equal(t, "n0", st.Node, "only the monitor's messages are late")
		}
	}
	assert.Positive(t, late, "no late reply in the counterexample")
	assert.Contains(t, r.Errors(), "late from n1: fdtest_test.imAlive{}")
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, fdtest.Implementation{Name: "nobody"})
	assert.Equal(t, "fdtest: nobody: Implementation.NewNode is nil", r.Errors())
	r, _ = runOn(t, fdtest.Buggy("nope"))
	assert.Equal(t, `fdtest: nope: failuredetector: unknown bug "nope" (known: asynchronous, no-reset, no-increase, never-restore)`, r.Errors())
	impl := student(correct, fdtest.Perfect)
	impl.Scenarios = []fdtest.Scenario{{Nodes: 2, Bound: 1}}
	impl.Scenarios[0].Name = "x"
	r, _ = runOn(t, impl)
	assert.Equal(t, `fdtest: student-correct: scenario "x": bound 1: the perfect detector's scenarios are synchronous, bound 0`, r.Errors())
	impl = student(correct, fdtest.EventuallyPerfect)
	impl.Scenarios = []fdtest.Scenario{{Nodes: 2, Crashes: 2, Bound: 1}}
	impl.Scenarios[0].Name = "y"
	r, _ = runOn(t, impl)
	assert.Equal(t, `fdtest: student-correct: scenario "y": 2 nodes and 2 crashes: want at least 2 nodes and fewer crashes than nodes`, r.Errors())
	impl.Detector = 7
	r, _ = runOn(t, impl)
	assert.Equal(t, `fdtest: student-correct: Implementation.Detector is 7, want fdtest.Perfect or fdtest.EventuallyPerfect`, r.Errors())
}

// The skeleton of examples/fd-student compiles and fails the suite until it is filled in: a
// detector that detects nothing is accurate, and fails StrongCompleteness and the Sometimes
// properties.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, fdtest.Implementation{Name: "skeleton", NewNode: fdstudent.NewPerfect}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	for property, want := range map[string]conformance.Status{
		fdtest.StrongAccuracy: conformance.Passed, fdtest.StrongCompleteness: conformance.Failed,
		"MonitorTimedOut": conformance.Failed, "CrashDetected": conformance.Failed,
	} {
		g, _ := rep.Grade(property)
		assert.Equal(t, want, g.Status, property)
	}
	r, rep = runOn(t, fdtest.Implementation{Name: "skeleton", Detector: fdtest.EventuallyPerfect, NewNode: fdstudent.NewEventuallyPerfect}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	g, _ := rep.Grade("FalseSuspicion")
	assert.Equal(t, conformance.Failed, g.Status)
}

package clockstest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	clocksstudent "github.com/distcheck/distcheck/examples/clocks-student"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/clocks/clockstest"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl clockstest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *conformance.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = clockstest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's clocks and an independently written student's pass every check of every
// scenario, the exhaustive ones exhaustively.
func TestCorrectImplementationsPass(t *testing.T) {
	for _, impl := range []clockstest.Implementation{clockstest.Reference(), student(correct)} {
		t.Run(impl.Name, func(t *testing.T) {
			rep := clockstest.Run(t, impl)
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "clockstest: "+impl.Name+": 17/17 checks passed\n"), rep.String())
			require.Len(t, rep.Scenarios, 4)
			assert.True(t, rep.Scenarios[0].Exhaustive)
			assert.True(t, rep.Scenarios[1].Exhaustive)
			assert.Equal(t, []uint64{0, 1, 2}, rep.Scenarios[2].Seeds)
		})
	}
}

// The reference's state counts in the exhaustive scenarios are those of package clocks's
// demonstration with the same sizes and faults: the suite explores the same system.
func TestTheExhaustiveScenariosSearchThePackagesSystem(t *testing.T) {
	scs := clockstest.Scenarios()[:2]
	rep := clockstest.Run(t, clockstest.Reference(), conformance.Only(scs[0].Name, scs[1].Name))
	for i, sc := range scs {
		sys, err := clocks.New(clocks.Config{Nodes: sc.Nodes, Events: sc.Events, Faults: sc.Faults})
		require.NoError(t, err)
		res := distcheck.Check(t, sys)
		assert.Equal(t, res.Distinct, rep.Scenarios[i].Distinct, sc.Name)
	}
}

// Every named bug of package clocks fails the suite, in the first scenario and the property
// given here, with a saved counterexample.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug]string{
		clocks.BugNoMax:           "ClockCondition",
		clocks.BugNoTickOnSend:    "ClockCondition",
		clocks.BugNoTickOnReceive: "VectorCharacterization",
		clocks.BugCompareAny:      "VectorCharacterization",
	}
	for _, bug := range clocks.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			property, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			rep, _ := conformance.ExpectFailure(t, property, "two-nodes", func(tb testing.TB) *conformance.Report {
				return clockstest.Run(tb, clockstest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(property)
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "clockstest/"+string(bug), tr.Protocol)
		})
	}
}

// The suite's defaults catch every student mistake of student_test.go, in the scenario and
// property given here.
func TestTheSuiteCatchesStudentMistakes(t *testing.T) {
	for _, c := range []struct {
		flaw               flaw
		property, scenario string
	}{
		{maxWithoutIncrement, "ClockCondition", "two-nodes"},
		{noTickOnLocal, "ClockCondition", "two-nodes"},
		{overwriteOnReceive, "VectorCharacterization", "two-nodes"},
		{lessAllStrict, "VectorCharacterization", "two-nodes"},
		{lessBySum, "VectorCharacterization", "two-nodes"},
	} {
		t.Run(c.flaw.String(), func(t *testing.T) {
			conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return clockstest.Run(tb, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
		})
	}
}

// The skeleton of examples/clocks-student compiles and fails the suite until it is filled in.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, clockstest.Implementation{Name: "skeleton", NewLamport: clocksstudent.NewLamport,
		NewVector: clocksstudent.NewVector, Less: clocksstudent.Less}, distcheck.TraceDir(t.TempDir()), conformance.FailFast())
	require.True(t, r.Failed())
	g, _ := rep.Grade("ClockCondition")
	assert.Equal(t, conformance.Failed, g.Status)
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, clockstest.Implementation{Name: "nobody"})
	assert.Equal(t, "clockstest: nobody: Implementation.NewLamport, NewVector and Less must all be set", r.Errors())
	r, _ = runOn(t, clockstest.Buggy("nope"))
	assert.Contains(t, r.Errors(), `clockstest: nope: clocks: unknown bug "nope"`)
	impl := clockstest.Reference()
	impl.Scenarios = []clockstest.Scenario{{Nodes: 2, Events: 1}}
	impl.Scenarios[0].Name = "x"
	impl.Scenarios[0].Faults.Crashes = 1
	r, _ = runOn(t, impl)
	assert.Equal(t, `clockstest: reference: scenario "x": crashes and partitions are not modelled (a node's events are its memory): use drops and duplicates`, r.Errors())
}

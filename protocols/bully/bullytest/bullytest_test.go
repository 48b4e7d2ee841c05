package bullytest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	bullystudent "github.com/distcheck/distcheck/examples/bully-student"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/bully"
	"github.com/distcheck/distcheck/protocols/bully/bullytest"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl bullytest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *bullytest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = bullytest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's nodes and an independently written student's pass every check of every
// scenario, the exhaustive ones exhaustively; Elected is checked in every scenario, the
// exhaustive one with a crash too.
func TestCorrectImplementationsPass(t *testing.T) {
	for _, impl := range []bullytest.Implementation{bullytest.Reference(), student(correct)} {
		t.Run(impl.Name, func(t *testing.T) {
			rep := bullytest.Run(t, impl)
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "bullytest: "+impl.Name+": 21/21 checks passed\n"), rep.String())
			require.Len(t, rep.Scenarios, 4)
			assert.True(t, rep.Scenarios[0].Exhaustive)
			assert.True(t, rep.Scenarios[1].Exhaustive)
			g, _ := rep.Grade(bullytest.Elected)
			assert.Equal(t, 4, g.Scenarios)
			assert.Equal(t, []uint64{0, 1, 2}, rep.Scenarios[3].Seeds)
		})
	}
}

// The reference's state count without faults is that of package bully's own system: the
// suite explores the same system.
func TestTheExhaustiveScenarioSearchesThePackagesSystem(t *testing.T) {
	rep := bullytest.Run(t, bullytest.Reference(), conformance.Only("three-nodes"))
	sys, err := bully.New(bully.Config{Nodes: 3})
	require.NoError(t, err)
	res := distcheck.Check(t, sys)
	assert.Equal(t, res.Distinct, rep.Scenarios[0].Distinct)
}

// Every named bug of package bully fails the suite, in the scenario and property given here,
// with a saved counterexample.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug][2]string{
		bully.BugDeclareDespiteAnswer: {"AtMostOneCoordinator", "three-nodes"},
		bully.BugAsynchronous:         {"AtMostOneCoordinator", "three-nodes"},
		bully.BugNoReelection:         {bullytest.Elected, "three-one-crash"},
		bully.BugWaitForever:          {bullytest.Elected, "three-one-crash"},
	}
	for _, bug := range bully.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			where, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			property := where[0]
			rep, _ := conformance.ExpectFailure(t, property, where[1], func(tb testing.TB) *conformance.Report {
				return bullytest.Run(tb, bullytest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(property)
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "bullytest/"+string(bug), tr.Protocol)
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
		{silentWhileElecting, "HighestLive", "three-one-crash"},
		{electsDownward, "HighestLive", "three-nodes"},
		{forgetsItself, "Elected", "three-nodes"},
		{answerMeansLeader, "HighestLive", "three-nodes"},
		{electionToAll, "Elected", "three-nodes"},
	} {
		t.Run(c.flaw.String(), func(t *testing.T) {
			conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return bullytest.Run(tb, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
		})
	}
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, bullytest.Implementation{Name: "nobody"})
	assert.Equal(t, "bullytest: nobody: Implementation.NewNode is nil", r.Errors())
	r, _ = runOn(t, bullytest.Buggy("nope"))
	assert.Equal(t, `bullytest: nope: bully: unknown bug "nope" (known: declare-despite-answer, asynchronous, no-reelection, wait-forever)`, r.Errors())
	impl := bullytest.Reference()
	impl.Scenarios = []bullytest.Scenario{{Nodes: 2, Crashes: 2}}
	impl.Scenarios[0].Name = "x"
	r, _ = runOn(t, impl)
	assert.Equal(t, `bullytest: reference: scenario "x": 2 nodes and 2 crashes: want at least 2 nodes and fewer crashes than nodes`, r.Errors())
}

// The skeleton of examples/bully-student compiles and fails the suite until it is filled in:
// nodes that never elect anyone keep the safety properties, and fail Elected and
// CoordinatorAnnounced.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, bullytest.Implementation{Name: "skeleton", NewNode: bullystudent.NewNode}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	for property, want := range map[string]conformance.Status{
		"AtMostOneCoordinator": conformance.Passed, "HighestLive": conformance.Passed,
		bullytest.Elected: conformance.Failed, "CoordinatorAnnounced": conformance.Failed,
	} {
		g, _ := rep.Grade(property)
		assert.Equal(t, want, g.Status, property)
	}
}

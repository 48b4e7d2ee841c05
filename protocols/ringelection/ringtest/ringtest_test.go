package ringtest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	ringstudent "github.com/distcheck/distcheck/examples/ring-student"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/ringelection"
	"github.com/distcheck/distcheck/protocols/ringelection/ringtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl ringtest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *ringtest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = ringtest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's nodes and an independently written student's pass every check of every
// scenario, the exhaustive ones exhaustively.
func TestCorrectImplementationsPass(t *testing.T) {
	for _, impl := range []ringtest.Implementation{ringtest.Reference(), student(correct)} {
		t.Run(impl.Name, func(t *testing.T) {
			rep := ringtest.Run(t, impl)
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "ringtest: "+impl.Name+": 26/26 checks passed\n"), rep.String())
			require.Len(t, rep.Scenarios, 5)
			for _, sc := range rep.Scenarios[:4] {
				assert.True(t, sc.Exhaustive, sc.Name)
			}
			assert.Equal(t, []uint64{0, 1, 2}, rep.Scenarios[4].Seeds)
			assert.Equal(t, 3*conformance.Sampled(2_000), rep.Scenarios[4].Walks)
		})
	}
}

// The reference's state counts in the exhaustive scenarios are those of package
// ringelection's own system with the same identifiers: the suite explores the same system.
func TestTheExhaustiveScenariosSearchThePackagesSystem(t *testing.T) {
	scs := ringtest.Scenarios()[:3]
	rep := ringtest.Run(t, ringtest.Reference(), conformance.Only(scs[0].Name, scs[1].Name, scs[2].Name))
	for i, sc := range scs {
		sys, err := ringelection.New(ringelection.Config{Nodes: len(sc.IDs), IDs: sc.IDs})
		require.NoError(t, err)
		res := distcheck.Check(t, sys)
		assert.Equal(t, res.Distinct, rep.Scenarios[i].Distinct, sc.Name)
	}
}

// Every named bug of package ringelection fails the suite, in the scenario and property given
// here, with a saved counterexample of the bug's nodes.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug]string{
		ringelection.BugLowestWins:          "HighestElected",
		ringelection.BugParticipantDiscards: "Elected",
	}
	for _, bug := range ringelection.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			property, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			rep, _ := conformance.ExpectFailure(t, property, "three-descending", func(tb testing.TB) *conformance.Report {
				return ringtest.Run(tb, ringtest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(property)
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "ringtest/"+string(bug), tr.Protocol)
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
		{forwardsSmaller, "HighestElected", "three-descending"},
		{keepsVictory, "Elected", "three-descending"},
		{smallerMeansWon, "HighestElected", "three-ascending"},
		{indexAsIdentifier, "HighestElected", "three-descending"},
		{dropsSmaller, "Elected", "lowest-starts"},
		{forwardsStaleVictory, "Elected", "three-descending"},
	} {
		t.Run(c.flaw.String(), func(t *testing.T) {
			conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return ringtest.Run(tb, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
		})
	}
}

// The skeleton of examples/ring-student compiles and fails the suite until it is filled in:
// a ring in which no one is ever elected keeps the safety properties, and fails Elected and
// CoordinatorKnown.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, ringtest.Implementation{Name: "skeleton", NewNode: ringstudent.NewNode}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	for property, want := range map[string]conformance.Status{
		"AtMostOneCoordinator": conformance.Passed, "HighestElected": conformance.Passed,
		"Elected": conformance.Failed, "CoordinatorKnown": conformance.Failed,
	} {
		g, _ := rep.Grade(property)
		assert.Equal(t, want, g.Status, property)
	}
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, ringtest.Implementation{Name: "nobody"})
	assert.Equal(t, "ringtest: nobody: Implementation.NewNode is nil", r.Errors())
	r, _ = runOn(t, ringtest.Buggy("nope"))
	assert.Equal(t, `ringtest: nope: ring-election: unknown bug "nope" (known: lowest-wins, participant-discards)`, r.Errors())
	for want, ids := range map[string][]int{
		`scenario "x": a ring of 1 nodes: want at least 2`:              {1},
		`scenario "x": identifiers [1 0] are not positive and distinct`: {1, 0},
		`scenario "x": identifiers [2 2] are not positive and distinct`: {2, 2},
		`scenario "x": starter 3 is not a node of a ring of 3`:          {1, 2, 3},
	} {
		impl := ringtest.Reference()
		impl.Scenarios = []ringtest.Scenario{{IDs: ids, Starters: []model.NodeID{0, 3}}}
		impl.Scenarios[0].Name = "x"
		r, _ = runOn(t, impl)
		assert.Equal(t, "ringtest: reference: "+want, r.Errors())
	}
}

package ratest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	rastudent "github.com/distcheck/distcheck/examples/ra-student"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/ricartagrawala"
	"github.com/distcheck/distcheck/protocols/ricartagrawala/ratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl ratest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *ratest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = ratest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's nodes and an independently written student's pass every check of every
// scenario, the exhaustive ones exhaustively.
func TestCorrectImplementationsPass(t *testing.T) {
	for _, impl := range []ratest.Implementation{ratest.Reference(), student(correct)} {
		t.Run(impl.Name, func(t *testing.T) {
			rep := ratest.Run(t, impl)
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "ratest: "+impl.Name+": 17/17 checks passed\n"), rep.String())
			require.Len(t, rep.Scenarios, 4)
			assert.True(t, rep.Scenarios[0].Exhaustive)
			assert.True(t, rep.Scenarios[1].Exhaustive)
			assert.Equal(t, []uint64{0, 1, 2}, rep.Scenarios[2].Seeds)
			assert.Equal(t, 3*conformance.Sampled(2_000), rep.Scenarios[2].Walks)
		})
	}
}

// The reference's state counts in the exhaustive scenarios are those of distcheck check
// ricart-agrawala with the same sizes (README's commands and the package's own tests use
// that search): the suite explores the same system.
func TestTheExhaustiveScenariosSearchThePackagesSystem(t *testing.T) {
	rep := ratest.Run(t, ratest.Reference(), conformance.Only("two-nodes", "three-nodes"))
	for i, c := range []ricartagrawala.Config{{Nodes: 2, Entries: 2}, {Nodes: 3, Entries: 1}} {
		sys, err := ricartagrawala.New(c)
		require.NoError(t, err)
		res := distcheck.Check(t, sys)
		assert.Equal(t, res.Distinct, rep.Scenarios[i].Distinct, rep.Scenarios[i].Name)
	}
}

// Every named bug of package ricartagrawala fails the suite, in the scenario and property
// given here, with a saved counterexample of the bug's nodes.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug]string{
		ricartagrawala.BugReplyWhileHeld: "MutualExclusion",
		ricartagrawala.BugNoTiebreak:     "EveryoneEnters",
	}
	for _, bug := range ricartagrawala.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			property, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			rep, _ := conformance.ExpectFailure(t, property, "two-nodes", func(tb testing.TB) *conformance.Report {
				return ratest.Run(tb, ratest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(property)
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "ratest/"+string(bug), tr.Protocol)
		})
	}
}

// The suite's defaults catch every student mistake of student_test.go, in the scenario and
// property given here: the exhaustive scenarios whatever the seed, the sampled one under its
// seeds.
func TestTheSuiteCatchesStudentMistakes(t *testing.T) {
	for _, c := range []struct {
		flaw               flaw
		property, scenario string
	}{
		{comparesCurrentClock, "MutualExclusion", "two-nodes"},
		{dropsDeferred, "EveryoneEnters", "two-nodes"},
		{defersOnlyInside, "MutualExclusion", "two-nodes"},
		{countsRepliesForever, "MutualExclusion", "three-nodes-twice"},
		{noMaxOnReceive, "MutualExclusion", "two-nodes"},
	} {
		t.Run(c.flaw.String(), func(t *testing.T) {
			conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return ratest.Run(tb, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
		})
	}
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, ratest.Implementation{Name: "nobody"})
	assert.Equal(t, "ratest: nobody: Implementation.NewNode is nil", r.Errors())
	r, _ = runOn(t, ratest.Buggy("nope"))
	assert.Equal(t, `ratest: nope: ricart-agrawala: unknown bug "nope" (known: reply-while-held, no-tiebreak)`, r.Errors())
	nils := ratest.Implementation{Name: "nils", NewNode: func(ratest.NodeConfig) ratest.Node { return (*studentNode)(nil) }}
	r, _ = runOn(t, nils, conformance.Only("two-nodes"))
	assert.Contains(t, r.Errors(), "scenario two-nodes: building the system: the constructor returned no node for node 0")
	tiny := ratest.Reference()
	tiny.Scenarios = []ratest.Scenario{{Nodes: 1, Entries: 1}}
	tiny.Scenarios[0].Name = "alone"
	r, _ = runOn(t, tiny)
	assert.Equal(t, `ratest: reference: scenario "alone": 1 nodes entering 1 times: want at least 2 nodes and 1 entry`, r.Errors())
}

// The skeleton of examples/ra-student compiles and fails the suite until it is filled in: a
// node that never enters keeps MutualExclusion, and fails EveryoneEnters and Entered.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, ratest.Implementation{Name: "skeleton", NewNode: rastudent.NewNode}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	for property, want := range map[string]conformance.Status{
		"MutualExclusion": conformance.Passed, "EveryoneEnters": conformance.Failed, "Entered": conformance.Failed,
	} {
		g, _ := rep.Grade(property)
		assert.Equal(t, want, g.Status, property)
	}
	assert.Contains(t, r.Errors(), "Entered (sometimes) never held in scenario three-nodes")
}

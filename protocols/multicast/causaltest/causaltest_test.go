package causaltest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	causalstudent "github.com/distcheck/distcheck/examples/causal-student"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multicast/causal"
	"github.com/distcheck/distcheck/protocols/multicast/causaltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl causaltest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *causaltest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = causaltest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's processes and an independently written student's pass every check of every
// scenario, the exhaustive ones exhaustively.
func TestCorrectImplementationsPass(t *testing.T) {
	for _, impl := range []causaltest.Implementation{causaltest.Reference(), student(correct)} {
		t.Run(impl.Name, func(t *testing.T) {
			rep := causaltest.Run(t, impl)
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "causaltest: "+impl.Name+": 33/33 checks passed\n"), rep.String())
			require.Len(t, rep.Scenarios, 4)
			for _, sc := range rep.Scenarios[:3] {
				assert.True(t, sc.Exhaustive, sc.Name)
			}
			assert.Equal(t, []uint64{0, 1, 2}, rep.Scenarios[3].Seeds)
			assert.Equal(t, 3*conformance.Sampled(2_000), rep.Scenarios[3].Walks)
		})
	}
}

// The reference's state counts in the exhaustive scenarios are those of distcheck check
// causal-broadcast with the same sizes: the suite explores the package's system, checked by
// other properties. (With a crash the package's own AllDelivered fails — a crashed process
// delivers nothing more — so that system is searched without properties.)
func TestTheExhaustiveScenariosSearchThePackagesSystem(t *testing.T) {
	rep := causaltest.Run(t, causaltest.Reference(), conformance.Only("two-senders", "three-nodes", "one-crash"))
	for i, c := range []causal.Config{{Nodes: 2, Messages: 2}, {Nodes: 3, Messages: 1}, {Nodes: 3, Messages: 1, Faults: actor.Faults{Crashes: 1}}} {
		sys, err := causal.New(c)
		require.NoError(t, err)
		if c.Faults.Crashes > 0 {
			sys.Props = nil
		}
		res := distcheck.Check(t, sys)
		assert.True(t, rep.Scenarios[i].Exhaustive)
		assert.Equal(t, res.Distinct, rep.Scenarios[i].Distinct, rep.Scenarios[i].Name)
	}
}

// Every named bug of package causal fails the suite, in the scenario and property given
// here, with a saved counterexample of the bug's processes.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug][2]string{
		causal.BugNoWait:          {"FIFOOrder", "two-senders"},
		causal.BugSenderEntryOnly: {"CausalOrder", "three-nodes"},
	}
	for _, bug := range causal.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			where, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			rep, _ := conformance.ExpectFailure(t, where[0], where[1], func(tb testing.TB) *conformance.Report {
				return causaltest.Run(tb, causaltest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(where[0])
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "causaltest/"+string(bug), tr.Protocol)
		})
	}
}

// The suite's defaults catch every student mistake of student_test.go, in the scenario and
// property given here, with a failure that names the property and the scenario.
func TestTheSuiteCatchesStudentMistakes(t *testing.T) {
	for _, c := range []struct {
		flaw               flaw
		property, scenario string
	}{
		{noNextCheck, "FIFOOrder", "two-senders"},
		{noOwnIncrement, "Agreement", "two-senders"},
		{mergeOnReceive, "CausalOrder", "three-nodes"},
		{noRescan, "Agreement", "two-senders"},
		{waitsForAcks, "Validity", "one-crash"},
	} {
		t.Run(c.flaw.String(), func(t *testing.T) {
			_, r := conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return causaltest.Run(tb, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
			assert.Contains(t, r.Errors(), c.property+" (")
			assert.Contains(t, r.Errors(), "in scenario "+c.scenario)
		})
	}
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, causaltest.Implementation{Name: "nobody"})
	assert.Equal(t, "causaltest: nobody: Implementation.NewNode is nil", r.Errors())
	r, _ = runOn(t, causaltest.Buggy("nope"))
	assert.Equal(t, `causaltest: nope: causal-broadcast: unknown bug "nope" (known: no-wait, sender-entry-only)`, r.Errors())
	nils := causaltest.Implementation{Name: "nils", NewNode: func(causaltest.NodeConfig) causaltest.Node { return (*coNode)(nil) }}
	r, _ = runOn(t, nils, conformance.Only("two-senders"))
	assert.Contains(t, r.Errors(), "scenario two-senders: building the system: the constructor returned no node for node 0")
	tiny := causaltest.Reference()
	tiny.Scenarios = []causaltest.Scenario{{Nodes: 2, Messages: 1, Crashes: 2}}
	tiny.Scenarios[0].Name = "all-crash"
	r, _ = runOn(t, tiny)
	assert.Equal(t, `causaltest: reference: scenario "all-crash": 2 nodes broadcasting 1 messages, 2 crashes: want at least 2 nodes, 1 message and fewer crashes than nodes`, r.Errors())
}

// The skeleton of examples/causal-student compiles and fails the suite until it is filled in:
// a process that records its broadcasts and delivers nothing keeps the orders, and fails
// Validity and SomeoneElsesDelivered.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, causaltest.Implementation{Name: "skeleton", NewNode: causalstudent.NewNode}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	for property, want := range map[string]conformance.Status{
		"CausalOrder": conformance.Passed, "Validity": conformance.Failed, "SomeoneElsesDelivered": conformance.Failed,
	} {
		g, _ := rep.Grade(property)
		assert.Equal(t, want, g.Status, property)
	}
	assert.Contains(t, r.Errors(), "SomeoneElsesDelivered (sometimes) never held in scenario three-nodes")
}

package totaltest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	totalorderstudent "github.com/distcheck/distcheck/examples/total-order-student"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/isis"
	"github.com/distcheck/distcheck/protocols/multicast/sequencer"
	"github.com/distcheck/distcheck/protocols/multicast/totaltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl totaltest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *totaltest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = totaltest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's sequencer and two independently written students' — ISIS and a sequencer —
// pass every check of every scenario, the exhaustive ones exhaustively (under -short, ISIS's
// three processes, some 200,000 states, only up to 40,000).
func TestCorrectImplementationsPass(t *testing.T) {
	for _, impl := range []totaltest.Implementation{totaltest.Reference(), studentISIS(correct), studentSequencer(correct)} {
		t.Run(impl.Name, func(t *testing.T) {
			rep := totaltest.Run(t, impl, distcheck.InShort(distcheck.MaxStates(40_000)))
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "totaltest: "+impl.Name+": 27/27 checks passed\n"), rep.String())
			require.Len(t, rep.Scenarios, 4)
			assert.True(t, rep.Scenarios[0].Exhaustive)
			assert.Equal(t, !testing.Short() || rep.Scenarios[1].Distinct < 40_000, rep.Scenarios[1].Exhaustive)
			assert.Equal(t, []uint64{0, 1}, rep.Scenarios[2].Seeds)
			assert.Equal(t, []uint64{0, 1, 2}, rep.Scenarios[3].Seeds)
			assert.Equal(t, 3*conformance.Sampled(1_000), rep.Scenarios[3].Walks)
		})
	}
}

// The exhaustive scenarios search the packages' systems: their state counts, with package
// sequencer's processes and package isis's, are those of distcheck check with the same sizes
// (the README's and the packages' own tests' search), and both pass. Under -short, ISIS's
// three processes (191,702 states) are left out.
func TestTheExhaustiveScenariosSearchThePackagesSystems(t *testing.T) {
	for _, c := range []struct {
		impl totaltest.Implementation
		new  func(multicast.Config) (*actor.System, error)
	}{{totaltest.Reference(), sequencer.New}, {totaltest.ISIS(bugs.None), isis.New}} {
		t.Run(c.impl.Name, func(t *testing.T) {
			configs := []multicast.Config{{Nodes: 2, Messages: 2}, {Nodes: 3, Messages: 1}}
			only := []string{"two-senders", "three-nodes"}
			if testing.Short() && c.impl.Name == "isis" {
				configs, only = configs[:1], only[:1]
			}
			rep := totaltest.Run(t, c.impl, conformance.Only(only...))
			require.True(t, rep.OK(), rep.String())
			for i, cfg := range configs {
				sys, err := c.new(cfg)
				require.NoError(t, err)
				res := distcheck.Check(t, sys)
				assert.True(t, rep.Scenarios[i].Exhaustive)
				assert.Equal(t, res.Distinct, rep.Scenarios[i].Distinct, rep.Scenarios[i].Name)
			}
		})
	}
}

// Every named bug of packages sequencer and isis fails the suite, in the scenario and
// property given here, with a saved counterexample of the bug's processes.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug][2]string{
		sequencer.BugNoHoldback:    {"TotalOrder", "two-senders"},
		sequencer.BugSenderNumbers: {"TotalOrder", "two-senders"},
		isis.BugDeliverOnFinal:     {"TotalOrder", "two-senders"},
		isis.BugNoTiebreak:         {"TotalOrder", "two-senders"},
	}
	for _, bug := range append(sequencer.Catalog.Bugs(), isis.Catalog.Bugs()...) {
		t.Run(string(bug), func(t *testing.T) {
			where, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			rep, _ := conformance.ExpectFailure(t, where[0], where[1], func(tb testing.TB) *conformance.Report {
				return totaltest.Run(tb, totaltest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(where[0])
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "totaltest/"+string(bug), tr.Protocol)
		})
	}
}

// The suite's defaults catch every student mistake of student_test.go, in the scenario and
// property given here, with a failure that names the property and the scenario.
func TestTheSuiteCatchesStudentMistakes(t *testing.T) {
	for _, c := range []struct {
		impl               totaltest.Implementation
		property, scenario string
	}{
		{studentISIS(deliverBeforeFinal), "TotalOrder", "two-senders"},
		{studentISIS(noTiebreak), "TotalOrder", "two-senders"},
		{studentISIS(firstProposal), "TotalOrder", "two-senders"},
		{studentISIS(proposeFromCount), "TotalOrder", "two-senders"},
		{studentISIS(noSelfProposal), "Validity", "two-senders"},
		{studentSequencer(perSenderNumbers), "TotalOrder", "two-senders"},
		{studentSequencer(senderDeliversOwn), "TotalOrder", "two-senders"},
	} {
		t.Run(c.impl.Name, func(t *testing.T) {
			_, r := conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return totaltest.Run(tb, c.impl, distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
			assert.Contains(t, r.Errors(), c.property+" (")
			assert.Contains(t, r.Errors(), "in scenario "+c.scenario)
		})
	}
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, totaltest.Implementation{Name: "nobody"})
	assert.Equal(t, "totaltest: nobody: Implementation.NewNode is nil", r.Errors())
	r, _ = runOn(t, totaltest.Buggy("nope"))
	assert.Equal(t, `totaltest: nope: unknown bug "nope" (known: no-holdback, sender-numbers, deliver-on-final, no-tiebreak)`, r.Errors())
	r, _ = runOn(t, totaltest.ISIS("no-holdback"))
	assert.Equal(t, `totaltest: no-holdback: isis-broadcast: unknown bug "no-holdback" (known: deliver-on-final, no-tiebreak)`, r.Errors())
	nils := totaltest.Implementation{Name: "nils", NewNode: func(totaltest.NodeConfig) totaltest.Node { return (*seqNode)(nil) }}
	r, _ = runOn(t, nils, conformance.Only("two-senders"))
	assert.Contains(t, r.Errors(), "scenario two-senders: building the system: the constructor returned no node for node 0")
	tiny := totaltest.Reference()
	tiny.Scenarios = []totaltest.Scenario{{Nodes: 1, Messages: 1}}
	tiny.Scenarios[0].Name = "alone"
	r, _ = runOn(t, tiny)
	assert.Equal(t, `totaltest: reference: scenario "alone": 1 nodes broadcasting 1 messages, 0 crashes: want at least 2 nodes, 1 message and fewer crashes than nodes`, r.Errors())
}

// The skeleton of examples/total-order-student compiles and fails the suite until it is
// filled in: a process that records its broadcasts and delivers nothing keeps TotalOrder, and
// fails Validity and SomeoneElsesDelivered.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, totaltest.Implementation{Name: "skeleton", NewNode: totalorderstudent.NewNode}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	for property, want := range map[string]conformance.Status{
		"TotalOrder": conformance.Passed, "Validity": conformance.Failed, "SomeoneElsesDelivered": conformance.Failed,
	} {
		g, _ := rep.Grade(property)
		assert.Equal(t, want, g.Status, property)
	}
	assert.Contains(t, r.Errors(), "SomeoneElsesDelivered (sometimes) never held in scenario three-nodes")
}

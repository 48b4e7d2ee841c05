package snapshottest_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	snapshotstudent "github.com/distcheck/distcheck/examples/snapshot-student"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/snapshot"
	"github.com/distcheck/distcheck/protocols/snapshot/snapshottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl, recording its failures instead of failing the test.
func runOn(t *testing.T, impl snapshottest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *snapshottest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = snapshottest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's nodes and an independently written student's pass every check of every
// scenario, the exhaustive ones exhaustively. With one initiator, the reference's state counts
// are those of package snapshot's own systems: the suite explores the same systems, its
// bookkeeping adding no state.
func TestCorrectImplementationsPass(t *testing.T) {
	for _, impl := range []snapshottest.Implementation{snapshottest.Reference(), student(correct)} {
		t.Run(impl.Name, func(t *testing.T) {
			rep := snapshottest.Run(t, impl)
			require.True(t, rep.OK(), rep.String())
			assert.True(t, strings.HasPrefix(rep.String(), "snapshottest: "+impl.Name+": 25/25 checks passed\n"), rep.String())
			require.Len(t, rep.Scenarios, 4)
			for i := range 3 {
				assert.True(t, rep.Scenarios[i].Exhaustive, rep.Scenarios[i].Name)
			}
			assert.Equal(t, []uint64{0, 1, 2}, rep.Scenarios[3].Seeds)
			if impl.Name != "reference" {
				return
			}
			for i, c := range []snapshot.Config{{Nodes: 2, Transfers: 2}, {Nodes: 3, Transfers: 1}} {
				sys, err := snapshot.New(c)
				require.NoError(t, err)
				res := distcheck.Check(t, sys, distcheck.NoReductions())
				assert.Equal(t, res.Distinct, rep.Scenarios[i].Distinct, rep.Scenarios[i].Name)
			}
		})
	}
}

// Every named bug of package snapshot fails the suite, in the scenario and property given
// here, with a saved counterexample of the bug's nodes.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug]string{
		snapshot.BugNoChannelState:    snapshottest.Conserves,
		snapshot.BugLateMarkers:       snapshottest.ConsistentCut,
		snapshot.BugUnorderedChannels: snapshottest.ConsistentCut,
	}
	for _, bug := range snapshot.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			property, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			rep, _ := conformance.ExpectFailure(t, property, "two-nodes", func(tb testing.TB) *conformance.Report {
				return snapshottest.Run(tb, snapshottest.Buggy(bug), conformance.FailFast())
			})
			g, _ := rep.Grade(property)
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, "snapshottest/"+string(bug), tr.Protocol)
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
		{noChannelState, snapshottest.Conserves, "two-nodes"},
		{recordsFirstChannel, snapshottest.Conserves, "two-nodes"},
		{stopsAllOnMarker, snapshottest.Conserves, "three-nodes"},
		{forwardsTwice, snapshottest.OneMarkerPerChannel, "two-nodes"},
		{forgetsFirstChannel, snapshottest.SnapshotCompletes, "two-nodes"},
		{reRecordsOnStart, snapshottest.OneMarkerPerChannel, "two-initiators"},
		{recordsBalanceAtEnd, snapshottest.Conserves, "two-nodes"},
		{markersAfterNextTransfer, snapshottest.ConsistentCut, "two-nodes"},
	} {
		t.Run(c.flaw.String(), func(t *testing.T) {
			conformance.ExpectFailure(t, c.property, c.scenario, func(tb testing.TB) *conformance.Report {
				return snapshottest.Run(tb, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			})
		})
	}
}

// A failure shows, for each node that recorded, its balance and what it had really sent and
// received when it did, beside what it recorded: a branch that writes its balance down at the
// end recorded 1 where its balance at its cut was 2.
func TestAFailureShowsTheCut(t *testing.T) {
	_, r := conformance.ExpectFailure(t, snapshottest.Conserves, "two-nodes", func(tb testing.TB) *conformance.Report {
		return snapshottest.Run(tb, student(recordsBalanceAtEnd), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
	})
	final := strings.Join(strings.Fields(r.Errors()), " ") // the diagram's notes wrap their lines
	assert.Contains(t, final, "n0 money 1, snapshot 1, in flight [0 0], markers from [false true] | at its cut: balance 2, sent [0 0], received [0 0]")
}

func TestBadImplementationsAreErrors(t *testing.T) {
	r, _ := runOn(t, snapshottest.Implementation{Name: "nobody"})
	assert.Equal(t, "snapshottest: nobody: Implementation.NewNode is nil", r.Errors())
	r, _ = runOn(t, snapshottest.Buggy("nope"))
	assert.Equal(t, `snapshottest: nope: snapshot: unknown bug "nope" (known: no-channel-state, late-markers, unordered-channels)`, r.Errors())
	impl := snapshottest.Reference()
	impl.Scenarios = []snapshottest.Scenario{{Nodes: 2, Transfers: 1, Initiators: 3}}
	impl.Scenarios[0].Name = "x"
	r, _ = runOn(t, impl)
	assert.Equal(t, `snapshottest: reference: scenario "x": 2 nodes, 1 transfers, 3 initiators: want at least 2 nodes, 1 transfer and 1 initiator, and no more initiators than nodes`, r.Errors())
}

// The skeleton of examples/snapshot-student compiles and fails the suite until it is filled
// in: branches that make their transfers and never record keep the safety properties, and fail
// SnapshotCompletes and MoneyInFlightRecorded.
func TestTheSkeletonFailsTheSuite(t *testing.T) {
	r, rep := runOn(t, snapshottest.Implementation{Name: "skeleton", NewNode: snapshotstudent.NewNode}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	for property, want := range map[string]conformance.Status{
		snapshottest.ConsistentCut: conformance.Passed, snapshottest.Conserves: conformance.Passed,
		snapshottest.OneMarkerPerChannel: conformance.Passed,
		snapshottest.SnapshotCompletes:   conformance.Failed, snapshottest.MoneyInFlightRecorded: conformance.Failed,
	} {
		g, _ := rep.Grade(property)
		assert.Equal(t, want, g.Status, property)
	}
}

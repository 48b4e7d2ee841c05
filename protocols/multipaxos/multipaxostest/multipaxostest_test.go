package multipaxostest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multipaxos"
	"github.com/distcheck/distcheck/protocols/multipaxos/multipaxostest"
)

// runOn runs the suite on impl, recording its failures instead of failing the test, and
// returns the recording and the report.
func runOn(t *testing.T, impl multipaxostest.Implementation, opts ...conformance.Option) (*conformance.Recording, *conformance.Report) {
	t.Helper()
	var rep *conformance.Report
	r := conformance.Record(t, func(tb testing.TB) { rep = multipaxostest.Run(tb, impl, opts...) })
	return r, rep
}

// properties are the properties every scenario checks.
var properties = []string{"Agreement", "Validity", "CommitsChosen", "ExecutedPrefix", "AllExecuted", "no-panic"}

// The project's implementation passes every check of every scenario: exhaustively at the
// smallest sizes under each fault, and in PCT walks among five acceptors under three seeds.
func TestTheReferenceImplementationPasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.json")
	var out bytes.Buffer
	rep := multipaxostest.Run(t, multipaxostest.Reference(), conformance.JSON(path), conformance.Output(&out))
	require.True(t, rep.OK(), out.String())
	require.Len(t, rep.Scenarios, len(multipaxostest.Scenarios()))
	for i, s := range rep.Scenarios {
		sc := multipaxostest.Scenarios()[i]
		assert.Equal(t, sc.Name, s.Name)
		assert.Equal(t, !sc.Random, s.Exhaustive, s.Name)
		if sc.Random && !testing.Short() {
			assert.Equal(t, sc.Walks*int64(sc.Seeds), s.Walks, s.Name)
		}
	}
	for _, p := range append(properties, "deterministic") {
		g, ok := rep.Grade(p)
		require.True(t, ok, p)
		assert.Equal(t, conformance.Passed, g.Status, p)
	}
	total := len(properties)*len(rep.Scenarios) + 1 // and determinism in stable-leader
	assert.Contains(t, out.String(), fmt.Sprintf("multipaxostest: reference: %d/%d checks passed", total, total))
	assert.Contains(t, out.String(), "Agreement      passed (7 scenarios)")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var back conformance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, rep.Passed, back.Passed)
	assert.Equal(t, rep.Total, back.Total)
	assert.Equal(t, "multipaxostest", back.Suite)
	assert.Equal(t, "reference", back.Implementation)
	assert.Equal(t, rep.Properties, back.Properties)
}

// Every named bug of package multipaxos fails the suite, on the property it breaks, in the
// first scenario that exposes it; the scenarios before it pass, and FailFast stops the suite
// there. The counterexamples are saved under this test's directory in testdata and replayed
// first on later runs.
func TestEveryNamedBugFailsTheSuite(t *testing.T) {
	exposed := map[bugs.Bug]struct{ property, scenario string }{
		multipaxos.BugExecuteOutOfOrder: {"ExecutedPrefix", "stable-leader"},
		multipaxos.BugSkipRecovery:      {"Agreement", "leader-change"},
		multipaxos.BugStopAtGap:         {"Agreement", "message-loss"},
		multipaxos.BugLastVoteOnly:      {"Agreement", "leader-change"},
		multipaxos.BugSharedAcks:        {"CommitsChosen", "stable-leader"},
	}
	for _, bug := range multipaxos.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			want, ok := exposed[bug]
			require.True(t, ok, "a new bug: say where it is exposed")
			r, rep := runOn(t, multipaxostest.Buggy(bug), conformance.FailFast())
			require.True(t, r.Failed(), "the suite passes %s", bug)
			require.NotNil(t, rep)
			g, ok := rep.Grade(want.property)
			require.True(t, ok)
			assert.Equal(t, conformance.Failed, g.Status, rep.String())
			assert.Equal(t, want.scenario, g.Scenario)
			assert.FileExists(t, g.Counterexample)
			assert.True(t, strings.HasPrefix(g.Counterexample, filepath.Join(distcheck.DefaultTraceDir, t.Name(), want.scenario)), g.Counterexample)
			assert.Contains(t, r.Errors(), g.Counterexample)
			assert.Contains(t, r.Errors(), fmt.Sprintf("multipaxostest: %s: %s", bug, rep.Counts()))
			assert.Contains(t, rep.Counts(), "1 FAILED")
			last := rep.Scenarios[len(rep.Scenarios)-1]
			assert.Equal(t, want.scenario, last.Name, "the suite stops at the failing scenario")
			for _, s := range rep.Scenarios[:len(rep.Scenarios)-1] {
				for _, c := range s.Checks {
					assert.Equal(t, conformance.Passed, c.Status, "%s: %s: %s", bug, s.Name, c.Property)
				}
			}
		})
	}
}

// An independently written correct implementation passes too.
func TestACorrectStudentImplementationPasses(t *testing.T) {
	rep := multipaxostest.Run(t, student(correct), conformance.Only("stable-leader", "leader-change", "crash-recovery", "standby-anytime"))
	assert.True(t, rep.OK())
	assert.Equal(t, 4*len(properties)+1, rep.Passed)
}

// A student's flaws fail the suite in the scenario that exposes them, and the next run
// replays the saved counterexample instead of searching.
func TestAStudentsFlawsFail(t *testing.T) {
	for name, c := range map[string]struct {
		flaw               flaw
		property, scenario string
	}{
		"forgets its log":  {forgetsLog, "Agreement", "crash-recovery"},
		"counts messages":  {countsMessages, "CommitsChosen", "duplication"},
		"panics":           {panics, "no-panic", "stable-leader"},
		"nondeterministic": {nondeterministic, "deterministic", "stable-leader"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			r, rep := runOn(t, student(c.flaw), distcheck.TraceDir(dir), conformance.Only(c.scenario))
			require.True(t, r.Failed())
			g, ok := rep.Grade(c.property)
			require.True(t, ok, rep.String())
			assert.Equal(t, conformance.Failed, g.Status, rep.String())
			assert.Equal(t, c.scenario, g.Scenario)
			assert.True(t, strings.HasPrefix(g.Counterexample, dir), g.Counterexample)
			assert.Regexp(t, `multipaxostest: student: \d+/\d+ checks passed: 1 FAILED`, r.Errors())
			assert.Equal(t, 1, rep.Failed, "one property fails in the one scenario")
			assert.Equal(t, rep.Total, rep.Passed+rep.Failed+rep.NotChecked, "every check is counted once")

			r2, rep2 := runOn(t, student(c.flaw), distcheck.TraceDir(dir), conformance.Only(c.scenario))
			require.True(t, r2.Failed())
			require.Len(t, rep2.Scenarios, 1)
			assert.Equal(t, "replayed saved counterexamples; no search", rep2.Scenarios[0].Search)
			assert.Contains(t, r2.Errors(), "still fails")
		})
	}
}

// An implementation without both factories fails at once, with a one-line message; a factory
// that makes a nil node fails the scenario, naming the node.
func TestAnIncompleteImplementationIsAnError(t *testing.T) {
	r, rep := runOn(t, multipaxostest.Implementation{Name: "half", NewLeader: student(correct).NewLeader})
	require.True(t, r.Failed())
	assert.Equal(t, `multipaxostest: implementation "half": NewLeader and NewAcceptor must both be set`, r.Errors())
	assert.Nil(t, rep, "Run ended at once")

	nilAcceptor := student(correct)
	nilAcceptor.NewAcceptor = func(multipaxos.AcceptorConfig) multipaxostest.Acceptor {
		var a *studentAcceptor
		return a
	}
	r, rep = runOn(t, nilAcceptor, conformance.Only("stable-leader"))
	require.True(t, r.Failed())
	require.Len(t, rep.Scenarios, 1)
	assert.Contains(t, rep.Scenarios[0].Error, "system multipaxostest/student: node a0 is nil")
}

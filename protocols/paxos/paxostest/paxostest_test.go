package paxostest_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/distcheck/distcheck/protocols/paxos/paxostest"
)

// runOn runs the suite on impl, recording its failures instead of failing the test, and
// returns the recording and the report.
func runOn(t *testing.T, impl paxostest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *conformance.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = paxostest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's implementation passes every check of every scenario: exhaustively at the
// smallest size under each fault, with three ballots, and in PCT walks among five acceptors.
func TestTheReferenceImplementationPasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.json")
	var out bytes.Buffer
	rep := paxostest.Run(t, paxostest.Reference(), conformance.JSON(path), conformance.Output(&out))
	require.True(t, rep.OK(), out.String())
	require.Len(t, rep.Scenarios, len(paxostest.Scenarios()))
	for _, s := range rep.Scenarios {
		sc := scenario(t, s.Name)
		assert.Equal(t, !sc.Random, s.Exhaustive, s.Name)
		if sc.Random && !testing.Short() {
			assert.Equal(t, sc.Walks*int64(sc.Seeds), s.Walks, s.Name)
			assert.Len(t, s.Seeds, sc.Seeds, s.Name)
		}
	}
	for _, p := range []string{"Agreement", "Validity", "Chosen", "no-panic", "deterministic"} {
		g, ok := rep.Grade(p)
		require.True(t, ok, p)
		assert.Equal(t, conformance.Passed, g.Status, p)
	}
	assert.Contains(t, out.String(), "paxostest: reference: 29/29 checks passed")
	assert.Contains(t, out.String(), "Agreement      passed (7 scenarios)")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var back conformance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, rep.Passed, back.Passed)
	assert.Equal(t, rep.Total, back.Total)
	assert.Equal(t, "reference", back.Implementation)
}

func scenario(t *testing.T, name string) paxostest.Scenario {
	for _, s := range paxostest.Scenarios() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scenario %q", name)
	return paxostest.Scenario{}
}

// Every named bug of package paxos fails the suite, on Agreement, in the scenario that
// exposes it; the scenarios before it pass. (FailFast stops the suite there.) The
// counterexamples are saved under this test's directory in testdata and replayed on later
// runs.
func TestEveryNamedBugFailsTheSuite(t *testing.T) {
	exposedIn := map[bugs.Bug]string{
		paxos.BugForgetPromise:  "crash-recovery",
		paxos.BugIgnoreAccepted: "asynchrony",
		paxos.BugSharedBallot:   "asynchrony",
	}
	for _, bug := range paxos.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			r, rep := runOn(t, paxostest.Buggy(bug), conformance.FailFast())
			require.True(t, r.Failed(), "the suite passes %s", bug)
			require.NotNil(t, rep)
			g, ok := rep.Grade("Agreement")
			require.True(t, ok)
			assert.Equal(t, conformance.Failed, g.Status)
			assert.Equal(t, exposedIn[bug], g.Scenario)
			assert.FileExists(t, g.Counterexample)
			assert.Contains(t, r.Errors(), g.Counterexample)
			last := rep.Scenarios[len(rep.Scenarios)-1]
			assert.Equal(t, exposedIn[bug], last.Name, "the suite stops at the failing scenario")
			for _, s := range rep.Scenarios[:len(rep.Scenarios)-1] {
				for _, c := range s.Checks {
					assert.Equal(t, conformance.Passed, c.Status, "%s: %s: %s", bug, s.Name, c.Property)
				}
			}
		})
	}
}

// A student's proposer that counts promises instead of promisers passes until a promise is
// duplicated: then one acceptor's promise counts as a majority, and the suite shows it.
func TestAStudentsDuplicateCountingFailsUnderDuplication(t *testing.T) {
	dir := t.TempDir()
	r, rep := runOn(t, student(countsPromises), distcheck.TraceDir(dir), conformance.Only("duplication"))
	require.True(t, r.Failed())
	g, _ := rep.Grade("Agreement")
	assert.Equal(t, conformance.Failed, g.Status)
	assert.Equal(t, "duplication", g.Scenario)
	assert.True(t, strings.HasPrefix(g.Counterexample, dir), g.Counterexample)
	// Agreement, Validity, Chosen and no-panic in the one scenario; the search stops at
	// Agreement's violation, so the other three are not checked.
	assert.Contains(t, r.Errors(), "paxostest: student: 0/4 checks passed: 1 FAILED, 3 not checked")
	assert.Contains(t, r.Errors(), "Agreement (always) violated in scenario duplication")

	// The next run replays the saved counterexample instead of searching that scenario.
	r2, rep2 := runOn(t, student(countsPromises), distcheck.TraceDir(dir), conformance.Only("duplication"))
	require.True(t, r2.Failed())
	require.Len(t, rep2.Scenarios, 1)
	assert.Equal(t, "replayed saved counterexamples; no search", rep2.Scenarios[0].Search)
	assert.Contains(t, r2.Errors(), "still fails")
}

// A node that panics, or that is not deterministic, fails the built-in checks.
func TestPanicsAndNondeterminismAreFailures(t *testing.T) {
	for name, flaw := range map[string]flaw{"panics": panics, "nondeterministic": nondeterministic} {
		t.Run(name, func(t *testing.T) {
			r, rep := runOn(t, student(flaw), distcheck.TraceDir(t.TempDir()), conformance.Only("asynchrony"))
			require.True(t, r.Failed())
			want := map[string]string{"panics": "no-panic", "nondeterministic": "deterministic"}[name]
			g, ok := rep.Grade(want)
			require.True(t, ok)
			assert.Equal(t, conformance.Failed, g.Status, rep.String())
		})
	}
}

func TestAnIncompleteImplementationIsAnError(t *testing.T) {
	r, _ := runOn(t, paxostest.Implementation{Name: "half", NewProposer: student(correct).NewProposer})
	require.True(t, r.Failed())
	assert.Contains(t, r.Errors(), `implementation "half": NewProposer and NewAcceptor must both be set`)

	nilAcceptor := student(correct)
	nilAcceptor.NewAcceptor = func(paxos.AcceptorConfig) paxostest.Acceptor { return nil }
	r, rep := runOn(t, nilAcceptor, conformance.Only("asynchrony"))
	require.True(t, r.Failed())
	assert.Contains(t, rep.Scenarios[0].Error, "node a0 is nil")
}

// With CollectAll every property is graded in every scenario, so a buggy implementation's
// failure shows in each scenario that exposes it.
func TestCollectAllGradesEveryScenario(t *testing.T) {
	r, rep := runOn(t, paxostest.Buggy(paxos.BugSharedBallot), distcheck.TraceDir(t.TempDir()),
		distcheck.CollectAll(), conformance.Only("asynchrony", "message-loss"))
	require.True(t, r.Failed())
	for _, s := range rep.Scenarios {
		for _, c := range s.Checks {
			want := conformance.Passed
			if c.Property == "Agreement" {
				want = conformance.Failed
			}
			assert.Equal(t, want, c.Status, "%s: %s", s.Name, c.Property)
		}
	}
	assert.Equal(t, 7, rep.Passed)
	assert.Equal(t, 9, rep.Total, "five checks in asynchrony, which also checks determinism, four in message-loss")
}

// An independently written correct implementation — proposer, acceptor and learner — passes
// too, crashes of its learner included.
func TestACorrectStudentImplementationPasses(t *testing.T) {
	rep := paxostest.Run(t, student(correct), conformance.Only("asynchrony", "crash-recovery", "message-loss", "three-ballots"))
	assert.True(t, rep.OK())
	assert.Equal(t, 17, rep.Passed)
}

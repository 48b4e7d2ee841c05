package paxostest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/conformance"
)

// Student bugs of the kinds a teacher sees in Paxos, most of which need a third ballot — a
// proposer's second round — to show: switched on in the student proposer, acceptor and learner
// of student_test.go, each caught by the suite's defaults (TestTheSuiteCatchesStudentBugs).
const (
	// firstReportedValue proposes the value of the first promise that reports an accepted
	// proposal, not that of the highest-numbered one.
	firstReportedValue flaw = iota + 100
	// lowestReportedValue proposes the value of the lowest-numbered accepted proposal reported.
	lowestReportedValue
	// reportsPromisedBallot makes an acceptor's promise report its accepted value as accepted
	// in the ballot just below the one it promises, not in the ballot it was accepted in.
	reportsPromisedBallot
	// acceptsAboveVote makes an acceptor accept any proposal of a ballot above its last vote,
	// even one below the ballot it promised.
	acceptsAboveVote
	// retryKeepsPromises keeps, on a proposer's retry, the promises of its last ballot: they
	// count towards the majority of the new one.
	retryKeepsPromises
	// learnsFirstVote makes a learner learn the value of the first vote it hears of.
	learnsFirstVote
	// countsAccepted makes a learner count Accepted messages instead of the acceptors that
	// sent them: a duplicated one counts twice.
	countsAccepted
)

// The suite's defaults catch every student bug above, each in an exhaustive scenario —
// whatever the seed — named here: the test runs that scenario alone, with FailFast, and logs
// the counterexample's length and the time. (countsPromises, of student_test.go, is caught in
// duplication: TestAStudentsDuplicateCountingFailsUnderDuplication.) The correct student
// passes (TestACorrectStudentImplementationPasses).
func TestTheSuiteCatchesStudentBugs(t *testing.T) {
	caught := []struct {
		flaw     flaw
		scenario string
	}{
		{firstReportedValue, "three-ballots"},
		{lowestReportedValue, "three-ballots"},
		{reportsPromisedBallot, "three-ballots"},
		{acceptsAboveVote, "asynchrony"},
		{retryKeepsPromises, "three-ballots"},
		{learnsFirstVote, "asynchrony"},
		{countsAccepted, "duplication"},
	}
	for _, c := range caught {
		t.Run(fmt.Sprint(int(c.flaw)), func(t *testing.T) {
			require.False(t, scenario(t, c.scenario).Random, "%s is exhaustive", c.scenario)
			start := time.Now()
			r, rep := runOn(t, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast(), conformance.Only(c.scenario))
			require.True(t, r.Failed(), "%s passes flaw %d", c.scenario, c.flaw)
			g, ok := rep.Grade("Agreement")
			require.True(t, ok)
			require.Equal(t, conformance.Failed, g.Status, "flaw %d: %s", c.flaw, rep)
			steps := 0
			for _, ch := range rep.Scenarios[0].Checks {
				if ch.Property == "Agreement" {
					steps = ch.Steps
				}
			}
			t.Logf("flaw %d caught in %s: Agreement, %d steps, %.1fs", c.flaw, c.scenario, steps, time.Since(start).Seconds())
		})
	}
}

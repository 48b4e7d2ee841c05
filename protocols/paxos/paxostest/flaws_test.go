package paxostest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/conformance"
)

// Student bugs of the kinds a teacher sees in Paxos, most of which need a third ballot — a
// proposer's second round — to show: switched on in the student proposer and acceptor of
// student_test.go, each caught by the suite's defaults (TestTheSuiteCatchesStudentBugs).
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
)

// The suite's defaults catch every student bug above, with FailFast, in the scenario named;
// the correct student passes (TestAStudentImplementationPasses). Under -short the walks are
// fewer, and the test checks only that each bug fails the suite somewhere.
func TestTheSuiteCatchesStudentBugs(t *testing.T) {
	caught := map[flaw]string{
		firstReportedValue:    "three-ballots",
		lowestReportedValue:   "three-ballots",
		reportsPromisedBallot: "three-ballots",
		acceptsAboveVote:      "asynchrony",
		retryKeepsPromises:    "three-ballots",
	}
	for f, sc := range caught {
		t.Run(fmt.Sprint(int(f)), func(t *testing.T) {
			start := time.Now()
			r, rep := runOn(t, student(f), distcheck.TraceDir(t.TempDir()), conformance.FailFast())
			require.True(t, r.Failed(), "the suite passes flaw %d", f)
			failed := ""
			for _, g := range rep.Properties {
				if g.Status == conformance.Failed {
					failed = g.Scenario
				}
			}
			if !testing.Short() {
				assert.Equal(t, sc, failed, "flaw %d", f)
			}
			t.Logf("flaw %d caught in %s after %.1fs", f, failed, time.Since(start).Seconds())
		})
	}
}

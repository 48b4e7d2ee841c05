package multipaxostest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multipaxos/multipaxostest"
)

// Student bugs of the kinds a teacher sees when a standby takes over, switched on in the
// student leader and acceptor of student_test.go.
const (
	// ignoresLaterSlots recovers, from the promises, only the first slot's accepted proposal:
	// a new leader puts its own commands over those accepted in later slots.
	ignoresLaterSlots flaw = iota + 100
	// commitsOnMinority commits a slot's command when one acceptor fewer than a majority
	// accepted it.
	commitsOnMinority
	// leadsOnOnePromise starts phase 2 on the first promise, not a majority's.
	leadsOnOnePromise
	// acceptsBelowPromise makes an acceptor accept a proposal of a ballot below its promise.
	acceptsBelowPromise
	// promiseNotKept makes an acceptor answer a prepare without remembering its promise.
	promiseNotKept
)

// The suite's defaults catch every student bug above, each in the exhaustive scenario named
// here — whatever the seed — on the property named: the test runs that scenario alone, with
// FailFast, and logs the counterexample's length and the time. (forgetsLog and countsMessages,
// of student_test.go, are in TestAStudentsFlawsFail.)
func TestTheSuiteCatchesStudentBugs(t *testing.T) {
	for _, c := range []struct {
		flaw               flaw
		scenario, property string
	}{
		{ignoresLaterSlots, "leader-change", "Agreement"},
		{commitsOnMinority, "stable-leader", "CommitsChosen"},
		{leadsOnOnePromise, "stable-leader", "AllExecuted"},
		{acceptsBelowPromise, "standby-anytime", "Agreement"},
		{promiseNotKept, "standby-anytime", "Agreement"},
	} {
		t.Run(fmt.Sprint(int(c.flaw)), func(t *testing.T) {
			i := slices.IndexFunc(multipaxostest.Scenarios(), func(sc multipaxostest.Scenario) bool { return sc.Name == c.scenario })
			require.GreaterOrEqual(t, i, 0)
			require.False(t, multipaxostest.Scenarios()[i].Random, "%s is exhaustive", c.scenario)
			start := time.Now()
			r, rep := runOn(t, student(c.flaw), distcheck.TraceDir(t.TempDir()), conformance.FailFast(), conformance.Only(c.scenario))
			require.True(t, r.Failed(), "%s passes flaw %d", c.scenario, c.flaw)
			g, ok := rep.Grade(c.property)
			require.True(t, ok)
			require.Equal(t, conformance.Failed, g.Status, "flaw %d: %s", c.flaw, rep)
			steps := 0
			for _, ch := range rep.Scenarios[0].Checks {
				if ch.Property == c.property {
					steps = ch.Steps
				}
			}
			t.Logf("flaw %d caught in %s: %s, %d steps, %.1fs", c.flaw, c.scenario, c.property, steps, time.Since(start).Seconds())
		})
	}
}

package multipaxostest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/protocols/conformance"
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

// The suite's defaults catch every student bug above, with FailFast; the scenario that does
// is logged. Under -short the walks are fewer; the test checks only that each fails the suite.
func TestTheSuiteCatchesStudentBugs(t *testing.T) {
	for _, f := range []flaw{ignoresLaterSlots, commitsOnMinority, leadsOnOnePromise, acceptsBelowPromise, promiseNotKept} {
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
			assert.NotEmpty(t, failed)
			t.Logf("flaw %d caught in %s after %.1fs", f, failed, time.Since(start).Seconds())
		})
	}
}

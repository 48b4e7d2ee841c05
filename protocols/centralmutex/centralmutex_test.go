package centralmutex_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/symtest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/centralmutex"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On every execution at most one client is inside, and under fairness every client enters as
// often as it wants.
func TestCentralServerIsSafeAndLive(t *testing.T) {
	for _, c := range []centralmutex.Config{
		{Clients: 2, Entries: 1},
		{Clients: 2, Entries: 2},
		{Clients: 3, Entries: 1},
	} {
		t.Run(fmt.Sprintf("clients=%d,entries=%d", c.Clients, c.Entries), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, centralmutex.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// A server that grants every request lets two clients in.
func TestGrantAlwaysLetsTwoIn(t *testing.T) {
	sys := actortest.System(t, centralmutex.New, centralmutex.Config{Clients: 2, Entries: 1, Bug: centralmutex.BugGrantAlways})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MutualExclusion"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MutualExclusion")
	assert.Len(t, centralmutex.Holders(v.Path.Last()), 2)
}

// A server that forgets its queue on a release leaves the queued client waiting, with the
// token free and nothing left to do.
func TestNoGrantOnReleaseStrandsTheQueue(t *testing.T) {
	sys := actortest.System(t, centralmutex.New, centralmutex.Config{Clients: 2, Entries: 1, Bug: centralmutex.BugNoGrantOnRelease})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("EveryoneEnters"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "EveryoneEnters")
	last := v.Path.Last()
	assert.Empty(t, last.InFlight())
	server := actor.NodeAs[*centralmutex.Coordinator](last, centralmutex.Server)
	assert.Equal(t, model.NoNode, server.Holder)
	require.Len(t, server.Queue, 1)
	assert.True(t, actor.NodeAs[*centralmutex.Client](last, server.Queue[0]).Wanted, "the queued client still waits")
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestGrantAlwaysLetsTwoIn":            centralmutex.BugGrantAlways,
		"TestNoGrantOnReleaseStrandsTheQueue": centralmutex.BugNoGrantOnRelease,
	} {
		sys := actortest.System(t, centralmutex.New, centralmutex.Config{Clients: 2, Entries: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := centralmutex.New(centralmutex.Config{Clients: 1, Entries: 1})
	assert.EqualError(t, err, "central-mutex: clients is 1, want at least 2")
	_, err = centralmutex.New(centralmutex.Config{Clients: 2, Entries: 1, Bug: "x"})
	assert.EqualError(t, err, `central-mutex: unknown bug "x" (known: grant-always, no-grant-on-release)`)
}

// Under symmetry reduction of the clients, MutualExclusion and EveryoneEnters are violated
// exactly when they are without it, for the correct server and both bugs, and every
// counterexample is a concrete, weakly fair lasso of the system (internal/symtest).
func TestLivenessUnderSymmetry(t *testing.T) {
	for _, bug := range []bugs.Bug{bugs.None, centralmutex.BugGrantAlways, centralmutex.BugNoGrantOnRelease} {
		for _, c := range []centralmutex.Config{{Clients: 2, Entries: 2}, {Clients: 3, Entries: 1}} {
			c.Bug = bug
			t.Run(fmt.Sprintf("clients=%d,entries=%d,bug=%s", c.Clients, c.Entries, bug), func(t *testing.T) {
				sys := actortest.System(t, centralmutex.New, c)
				res := symtest.CompareLiveness[*actor.State](t, sys, explore.Options{CollectAll: true})
				t.Logf("%d states, %d violations", res.Distinct, len(res.Violations))
			})
		}
	}
}

package tokenring_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/internal/reach"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/mutex"
	"github.com/distcheck/distcheck/protocols/tokenring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ringStates counts the states of a correct ring of n nodes, of which the first r want the
// critical section e times each, by hand. A requester that is not inside is in one of 2e+1
// phases — for each of its e entries, waiting for its want timer or wanting — or done; a node
// inside is in one of e phases (which entry); the other nodes are always done. The nodes'
// phases are independent; the token is with the node inside, or else in flight to any of the
// n nodes:
//
//	n·(2e+1)^r states with nobody inside, r·e·(2e+1)^(r-1) with someone inside
//
// (with every node requesting, r = n: n·(2e+1)^n + n·e·(2e+1)^(n-1)).
func ringStates(n, e, r int) int {
	pow := 1
	for range r - 1 {
		pow *= 2*e + 1
	}
	return n*pow*(2*e+1) + r*e*pow
}

// On every execution at most one node is in the critical section and under fairness every
// node enters as often as it wants; the explorer reaches exactly the hand-counted states.
func TestTokenRingIsSafeAndLive(t *testing.T) {
	for _, c := range []tokenring.Config{
		{Nodes: 2, Entries: 1},
		{Nodes: 2, Entries: 2},
		{Nodes: 3, Entries: 1},
		{Nodes: 3, Entries: 2},
	} {
		t.Run(fmt.Sprintf("nodes=%d,entries=%d", c.Nodes, c.Entries), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, tokenring.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
			assert.EqualValues(t, ringStates(c.Nodes, c.Entries, c.Nodes), res.Distinct)
		})
	}
}

// With fewer requesters, the others only pass the token on: the hand count still holds.
func TestTokenRingWithFewerRequesters(t *testing.T) {
	for _, c := range []tokenring.Config{
		{Nodes: 3, Entries: 1, Requesters: 2}, {Nodes: 4, Entries: 2, Requesters: 3}, {Nodes: 3, Entries: 2, Requesters: 1},
	} {
		t.Run(fmt.Sprintf("nodes=%d,entries=%d,requesters=%d", c.Nodes, c.Entries, c.Requesters), func(t *testing.T) {
			reach.Explorer(t, actortest.System(t, tokenring.New, c), ringStates(c.Nodes, c.Entries, c.Requesters))
		})
	}
}

// A token lost on the way is never replaced: nobody enters again.
func TestALostTokenStarvesTheRing(t *testing.T) {
	sys := actortest.System(t, tokenring.New, tokenring.Config{Nodes: 2, Entries: 1, Faults: actor.Faults{Drops: 1}})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("EveryoneEnters"), distcheck.Workers(1), distcheck.TraceDir(t.TempDir()))
	v := distcheck.Violation(t, res, "EveryoneEnters")
	assert.Empty(t, v.Path.Last().InFlight(), "no token left")
}

// A node that keeps the token after its critical section leaves the others waiting forever.
func TestKeepTokenStarvesTheOthers(t *testing.T) {
	sys := actortest.System(t, tokenring.New, tokenring.Config{Nodes: 2, Entries: 1, Bug: tokenring.BugKeepToken})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("EveryoneEnters"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "EveryoneEnters")
	last := v.Path.Last()
	assert.Less(t, mutex.Entries(last), 2)
	assert.Empty(t, last.InFlight(), "the token is not on its way")
	assert.True(t, actor.NodeAs[*tokenring.Node](last, 0).Token || actor.NodeAs[*tokenring.Node](last, 1).Token,
		"a node sits on the token")
}

// Resending a token whose acknowledgement is merely late puts a second token on the ring.
func TestRetransmitMakesTwoTokens(t *testing.T) {
	sys := actortest.System(t, tokenring.New, tokenring.Config{Nodes: 2, Entries: 1, Bug: tokenring.BugRetransmit})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MutualExclusion"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MutualExclusion")
	assert.Len(t, mutex.Holders(v.Path.Last()), 2)
	resent := false
	for _, st := range v.Path.Steps {
		resent = resent || st.Action.Msg == tokenring.ResendTimer
	}
	assert.True(t, resent, "the second token is a resent one")
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestKeepTokenStarvesTheOthers": tokenring.BugKeepToken,
		"TestRetransmitMakesTwoTokens":  tokenring.BugRetransmit,
	} {
		sys := actortest.System(t, tokenring.New, tokenring.Config{Nodes: 2, Entries: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := tokenring.New(tokenring.Config{Nodes: 1, Entries: 1})
	assert.EqualError(t, err, "token-ring: nodes is 1, want at least 2")
	_, err = tokenring.New(tokenring.Config{Nodes: 2})
	assert.EqualError(t, err, "token-ring: entries is 0, want at least 1")
	_, err = tokenring.New(tokenring.Config{Nodes: 2, Entries: 1, Bug: "x"})
	assert.EqualError(t, err, `token-ring: unknown bug "x" (known: keep-token, retransmit)`)
}

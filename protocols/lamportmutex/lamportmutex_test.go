package lamportmutex_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/lamportmutex"
	"github.com/distcheck/distcheck/protocols/mutex"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On every execution at most one node is in the critical section, and under fairness every
// node enters as often as it wants (three nodes: 727,329 states, about 2 s; not under -short).
func TestLamportMutexIsSafeAndLive(t *testing.T) {
	configs := []lamportmutex.Config{{Nodes: 2, Entries: 1}, {Nodes: 2, Entries: 2}}
	if !testing.Short() {
		configs = append(configs, lamportmutex.Config{Nodes: 3, Entries: 1})
	}
	for _, c := range configs {
		t.Run(fmt.Sprintf("nodes=%d,entries=%d", c.Nodes, c.Entries), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, lamportmutex.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Skipping rule 5(ii), each node enters as soon as it asks: two steps, two inside.
func TestNoAcksLetsTwoIn(t *testing.T) {
	sys := actortest.System(t, lamportmutex.New, lamportmutex.Config{Nodes: 2, Entries: 1, Bug: lamportmutex.BugNoAcks})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MutualExclusion"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MutualExclusion")
	assert.Len(t, v.Path.Steps, 2)
	assert.Len(t, mutex.Holders(v.Path.Last()), 2)
}

// Without IDs to break ties, two requests stamped 1 each count as first: once each node has
// the other's request and ack, both enter.
func TestNoTiebreakLetsTwoIn(t *testing.T) {
	sys := actortest.System(t, lamportmutex.New, lamportmutex.Config{Nodes: 2, Entries: 1, Bug: lamportmutex.BugNoTiebreak})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MutualExclusion"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MutualExclusion")
	last := v.Path.Last()
	require.Len(t, mutex.Holders(last), 2)
	for i := range 2 {
		n := actor.NodeAs[*lamportmutex.Node](last, model.NodeID(i))
		assert.Equal(t, []int{1, 1}, []int{int(n.Queue[0]), int(n.Queue[1])}, "both requests stamped 1")
	}
}

// On a network that reorders, an ack overtakes the request its sender made first: the
// receiver enters without knowing of that earlier request.
func TestUnorderedChannelsLetTwoIn(t *testing.T) {
	sys := actortest.System(t, lamportmutex.New, lamportmutex.Config{Nodes: 2, Entries: 1, Bug: lamportmutex.BugUnorderedChannels})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("MutualExclusion"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "MutualExclusion")
	assert.Len(t, mutex.Holders(v.Path.Last()), 2)
	var acksBeforeRequest bool
	var requested [2]bool
	for _, st := range v.Path.Steps {
		switch st.Action.Msg.(type) {
		case lamportmutex.Request:
			requested[st.Action.From] = true
		case lamportmutex.Ack:
			acksBeforeRequest = acksBeforeRequest || !requested[st.Action.From]
		}
	}
	assert.True(t, acksBeforeRequest, "an ack from a node was delivered before that node's request")
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestNoAcksLetsTwoIn":           lamportmutex.BugNoAcks,
		"TestNoTiebreakLetsTwoIn":       lamportmutex.BugNoTiebreak,
		"TestUnorderedChannelsLetTwoIn": lamportmutex.BugUnorderedChannels,
	} {
		sys := actortest.System(t, lamportmutex.New, lamportmutex.Config{Nodes: 2, Entries: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := lamportmutex.New(lamportmutex.Config{Nodes: 1, Entries: 1})
	assert.EqualError(t, err, "lamport-mutex: nodes is 1, want at least 2")
	_, err = lamportmutex.New(lamportmutex.Config{Nodes: 2})
	assert.EqualError(t, err, "lamport-mutex: entries is 0, want at least 1")
	_, err = lamportmutex.New(lamportmutex.Config{Nodes: 2, Entries: 1, Bug: "x"})
	assert.EqualError(t, err, `lamport-mutex: unknown bug "x" (known: no-acks, no-tiebreak, unordered-channels)`)
}

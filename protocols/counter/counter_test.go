package counter_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/actor/retransmit"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/counter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// config is the configuration of the tests: a server and two clients, which send two
// increments each.
func config(bug bugs.Bug, f actor.Faults) counter.Config {
	return counter.Config{Clients: 2, Increments: 2, Faults: f, Bug: bug}
}

// A server that counts each sequence number once counts every increment exactly once, with
// or without duplicated and lost messages, and across a restart of the server.
func TestDedupCountsEachIncrementExactlyOnce(t *testing.T) {
	for _, f := range []actor.Faults{
		{},
		{Duplicates: 1},
		{Duplicates: 2},
		{Drops: 1},
		{Drops: 1, Duplicates: 1},
		// The server's count and sequence numbers are durable: a restart loses neither.
		{Crashes: 1, Recoveries: 1, LoseWhileDown: true},
	} {
		t.Run(fmt.Sprintf("duplicates=%d,drops=%d,crashes=%d", f.Duplicates, f.Drops, f.Crashes), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, counter.New, config(bugs.None, f)))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Counting every copy is right as long as every increment arrives once.
func TestNoDedupHoldsWhenNothingIsDuplicated(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, counter.New, config(counter.BugNoDedup, actor.Faults{})))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// One duplicated increment is counted twice by a server that does not deduplicate: once all
// four increments and the copy are delivered, the server has counted five.
func TestNoDedupCountsADuplicateTwice(t *testing.T) {
	sys := actortest.System(t, counter.New, config(counter.BugNoDedup, actor.Faults{Duplicates: 1}))
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoDoubleCount"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "NoDoubleCount")
	assert.Equal(t, map[model.ActionKind]int{model.ActionDuplicate: 1, model.ActionDeliver: 5}, v.Path.Kinds())
	assert.Equal(t, 5, actor.NodeAs[*counter.Server](v.Path.Last(), 0).Count, "four increments sent, five counted")
}

// Retransmission makes duplicates of its own: when an acknowledgement is lost, the client
// sends the increment again, and a server that does not deduplicate counts it twice.
func TestNoDedupCountsARetransmissionTwice(t *testing.T) {
	sys := actortest.System(t, counter.New, config(counter.BugNoDedup, actor.Faults{Drops: 1}))
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoDoubleCount"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "NoDoubleCount")
	k := v.Path.Kinds()
	assert.Equal(t, 1, k[model.ActionDrop])
	assert.Equal(t, 1, k[model.ActionTimeout], "one retransmission")
	assert.Zero(t, k[model.ActionDuplicate], "the network duplicated nothing")
	for _, st := range v.Path.Steps {
		if st.Action.Kind == model.ActionDrop {
			assert.IsType(t, retransmit.StubbornAck{}, st.Action.Msg, "what is lost is an acknowledgement")
		}
	}
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, f := range map[string]actor.Faults{
		"TestNoDedupCountsADuplicateTwice":      {Duplicates: 1},
		"TestNoDedupCountsARetransmissionTwice": {Drops: 1},
	} {
		traces, paths, err := counterexamples.LoadDir(filepath.Join(distcheck.DefaultTraceDir, test))
		require.NoError(t, err)
		require.NotEmpty(t, traces, "%s saves one", test)
		for i, tr := range traces {
			r, err := counterexamples.Replay(actortest.System(t, counter.New, config(counter.BugNoDedup, f)), tr)
			require.NoError(t, err, paths[i])
			assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
			assert.Equal(t, "NoDoubleCount", tr.Property)
		}
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]counter.Config{
		"counter: clients is 0, want at least 1":        {Increments: 1},
		"counter: increments is 0, want at least 1":     {Clients: 1},
		`counter: unknown bug "nope" (known: no-dedup)`: {Clients: 1, Increments: 1, Bug: "nope"},
		"counter: faults: Duplicates is -1, want ≥ 0":   {Clients: 1, Increments: 1, Faults: actor.Faults{Duplicates: -1}},
	} {
		_, err := counter.New(cfg)
		assert.EqualError(t, err, want)
	}
}

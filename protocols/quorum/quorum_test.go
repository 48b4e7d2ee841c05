package quorum_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/quorum"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMajority(t *testing.T) {
	for n, want := range map[int]int{1: 1, 2: 2, 3: 2, 4: 3, 5: 3} {
		assert.Equal(t, want, quorum.Majority(n), "n=%d", n)
	}
}

// A coordinator that waits for a majority completes on every path while fewer than half of
// the nodes crash, and a completed write is on a majority — also when crashed nodes restart,
// since what a node stored is durable.
func TestMajorityWriteCompletesDespiteCrashes(t *testing.T) {
	for _, c := range []struct {
		nodes int
		f     actor.Faults
	}{
		{3, actor.Faults{}},
		{3, actor.Faults{Crashes: 1}},
		{3, actor.Faults{Crashes: 1, Recoveries: 1}},
		{5, actor.Faults{}},
		{5, actor.Faults{Crashes: 2}},
	} {
		t.Run(fmt.Sprintf("nodes=%d,crashes=%d,recoveries=%d", c.nodes, c.f.Crashes, c.f.Recoveries), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, quorum.New, quorum.Config{Nodes: c.nodes, Faults: c.f}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// The majority is the limit: when a majority of the nodes can crash, even the correct
// coordinator may wait forever, and it is the only property that fails.
func TestMajorityWriteBlocksWhenAMajorityCrashes(t *testing.T) {
	sys := actortest.System(t, quorum.New, quorum.Config{Nodes: 3, Faults: actor.Faults{Crashes: 2}})
	res, err := explore.Run(context.Background(), sys, explore.Options{CollectAll: true})
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	require.Len(t, res.Violations, 1)
	assert.Equal(t, "Completes", res.Violations[0].Property)
	assert.Equal(t, 2, res.Violations[0].Path.Kinds()[model.ActionCrash])
}

// Waiting for every acknowledgement is right when no node fails, and when every node that
// crashes comes back: the write waits in the network for the restarted node.
func TestWaitForAllHoldsWithoutCrashStop(t *testing.T) {
	for _, f := range []actor.Faults{{}, {Crashes: 1, Recoveries: 1}} {
		t.Run(fmt.Sprintf("crashes=%d,recoveries=%d", f.Crashes, f.Recoveries), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, quorum.New, quorum.Config{Nodes: 3, Faults: f, Bug: quorum.BugWaitForAll}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// One replica that crashes for good blocks a coordinator that waits for all: the path ends
// with the write to the crashed replica still in the network, undeliverable, and the
// coordinator waiting.
func TestWaitForAllBlocksWhenOneNodeCrashes(t *testing.T) {
	sys := actortest.System(t, quorum.New, quorum.Config{Nodes: 3, Faults: actor.Faults{Crashes: 1}, Bug: quorum.BugWaitForAll})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Completes"), distcheck.Workers(1))
	require.NotNil(t, res)
	require.Len(t, res.Violations, 1)
	v := res.Violations[0]
	assert.Equal(t, map[model.ActionKind]int{model.ActionCrash: 1, model.ActionDeliver: 2}, v.Path.Kinds())
	var crashed model.NodeID
	for _, st := range v.Path.Steps {
		if st.Action.Kind == model.ActionCrash {
			crashed = st.Action.Node
		}
	}
	last := v.Path.Last()
	assert.NotEqual(t, model.NodeID(0), crashed, "a replica crashes, not the coordinator")
	assert.False(t, last.Up(crashed))
	require.Len(t, last.InFlight(), 1)
	assert.Equal(t, crashed, last.InFlight()[0].To, "the write to the crashed replica stays in flight")
	assert.False(t, actor.NodeAs[*quorum.Coordinator](last, 0).Done)
}

// The saved counterexample replays: the coordinator still waits.
func TestSavedCounterexampleReplays(t *testing.T) {
	traces, paths, err := counterexamples.LoadDir(filepath.Join(distcheck.DefaultTraceDir, "TestWaitForAllBlocksWhenOneNodeCrashes"))
	require.NoError(t, err)
	require.NotEmpty(t, traces, "TestWaitForAllBlocksWhenOneNodeCrashes saves one")
	sys := actortest.System(t, quorum.New, quorum.Config{Nodes: 3, Faults: actor.Faults{Crashes: 1}, Bug: quorum.BugWaitForAll})
	for i, tr := range traces {
		r, err := counterexamples.Replay(sys, tr)
		require.NoError(t, err, paths[i])
		assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
		assert.Equal(t, "Completes", tr.Property)
		assert.Equal(t, counterexamples.EndTerminal, tr.End)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]quorum.Config{
		"quorum: nodes is 0, want at least 2 (a coordinator and a replica)": {},
		"quorum: nodes is 1, want at least 2 (a coordinator and a replica)": {Nodes: 1},
		`quorum: unknown bug "nope" (known: wait-for-all)`:                  {Nodes: 3, Bug: "nope"},
		"quorum: faults: Crashes is -1, want ≥ 0":                           {Nodes: 3, Faults: actor.Faults{Crashes: -1}},
	} {
		_, err := quorum.New(cfg)
		assert.EqualError(t, err, want)
	}
}

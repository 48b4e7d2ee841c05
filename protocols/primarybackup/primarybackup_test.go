package primarybackup_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/primarybackup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func name(cfg primarybackup.Config) string {
	f := cfg.Faults
	return fmt.Sprintf("clients=%d,ops=%d,crashes=%d,drops=%d,duplicates=%d,partitions=%d", cfg.Clients, cfg.Ops, f.Crashes, f.Drops, f.Duplicates, f.Partitions)
}

// Forwarding before replying keeps the store linearizable through a failover, and when
// messages are lost or duplicated or the network splits (a client that suspects the primary
// wrongly turns to the backup, which refuses the primary from then on).
func TestPrimaryBackupIsLinearizable(t *testing.T) {
	for _, cfg := range []primarybackup.Config{
		{Clients: 2, Ops: 2},
		{Clients: 2, Ops: 2, Faults: actor.Faults{Crashes: 1}},
		{Clients: 2, Ops: 3, Faults: actor.Faults{Crashes: 1}},
		{Clients: 2, Ops: 2, Faults: actor.Faults{Crashes: 1, Drops: 1}},
		{Clients: 1, Ops: 3, Faults: actor.Faults{Duplicates: 1, Drops: 1}},
		{Clients: 2, Ops: 2, Faults: actor.Faults{Partitions: 1}},
	} {
		t.Run(name(cfg), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, primarybackup.New, cfg))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Random walks check more clients and operations, with a crash.
func TestPrimaryBackupIsLinearizableOnRandomWalks(t *testing.T) {
	cfg := primarybackup.Config{Clients: 3, Ops: 4, Faults: actor.Faults{Crashes: 1, Drops: 1}}
	res := distcheck.Check(t, actortest.System(t, primarybackup.New, cfg), distcheck.Strategy(explore.Random), distcheck.Seed(5),
		distcheck.Walks(500), distcheck.MaxDepth(80))
	require.NotNil(t, res)
}

// Replying early is linearizable as long as the primary lives: clients never leave it.
func TestEarlyReplyHoldsWithoutCrashes(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, primarybackup.New, primarybackup.Config{Clients: 2, Ops: 2, Bug: primarybackup.BugEarlyReply}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// Replying before the backup acknowledges loses an acknowledged put when the primary crashes:
// the client's get, retried at the backup, returns the value from before the put.
func TestEarlyReplyLosesAWriteWhenThePrimaryCrashes(t *testing.T) {
	sys := actortest.System(t, primarybackup.New, primarybackup.Config{Clients: 2, Ops: 2, Faults: actor.Faults{Crashes: 1}, Bug: primarybackup.BugEarlyReply})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Linearizable"), distcheck.Workers(1))
	require.NotNil(t, res)
	v, ok := res.Violation("Linearizable")
	require.True(t, ok)
	assertLostWrite(t, v.Path)
}

// assertLostWrite checks the shape of the counterexample: the primary crashed, and a client's
// get returned nothing after its put had returned.
func assertLostWrite(t *testing.T, p explore.Path[*actor.State]) {
	t.Helper()
	crashed := false
	for _, st := range p.Steps {
		if st.Action.Kind == model.ActionCrash {
			assert.Equal(t, primarybackup.Primary, st.Action.Node)
			crashed = true
		}
	}
	assert.True(t, crashed, "the primary crashed")
	ops := p.Last().History()
	var put, get *actor.Op
	for i := range ops {
		op := &ops[i]
		switch in := op.Input.(checks.Input); {
		case in.Kind == checks.KindPut && op.Returned:
			put = op
		case in.Kind == checks.KindGet && op.Returned && put != nil && op.ID.Client == put.ID.Client:
			get = op
		}
	}
	require.NotNil(t, get, "a client put and then got: %v", ops)
	assert.Empty(t, get.Output.(checks.Result).Value)
	assert.True(t, actor.NodeAs[*primarybackup.Replica](p.Last(), primarybackup.Backup).Serving, "the backup took over")
}

func TestSavedCounterexamplesReplay(t *testing.T) {
	dir := filepath.Join(distcheck.DefaultTraceDir, "TestEarlyReplyLosesAWriteWhenThePrimaryCrashes")
	traces, paths, err := counterexamples.LoadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, traces)
	for i, tr := range traces {
		r, err := counterexamples.Replay(actortest.System(t, primarybackup.New, primarybackup.Config{Clients: 2, Ops: 2, Faults: actor.Faults{Crashes: 1}, Bug: primarybackup.BugEarlyReply}), tr)
		require.NoError(t, err, paths[i])
		assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
		assertLostWrite(t, r.Path)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]primarybackup.Config{
		"primarybackup: clients is 0, want at least 1":           {Ops: 1},
		"primarybackup: ops is 0, want at least 1":               {Clients: 1},
		`primarybackup: unknown bug "nope" (known: early-reply)`: {Clients: 1, Ops: 1, Bug: "nope"},
		"primarybackup: faults: Crashes is -1, want ≥ 0":         {Clients: 1, Ops: 1, Faults: actor.Faults{Crashes: -1}},
	} {
		_, err := primarybackup.New(cfg)
		assert.EqualError(t, err, want)
	}
}

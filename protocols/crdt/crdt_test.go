package crdt_test

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
	"github.com/distcheck/distcheck/protocols/crdt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The replicas converge in every interleaving, with duplicated messages and a crashed replica
// too.
func TestLastWriterWinsConverges(t *testing.T) {
	for _, cfg := range []crdt.Config{
		{Replicas: 2, Clients: 2, Ops: 1},
		{Replicas: 2, Clients: 2, Ops: 2},
		{Replicas: 3, Clients: 3, Ops: 1},
		{Replicas: 2, Clients: 2, Ops: 2, Faults: actor.Faults{Duplicates: 1, Crashes: 1}},
	} {
		t.Run(fmt.Sprintf("replicas=%d,clients=%d,ops=%d,duplicates=%d,crashes=%d", cfg.Replicas, cfg.Clients, cfg.Ops, cfg.Faults.Duplicates, cfg.Faults.Crashes), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, crdt.New, cfg))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Random walks check more replicas, clients and writes.
func TestLastWriterWinsConvergesOnRandomWalks(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, crdt.New, crdt.Config{Replicas: 4, Clients: 4, Ops: 4, Faults: actor.Faults{Duplicates: 2}}),
		distcheck.Strategy(explore.Random), distcheck.Seed(11), distcheck.Walks(300), distcheck.MaxDepth(120))
	require.NotNil(t, res)
}

// Without the tie-break on replica IDs, two writes with the same clock leave each replica with
// its own value.
func TestNoTiebreakDiverges(t *testing.T) {
	sys := actortest.System(t, crdt.New, crdt.Config{Replicas: 2, Clients: 2, Ops: 1, Bug: crdt.BugNoTiebreak})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Converges"), distcheck.Workers(1))
	require.NotNil(t, res)
	v, ok := res.Violation("Converges")
	require.True(t, ok)
	assertDiverged(t, v.Path.Last())
}

// assertDiverged checks that the state is quiet and the two replicas hold different values,
// stamped with the same clock.
func assertDiverged(t *testing.T, s *actor.State) {
	t.Helper()
	assert.True(t, checks.Quiet(s))
	r0, r1 := actor.NodeAs[*crdt.Replica](s, 0), actor.NodeAs[*crdt.Replica](s, 1)
	assert.NotEqual(t, r0.Value, r1.Value)
	assert.Equal(t, r0.Stamp.Clock, r1.Stamp.Clock)
}

func TestSavedCounterexamplesReplay(t *testing.T) {
	dir := filepath.Join(distcheck.DefaultTraceDir, "TestNoTiebreakDiverges")
	traces, paths, err := counterexamples.LoadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, traces)
	for i, tr := range traces {
		r, err := counterexamples.Replay(actortest.System(t, crdt.New, crdt.Config{Replicas: 2, Clients: 2, Ops: 1, Bug: crdt.BugNoTiebreak}), tr)
		require.NoError(t, err, paths[i])
		assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
		assertDiverged(t, r.Path.Last())
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]crdt.Config{
		"crdt: replicas is 0, want at least 1":          {Clients: 1, Ops: 1},
		"crdt: clients is 0, want at least 1":           {Replicas: 1, Ops: 1},
		"crdt: ops is 0, want at least 1":               {Replicas: 1, Clients: 1},
		`crdt: unknown bug "nope" (known: no-tiebreak)`: {Replicas: 1, Clients: 1, Ops: 1, Bug: "nope"},
	} {
		_, err := crdt.New(cfg)
		assert.EqualError(t, err, want)
	}
}

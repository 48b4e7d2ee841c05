package abd_test

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
	"github.com/distcheck/distcheck/protocols/abd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ABD is linearizable in every interleaving of small configurations: two servers, whose only
// quorum is both, with two writers or a writer and two readers.
func TestABDIsLinearizable(t *testing.T) {
	for _, cfg := range []abd.Config{
		{Servers: 2, Clients: 2, Writers: 2},
		{Servers: 2, Clients: 3, Writers: 1},
		{Servers: 2, Clients: 2, Writers: 1, Faults: actor.Faults{Drops: 1}},
		{Servers: 3, Clients: 1, Writers: 1},
	} {
		t.Run(fmt.Sprintf("servers=%d,clients=%d,writers=%d,drops=%d", cfg.Servers, cfg.Clients, cfg.Writers, cfg.Faults.Drops), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, abd.New, cfg))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// With three servers — quorums of two that overlap in one server — random walks check a
// writer and two readers, also when one server crashes, and two writers.
func TestABDIsLinearizableOnRandomWalks(t *testing.T) {
	for _, cfg := range []abd.Config{
		{Servers: 3, Clients: 3, Writers: 1},
		{Servers: 3, Clients: 3, Writers: 1, Faults: actor.Faults{Crashes: 1}},
		{Servers: 3, Clients: 3, Writers: 2},
	} {
		t.Run(fmt.Sprintf("writers=%d,crashes=%d", cfg.Writers, cfg.Faults.Crashes), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, abd.New, cfg), distcheck.Strategy(explore.Random), distcheck.Seed(3),
				distcheck.Walks(400), distcheck.MaxDepth(60))
			require.NotNil(t, res)
		})
	}
}

// Stateright reports 544 distinct states for 2 servers and 2 clients that write and then read.
// distcheck finds 574: the same 544, and 30 in which a server has taken a request that arrived
// while it was busy, which Stateright leaves in the network instead (see the package docs).
func TestStateCountComparedWithStateright(t *testing.T) {
	sys := actortest.System(t, abd.New, abd.Config{Servers: 2, Clients: 2, Writers: 2})
	waiting := map[uint64]bool{}
	sys.Props = append(sys.Props, model.Property[*actor.State]{Name: "count waiting", Kind: model.KindAlways, Holds: func(s *actor.State) bool {
		for i := range 2 {
			if len(actor.NodeAs[*abd.Server](s, model.NodeID(i)).Waiting) > 0 {
				waiting[sys.Fingerprint(s)] = true
			}
		}
		return true
	}})
	res := distcheck.Check(t, sys, distcheck.Workers(1))
	require.NotNil(t, res)
	assert.EqualValues(t, 574, res.Distinct)
	assert.Len(t, waiting, 30)
	assert.EqualValues(t, 544, res.Distinct-int64(len(waiting)))
}

// A read that does not write back lets a second reader, who starts after the first has
// returned the new value, return the old one. The history is sequentially consistent — the
// second read could come first — but not linearizable.
func TestNoWriteBackIsNotLinearizableWithTwoReaders(t *testing.T) {
	sys := actortest.System(t, abd.New, abd.Config{Servers: 3, Clients: 3, Writers: 1, Bug: abd.BugNoWriteBack})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Linearizable"))
	require.NotNil(t, res)
	v, ok := res.Violation("Linearizable")
	require.True(t, ok)
	assertNewOldInversion(t, v.Path.Last())
}

// assertNewOldInversion checks that both readers returned, the first the new value and the
// second, invoked after, the old one, and that the history is sequentially consistent.
func assertNewOldInversion(t *testing.T, s *actor.State) {
	t.Helper()
	reads := map[model.NodeID]actor.Op{}
	for _, op := range s.History() {
		if op.Input == checks.Read() && op.Returned {
			reads[op.ID.Client] = op
		}
	}
	first, second := reads[4], reads[5]
	require.True(t, first.Returned && second.Returned, "both readers returned: %v", s.History())
	assert.Equal(t, "A", first.Output.(checks.Result).Value)
	assert.Empty(t, second.Output.(checks.Result).Value)
	assert.Equal(t, 1, second.Before[4], "the second read began after the first returned")
	h, err := checks.FromState(s)
	require.NoError(t, err)
	sc, err := checks.IsSequentiallyConsistent(checks.RegisterModel(), h)
	require.NoError(t, err)
	assert.True(t, sc)
}

func TestSavedCounterexamplesReplay(t *testing.T) {
	dir := filepath.Join(distcheck.DefaultTraceDir, "TestNoWriteBackIsNotLinearizableWithTwoReaders")
	traces, paths, err := counterexamples.LoadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, traces)
	for i, tr := range traces {
		r, err := counterexamples.Replay(actortest.System(t, abd.New, abd.Config{Servers: 3, Clients: 3, Writers: 1, Bug: abd.BugNoWriteBack}), tr)
		require.NoError(t, err, paths[i])
		assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
		assertNewOldInversion(t, r.Path.Last())
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]abd.Config{
		"abd: servers is 0, want at least 1":                     {Clients: 1},
		"abd: clients is 0, want at least 1":                     {Servers: 3},
		"abd: writers is 3, want 0 to 2 (the number of clients)": {Servers: 3, Clients: 2, Writers: 3},
		`abd: unknown bug "nope" (known: no-write-back)`:         {Servers: 3, Clients: 1, Bug: "nope"},
	} {
		_, err := abd.New(cfg)
		assert.EqualError(t, err, want)
	}
}

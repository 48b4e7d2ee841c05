package linreg_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/linreg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One copy is linearizable in every interleaving, whatever the number of clients and
// operations, and with lost messages (an operation whose request or reply is lost stays
// pending).
func TestOneCopyIsLinearizable(t *testing.T) {
	for _, c := range []struct {
		clients, ops int
		faults       actor.Faults
	}{
		{1, 2, actor.Faults{}},
		{2, 2, actor.Faults{}},
		{2, 3, actor.Faults{}},
		{3, 2, actor.Faults{}},
		{2, 2, actor.Faults{Drops: 2}},
		{2, 2, actor.Faults{Crashes: 1}},
	} {
		t.Run(fmt.Sprintf("clients=%d,ops=%d,drops=%d,crashes=%d", c.clients, c.ops, c.faults.Drops, c.faults.Crashes), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, linreg.New, linreg.Config{Clients: c.clients, Ops: c.ops, Faults: c.faults}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// With 2 clients (a put, then a get each) and 1 server the state space has 93 distinct states,
// as in Stateright's single-copy register example.
func TestOneCopyHas93StatesAsInStateright(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, linreg.New, linreg.Config{Clients: 2, Ops: 2}))
	require.NotNil(t, res)
	assert.EqualValues(t, 93, res.Distinct)
	assert.EqualValues(t, 121, res.Generated)
	assert.Equal(t, 9, res.MaxDepth)
}

// Random walks check larger configurations: 4 clients of 6 operations each.
func TestOneCopyIsLinearizableOnRandomWalks(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, linreg.New, linreg.Config{Clients: 4, Ops: 6}),
		distcheck.Strategy(explore.Random), distcheck.Seed(1), distcheck.Walks(300), distcheck.MaxDepth(60))
	require.NotNil(t, res)
	assert.EqualValues(t, 300, res.Walks)
}

// Two copies without coordination are not linearizable: a client writes to one copy, reads
// the other, and gets the initial value back.
func TestTwoCopiesAreNotLinearizable(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, linreg.New, linreg.Config{Clients: 2, Ops: 2, Bug: linreg.BugTwoCopies}),
		distcheck.ExpectViolation("Linearizable"), distcheck.Workers(1))
	require.NotNil(t, res)
	v, ok := res.Violation("Linearizable")
	require.True(t, ok)
	assert.Equal(t, 4, v.Path.Len(), "write, its reply, read, its reply")
	h, err := checks.FromState(v.Path.Last())
	require.NoError(t, err)
	lin, err := checks.IsLinearizable(checks.RegisterModel(), h)
	require.NoError(t, err)
	assert.False(t, lin)
}

// The saved counterexample replays, and its linearizability failure can be drawn (distcheck.Check
// writes the drawing next to the trace when it replays it).
func TestSavedCounterexamplesReplay(t *testing.T) {
	dir := filepath.Join(distcheck.DefaultTraceDir, "TestTwoCopiesAreNotLinearizable")
	traces, paths, err := counterexamples.LoadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, traces)
	for i, tr := range traces {
		sys := actortest.System(t, linreg.New, linreg.Config{Clients: 2, Ops: 2, Bug: linreg.BugTwoCopies})
		r, err := counterexamples.Replay(sys, tr)
		require.NoError(t, err, paths[i])
		assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
		var page bytes.Buffer
		drawn, err := counterexamples.Explain(&page, sys, r)
		require.NoError(t, err, paths[i])
		assert.True(t, drawn, "%s: the Linearizable property explains its failure", paths[i])
		assert.Contains(t, page.String(), "<html", paths[i])
	}
}

// A history of a thousand operations, from one random run of 4 clients, is checked in
// milliseconds.
func TestARandomRunOfAThousandOperationsIsLinearizable(t *testing.T) {
	sys := actortest.System(t, linreg.New, linreg.Config{Clients: 4, Ops: 250})
	s := randomRun(sys, 7)
	h, err := checks.FromState(s)
	require.NoError(t, err)
	require.Equal(t, 1000, h.Len())
	assert.Zero(t, h.Pending())
	start := time.Now()
	ok, err := checks.IsLinearizable(checks.RegisterModel(), h)
	require.NoError(t, err)
	assert.True(t, ok)
	t.Logf("%d operations checked in %v", h.Len(), time.Since(start))
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]linreg.Config{
		"linreg: clients is 0, want at least 1":          {Ops: 2},
		"linreg: ops is 0, want at least 1":              {Clients: 2},
		`linreg: unknown bug "nope" (known: two-copies)`: {Clients: 2, Ops: 2, Bug: "nope"},
		"linreg: faults: Drops is -1, want ≥ 0":          {Clients: 2, Ops: 2, Faults: actor.Faults{Drops: -1}},
	} {
		_, err := linreg.New(cfg)
		assert.EqualError(t, err, want)
	}
}

package explorer_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/distcheck/distcheck/protocols/twophase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// earlyCommit are the steps, chosen by hand, that make the early-commit bug of TwoPhase break
// TCConsistent: the TM commits on rm1's vote alone while rm2 aborts.
var earlyCommit = []string{"RMPrepare(1)", "TMRcvPrepared(1)", "TMCommit", "RMRcvCommitMsg(1)", "RMChooseToAbort(2)"}

// Choosing actions one by one reaches the violation; the path saved replays and still fails.
func TestChosenPathIsSavedAsATraceThatReplays(t *testing.T) {
	m := twoPhaseBug(t)
	dir := t.TempDir()
	_, c := start(t, m, explorer.Options{TraceDir: dir})
	v := c.view()
	require.Equal(t, 0, v.Step)
	assert.Equal(t, []string{"TM", "rm1", "rm2", "rm3"}, names(v.Actors))
	assert.Empty(t, v.Violated)
	code, _ := c.do("POST", "/api/save", "{}")
	assert.Equal(t, http.StatusBadRequest, code, "the initial state violates nothing, so there is nothing to save")
	for i, label := range earlyCommit {
		v = c.choose(label)
		require.Equal(t, i+1, v.Step)
		if i < len(earlyCommit)-1 {
			require.Empty(t, v.Violated, "after %s", label)
		}
	}
	assert.Equal(t, "TCConsistent", v.Violated)
	assert.Equal(t, earlyCommit, v.Path)
	assert.Contains(t, v.SVG, "<svg")
	assert.False(t, property(t, v, "TCConsistent").Holds)
	assert.True(t, property(t, v, "TypeOK").Holds)

	code, out := c.do("POST", "/api/save", "{}")
	require.Equal(t, http.StatusOK, code, string(out))
	var saved explorer.Saved
	require.NoError(t, json.Unmarshal(out, &saved))
	assert.Equal(t, dir, filepath.Dir(saved.Path))
	assert.Equal(t, "distcheck replay "+saved.Path, saved.Replay)
	tr, err := counterexamples.Load(saved.Path)
	require.NoError(t, err)
	r, err := counterexamples.Replay(m, tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
	assert.Equal(t, len(earlyCommit), r.Path.Len())
}

// Back returns to an earlier state; a choice made on a page that is out of date is refused.
func TestBackAndStaleChoices(t *testing.T) {
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir()})
	first := c.view()
	c.choose(earlyCommit[0])
	v := c.choose(earlyCommit[1])
	require.Equal(t, 2, v.Step)
	code, out := c.do("POST", "/api/choose", `{"step":1,"action":0}`)
	assert.Equal(t, http.StatusConflict, code, string(out))
	v = c.post("/api/back", map[string]int{"step": 0})
	assert.Equal(t, 0, v.Step)
	assert.Equal(t, first.Actors, v.Actors)
	assert.Equal(t, first.Actions, v.Actions)
	code, _ = c.do("POST", "/api/choose", `{"step":0,"action":99}`)
	assert.Equal(t, http.StatusBadRequest, code)
	code, _ = c.do("POST", "/api/back", `{"step":5}`)
	assert.Equal(t, http.StatusBadRequest, code)
}

// A search from the current state streams its progress and finds the shortest violation; jump
// goes there, and minimize keeps a path that is already shortest as long as it is.
func TestSearchFromHereFindsTheShortestViolation(t *testing.T) {
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir()})
	c.choose(earlyCommit[0])
	code, body := c.do("GET", "/api/search?states=100000", "")
	require.Equal(t, http.StatusOK, code)
	names, data := events(t, bytesReader(body))
	require.NotEmpty(t, names)
	require.Equal(t, "done", names[len(names)-1], string(body))
	var rep explorer.SearchReport
	require.NoError(t, json.Unmarshal(data[len(data)-1], &rep))
	assert.True(t, rep.Exhaustive)
	require.Len(t, rep.Violations, 1)
	// By hand: the TM commits only after one RM's vote (2 steps: RMPrepare, TMRcvPrepared),
	// then one RM must learn the commit and another abort: 5 steps in all.
	assert.Equal(t, "TCConsistent", rep.Violations[0].Property)
	assert.Equal(t, len(earlyCommit), rep.Violations[0].Steps)
	v := c.post("/api/jump", map[string]int{"index": 0})
	assert.Equal(t, "TCConsistent", v.Violated)
	assert.Equal(t, len(earlyCommit), v.Step)
	assert.Equal(t, earlyCommit[0], v.Path[0], "the path found extends the one chosen")
	v = c.post("/api/minimize", struct{}{})
	assert.Equal(t, "TCConsistent", v.Violated)
	assert.Equal(t, len(earlyCommit), v.Step)
	code, _ = c.do("POST", "/api/jump", `{"index":1}`)
	assert.Equal(t, http.StatusBadRequest, code)
	code, _ = c.do("GET", "/api/search?states=-1", "")
	assert.Equal(t, http.StatusBadRequest, code)
}

// Minimize shortens a path that reaches a violation the long way round.
func TestMinimizeShortensAChosenPath(t *testing.T) {
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: t.TempDir()})
	for _, label := range []string{"RMPrepare(3)", "RMPrepare(1)", "TMRcvPrepared(1)", "TMCommit", "RMRcvCommitMsg(1)", "RMChooseToAbort(2)"} {
		c.choose(label)
	}
	v := c.post("/api/minimize", struct{}{})
	assert.Equal(t, "TCConsistent", v.Violated)
	assert.Equal(t, len(earlyCommit), v.Step, "RMPrepare(3) plays no part in the violation")
}

// At the actor layer the view shows the messages in flight, timers and faults, and the
// enabled actions include deliveries and the faults the budgets allow.
func TestActorLayerStateAndActions(t *testing.T) {
	sys, err := twopc.New(twopc.Config{Participants: 2, Faults: actor.Faults{Drops: 1, Crashes: 1}})
	require.NoError(t, err)
	_, c := start(t, sys, explorer.Options{TraceDir: t.TempDir()})
	v := c.view()
	assert.True(t, v.ActorLayer)
	require.NotEmpty(t, v.InFlight, "the coordinator's requests are in flight at the start")
	kinds := map[string]bool{}
	for _, a := range v.Actions {
		kinds[a.Kind] = true
		assert.Equal(t, a.Kind == "drop" || a.Kind == "crash", a.Fault, a.Label)
	}
	for _, k := range []string{"deliver", "drop", "crash"} {
		assert.True(t, kinds[k], "no %s action among %v", k, v.Actions)
	}
	for i, a := range v.Actions {
		if a.Kind == "crash" {
			v = c.post("/api/choose", map[string]int{"step": 0, "action": i})
			break
		}
	}
	down := 0
	for _, a := range v.Actors {
		if a.Down {
			down++
		}
	}
	assert.Equal(t, 1, down)
	assert.Equal(t, "1 crashes", v.Faults)
	assert.Contains(t, property(t, v, model.PanicProperty).Name, model.PanicProperty)
}

// A saved trace opens at the end of its path.
func TestOpenATraceOfTheTraceDirectory(t *testing.T) {
	m := twoPhaseBug(t)
	dir := t.TempDir()
	_, c := start(t, m, explorer.Options{TraceDir: dir})
	for _, label := range earlyCommit {
		c.choose(label)
	}
	code, out := c.do("POST", "/api/save", "{}")
	require.Equal(t, http.StatusOK, code, string(out))
	var saved explorer.Saved
	require.NoError(t, json.Unmarshal(out, &saved))
	c.post("/api/restart", map[string]int{"init": 0})
	code, out = c.do("GET", "/api/traces", "")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, string(out), filepath.Base(saved.Path))
	v := c.post("/api/open", map[string]string{"file": filepath.Base(saved.Path)})
	assert.Equal(t, earlyCommit, v.Path)
	assert.Equal(t, "TCConsistent", v.Violated)
}

func names(actors []explorer.ActorView) []string {
	var out []string
	for _, a := range actors {
		out = append(out, a.Name)
	}
	return out
}

func property(t *testing.T, v explorer.View, name string) explorer.PropertyView {
	t.Helper()
	i := slices.IndexFunc(v.Properties, func(p explorer.PropertyView) bool { return p.Name == name })
	require.GreaterOrEqual(t, i, 0, "no property %q", name)
	return v.Properties[i]
}

// Saving a path that the trace directory holds already writes nothing and names the file.
func TestSavingTwiceWritesOneFile(t *testing.T) {
	dir := t.TempDir()
	_, c := start(t, twoPhaseBug(t), explorer.Options{TraceDir: dir})
	for _, label := range earlyCommit {
		c.choose(label)
	}
	var first, second explorer.Saved
	for _, out := range []*explorer.Saved{&first, &second} {
		code, data := c.do("POST", "/api/save", "{}")
		require.Equal(t, http.StatusOK, code, string(data))
		require.NoError(t, json.Unmarshal(data, out))
	}
	assert.False(t, first.Again)
	assert.True(t, second.Again)
	assert.Equal(t, first.Path, second.Path)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	assert.Len(t, files, 1)
}

// A search streams its progress while it runs: counts that grow, then the report. From the
// initial state it covers the whole state space.
func TestSearchStreamsItsProgress(t *testing.T) {
	m, err := twophase.New(5, bugs.None)
	require.NoError(t, err)
	_, c := start(t, m, explorer.Options{TraceDir: t.TempDir(), SearchProgressEvery: time.Millisecond})
	code, body := c.do("GET", "/api/search?states=1000000", "")
	require.Equal(t, http.StatusOK, code)
	names, data := events(t, bytesReader(body))
	require.GreaterOrEqual(t, len(names), 2, "progress, then done: %s", body)
	assert.Equal(t, "done", names[len(names)-1])
	var last int64
	for i, name := range names[:len(names)-1] {
		require.Equal(t, "progress", name)
		var p explorer.Progress
		require.NoError(t, json.Unmarshal(data[i], &p))
		assert.GreaterOrEqual(t, p.Distinct, last, "counts never go down")
		last = p.Distinct
	}
	var rep explorer.SearchReport
	require.NoError(t, json.Unmarshal(data[len(data)-1], &rep))
	assert.True(t, rep.Exhaustive)
	assert.Empty(t, rep.Violations)
	assert.Equal(t, int64(8832), rep.Distinct, "TwoPhase with 5 RMs has 8,832 distinct states (TLC's count for TwoPhase.tla)")
	assert.GreaterOrEqual(t, rep.Distinct, last)
	t.Logf("%d progress events", len(names)-1)
}

package explorer_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/internal/browsertest"
	"github.com/distcheck/distcheck/protocols"
)

var update = flag.Bool("update", false, "rewrite the README's screenshots of the explorer in docs/")

// browser starts a headless Chromium and returns a tab's context, or skips the test when there
// is no Chromium (and DISTCHECK_REQUIRE_BROWSER is unset).
func browser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Tab(t, browsertest.Chromium(t), 1280, 900)
}

// In a real browser: the page shows the initial state, clicking the enabled actions one by one
// reaches the early-commit bug's violation, and the trace the Save button writes replays under
// go test (distcheck.ReplaySaved). The search button finds the same violation and jumps to it.
func TestExplorerInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	ctx := browser(t)
	m := twoPhaseBug(t)
	dir := t.TempDir()
	const test = "TestEarlyCommit"
	srv, _ := start(t, m, explorer.Options{TraceDir: filepath.Join(dir, test), Test: test})
	step := func(n int) chromedp.Action[chromedp.Void] {
		return chromedp.WaitReady(chromedp.CSS(`body[data-step="` + strconv.Itoa(n) + `"]`))
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL()), step(0)))
	actions := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#actions button").length`))
	assert.Equal(t, 7, actions, "TMAbort and each RM's RMPrepare and RMChooseToAbort")
	lifelines := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#spacetime line.lifeline").length`))
	assert.Equal(t, 4, lifelines, "a line per actor: TM and three RMs")

	for i, label := range earlyCommit[:3] {
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#actions button[data-label="`+label+`"]`)), step(i+1)), label)
	}
	screenshot(t, ctx, "explorer-state.png")
	for i, label := range earlyCommit[3:] {
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#actions button[data-label="`+label+`"]`)), step(i+4)), label)
	}
	verdict := run(t, ctx, chromedp.Text(chromedp.ID("verdict")))
	assert.Equal(t, "violated here: TCConsistent", verdict)
	rows := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#spacetime text.action").length`))
	assert.Equal(t, len(earlyCommit)+1, rows, "the diagram has a row per step and the initial state's")
	screenshot(t, ctx, "explorer-violation.png")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("save")),
		chromedp.WaitReady(chromedp.CSS(`#message[data-saved]`))))
	saved := run(t, ctx, chromedp.AttributeValue(chromedp.ID("message"), "data-saved"))
	assert.Equal(t, filepath.Join(dir, test), filepath.Dir(saved.Value))
	tr, err := counterexamples.Load(saved.Value)
	require.NoError(t, err)
	assert.Len(t, tr.Steps, len(earlyCommit))
	assert.Equal(t, 1, distcheck.ReplaySaved(t, m, test, distcheck.TraceDir(dir)), "the trace saved replays under go test")

	// Back to the start, then search and jump to what the search finds.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("restart")), step(0),
		chromedp.Click(chromedp.ID("search")),
		chromedp.WaitReady(chromedp.CSS(`#found button.jump`)),
		chromedp.Click(chromedp.CSS(`#found button.jump`)), step(len(earlyCommit))))
	verdict = run(t, ctx, chromedp.Text(chromedp.ID("verdict")))
	assert.Equal(t, "violated here: TCConsistent", verdict)
}

// A saved Raft counterexample opens at its end, with the messages in flight and crashed nodes
// shown; choosing another delivery tries another interleaving, and a click on a row of the
// diagram goes back to that step.
func TestARaftCounterexampleInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	ctx := browser(t)
	file := filepath.Join("..", "protocols", "raft", "testdata", "counterexamples", "TestForgetVoteElectsTwoLeadersInATerm", "91b25be6c00bd660.json")
	tr, err := counterexamples.Load(file)
	require.NoError(t, err)
	p, err := protocols.Lookup(tr.Protocol)
	require.NoError(t, err)
	cfg, err := p.ConfigFromTrace(tr.Params)
	require.NoError(t, err)
	r, err := p.Build(cfg)
	require.NoError(t, err)
	srv, err := distcheck.NewExplorer(r, explorer.Options{TraceDir: t.TempDir()})
	require.NoError(t, err)
	require.NoError(t, srv.Open(tr))
	_, err = srv.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	n := len(tr.Steps)
	step := func(n int) chromedp.Action[chromedp.Void] {
		return chromedp.WaitReady(chromedp.CSS(`body[data-step="` + strconv.Itoa(n) + `"]`))
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL()), step(n)))
	verdict := run(t, ctx, chromedp.Text(chromedp.ID("verdict")))
	assert.Equal(t, "violated here: ElectionSafety", verdict)
	actors := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#state details[data-key^='actor:']").length`))
	assert.Equal(t, 3, actors)
	screenshot(t, ctx, "explorer-raft.png")

	// Back to step 3 by clicking its row, then another delivery than the trace's.
	const fourthStep = `document.querySelector('#spacetime text.action[data-step="4"] title').textContent`
	traces4 := run(t, ctx, chromedp.Evaluate[string](fourthStep))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#spacetime text.action[data-step="3"]`)), step(3)))
	deliveries := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#actions button[data-label^='deliver']").length`))
	require.Greater(t, deliveries, 1, "more than one message can be delivered after step 3")
	other := run(t, ctx, chromedp.Evaluate[string](`String([...document.querySelectorAll("#actions button[data-label^=deliver]")].pop().dataset.index)`))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#actions button[data-index="`+other+`"]`)), step(4)))
	fourth := run(t, ctx, chromedp.Evaluate[string](fourthStep))
	assert.NotEqual(t, traces4, fourth, "another step 4 than the trace's")
	assert.Contains(t, fourth, "deliver ")
	rows := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#spacetime text.action").length`))
	assert.Equal(t, 5, rows, "the diagram shows the initial state and four steps")
}

// run runs a browser action and returns its value.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}

// screenshot keeps a screenshot of the page for the README under docs/: it writes it when it
// is missing or with -update, so that plain test runs leave the tree as it is.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	path := filepath.Join("..", "docs", name)
	if _, err := os.Stat(path); err == nil && !*update {
		return
	}
	png := run(t, ctx, chromedp.CaptureScreenshot())
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot saved to %s", path)
}

package counterexamples_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/browsertest"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserTrace is the trace the browser test draws: a random walk of two-phase commit with
// early commit, three participants, and one drop, crash and recovery allowed.
func browserTrace(t *testing.T) *actor.System {
	t.Helper()
	sys, err := twopc.New(twopc.Config{Participants: 3, Bug: twopc.BugEarlyCommit,
		Faults: actor.Faults{Drops: 1, Crashes: 1, Recoveries: 1}})
	require.NoError(t, err)
	return sys
}

// The page, opened in headless Chromium, draws one line per actor and one arrow per delivered
// message, fetches nothing over the network, and shows another state when the slider moves.
// It leaves a screenshot in testdata/html/ for people to look at (rewritten by -update).
func TestHTMLInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	exe := browsertest.Chromium(t)
	sys := browserTrace(t)
	tr := violationOf(t, sys, explore.Options{Strategy: explore.Random, Seed: 3, Walks: 100, MaxDepth: 50, Workers: 1}, "AllDecide")
	require.NotNil(t, tr)
	tl := timeline(t, sys, tr)
	require.GreaterOrEqual(t, len(tl.Steps), 3)
	dir := t.TempDir()
	file := filepath.Join(dir, "trace.html")
	require.NoError(t, os.WriteFile(file, []byte(page(t, tl)), 0o644))

	ctx := browsertest.Tab(t, exe, 1400, 700)

	var mu sync.Mutex
	var fetched []string
	note := func(url string) {
		if !strings.HasPrefix(url, "file:") && !strings.HasPrefix(url, "data:") {
			mu.Lock()
			fetched = append(fetched, url)
			mu.Unlock()
		}
	}
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			note(ev.Request.URL)
		}
	}))

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate("file://"+file),
		chromedp.WaitVisible(chromedp.ID("spacetime")),
	))
	lifelines := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#spacetime line.lifeline").length`))
	arrows := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#spacetime .arrow.deliver").length`))
	final := run(t, ctx, chromedp.Text(chromedp.ID("states")))
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(chromedp.ID("step")), chromedp.KeyEvent(kb.Home)))
	first := run(t, ctx, chromedp.Text(chromedp.ID("states")))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	second := run(t, ctx, chromedp.Text(chromedp.ID("states")))
	label := run(t, ctx, chromedp.Text(chromedp.ID("step-label")))
	slider := run(t, ctx, chromedp.Evaluate[int](`Number(document.getElementById("step").value)`))

	assert.Equal(t, len(tl.Actors), lifelines, "a line per actor")
	assert.Equal(t, deliveries(tl), arrows, "an arrow per delivered message")
	assert.Equal(t, 1, slider)
	assert.NotEqual(t, final, first, "the slider moved to the initial state")
	assert.NotEqual(t, first, second, "one step further, the state shown changes")
	for i, a := range tl.Actors {
		assert.Contains(t, first, a+"\t"+tl.At(0).States[i])
		assert.Contains(t, second, a+"\t"+tl.At(1).States[i])
	}
	assert.Equal(t, "step 1 of "+strconv.Itoa(len(tl.Steps))+": "+tl.Steps[0].Text, label)
	mu.Lock()
	assert.Empty(t, fetched, "the page fetches nothing")
	mu.Unlock()

	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight)))
	shot := run(t, ctx, chromedp.FullScreenshot(100))
	saveScreenshot(t, "twopc-early-commit.png", shot)
}

// run runs a browser action and returns its value.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}

// saveScreenshot keeps a screenshot under testdata/html/ for people to look at: it writes it
// when it is missing or with -update, so that plain test runs leave the tree as it is.
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	path := filepath.Join("testdata", "html", name)
	if _, err := os.Stat(path); err == nil && !*update {
		return
	}
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot saved to %s", path)
}

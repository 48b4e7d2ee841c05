package simviz_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim/simviz"
	"github.com/distcheck/distcheck/internal/browsertest"
)

// The page, opened in headless Chromium, shows at each time the slider chooses the status the
// Go package works out (StatusAt), the leader in its status line, and the sides of a partition.
func TestHTMLInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	exe := browsertest.Chromium(t)
	res := scripted()
	file := filepath.Join(t.TempDir(), "timeline.html")
	f, err := os.Create(file)
	require.NoError(t, err)
	require.NoError(t, simviz.WriteHTML(f, res, "raft"))
	require.NoError(t, f.Close())

	ctx := browsertest.Tab(t, exe, 900, 900)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitVisible(chromedp.ID("cluster"))))
	for _, at := range []time.Duration{0, 1500 * time.Millisecond, 2 * time.Second, 2060 * time.Millisecond, 5 * time.Second, 6500 * time.Millisecond, 7500 * time.Millisecond, 9 * time.Second, 10 * time.Second} {
		js := `(() => { const s = document.getElementById("time"); s.value = ` + strconv.FormatFloat(at.Seconds(), 'g', -1, 64) + `;
			s.dispatchEvent(new Event("input"));
			return [...document.querySelectorAll("#cluster g.peer")].map((g) => g.dataset.status); })()`
		kinds, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		require.NoError(t, err)
		status, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
		require.NoError(t, err)
		var want []string
		leader := ""
		for _, s := range simviz.StatusAt(res, at) {
			want = append(want, s.Kind())
			if s.LeaderOfCluster {
				leader = "leader " + s.Name
			}
		}
		assert.Equal(t, want, kinds, "at %v", at)
		if leader != "" {
			assert.Contains(t, status, leader, "at %v", at)
		} else {
			assert.Contains(t, status, "no leader", "at %v", at)
		}
		flying, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#flights circle.flight").length`))
		require.NoError(t, err)
		assert.Equal(t, map[time.Duration]int{2 * time.Second: 2, 2060 * time.Millisecond: 2}[at], flying, "messages in flight at %v", at)
		if at == 7500*time.Millisecond {
			assert.Contains(t, status, "partition n0|n1,n2@7s-8s")
		}
	}
}

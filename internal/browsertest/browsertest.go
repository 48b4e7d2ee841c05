// Package browsertest starts headless Chromium for the browser tests (counterexamples' HTML
// page, the interactive explorer): it finds Chromium, or skips the test when there is none —
// unless DISTCHECK_REQUIRE_BROWSER is set, as .ci/run sets it, and the test fails instead.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireEnv, when set, makes a browser test fail instead of skipping when no Chromium is
// installed.
const RequireEnv = "DISTCHECK_REQUIRE_BROWSER"

// Chromium returns the path of a Chromium (or Chrome) to drive, or skips the test.
func Chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := "the browser test needs Chromium, and none is installed: install it (Debian: apt-get install chromium) to run it"
	if os.Getenv(RequireEnv) != "" {
		t.Fatal(msg + " (" + RequireEnv + " is set)")
	}
	t.Skip(msg)
	return ""
}

// Tab starts headless Chromium exe with a window of width × height pixels, a fresh profile and
// no background traffic, and returns the context of a tab in it, which ends with the test or
// after a minute.
func Tab(t *testing.T, exe string, width, height int) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // as root, Chromium's sandbox does not start
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")),
		chromedp.WindowSize(width, height),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

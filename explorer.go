package distcheck

import (
	"flag"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/model"
)

var exploreFlag = flag.Bool("distcheck.explore", false,
	"open the interactive explorer in the browser on the model of distcheck.Check (or of a conformance suite), at the test's saved counterexample, instead of checking; the test blocks until the page's Stop button is pressed (use with -run and -timeout 0)")

// ExploreRequested reports whether go test was run with -distcheck.explore: Check, and the
// conformance suites, then serve the interactive explorer instead of checking (see Explore).
func ExploreRequested() bool { return *exploreFlag }

// NewExplorer returns the interactive explorer (package explorer) of r's model, which must be
// a Runner made by NewRunner, as the built-in protocols' are.
func NewExplorer(r Runner, o explorer.Options) (*explorer.Server, error) {
	x, ok := r.(interface {
		explorer(explorer.Options) (*explorer.Server, error)
	})
	if !ok {
		return nil, fmt.Errorf("distcheck: NewExplorer: the runner (%T) was not made by NewRunner", r)
	}
	return x.explorer(o)
}

func (r *runner[S]) explorer(o explorer.Options) (*explorer.Server, error) {
	return explorer.New(r.m, o)
}

// Explore serves the interactive explorer on m for test t, as -distcheck.explore asks, and
// blocks until the page's Stop button is pressed or the test's deadline nears. It starts at
// the end of trace from (the path the test's counterexample takes), or at m's initial state
// if from is nil, and saves traces into dir. It prints the page's URL to standard error at once
// (t.Log would hold it back until the test ends).
func Explore[S any](t testing.TB, m model.Model[S], dir string, from *counterexamples.Trace) {
	t.Helper()
	at := "its initial state"
	if from != nil {
		at = fmt.Sprintf("the end of a counterexample of %s (%d steps)", from.Property, len(from.Steps))
	}
	serveExplorer(t, m, dir, from, at, os.Stderr)
}

func serveExplorer[S any](t testing.TB, m model.Model[S], dir string, from *counterexamples.Trace, at string, stderr io.Writer) {
	t.Helper()
	srv, err := explorer.New(m, explorer.Options{TraceDir: dir, Test: t.Name()})
	if err != nil {
		t.Fatalf("distcheck: -distcheck.explore: %v", err)
		return
	}
	if from != nil {
		if err := srv.Open(from); err != nil {
			t.Fatalf("distcheck: -distcheck.explore: %s: %v", at, err)
			return
		}
	}
	url, err := srv.Start()
	if err != nil {
		t.Fatalf("distcheck: -distcheck.explore: %v", err)
		return
	}
	ctx, cancel := testrun.DeadlineContext(t)
	defer cancel()
	fmt.Fprintf(stderr, "distcheck: exploring %s's model from %s\ndistcheck: open %s\ndistcheck: the test waits until the page's Stop button is pressed", t.Name(), at, url)
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if when, set := d.Deadline(); set {
			fmt.Fprintf(stderr, " or the test's deadline nears (%s; -timeout 0 lifts it)", when.Format(time.TimeOnly))
		}
	}
	fmt.Fprintln(stderr)
	if err := srv.Wait(ctx); err != nil {
		t.Errorf("distcheck: -distcheck.explore: %v", err)
	}
	if ctx.Err() != nil {
		t.Logf("distcheck: the explorer stopped at the test's deadline")
	}
}

// exploreTest is Check under -distcheck.explore: it serves the explorer on m at the trace
// named by -distcheck.replay if there is one, else at the test's first saved counterexample
// in dir that replays on m, else at m's initial state.
func exploreTest[S any](t testing.TB, m model.Model[S], dir string, stderr io.Writer) {
	t.Helper()
	from, at, err := startingTrace(m, dir)
	if err != nil {
		t.Fatalf("distcheck: -distcheck.explore: %v", err)
		return
	}
	serveExplorer(t, m, dir, from, at, stderr)
}

// startingTrace returns the trace exploreTest starts from, and says which it is.
func startingTrace[S any](m model.Model[S], dir string) (*counterexamples.Trace, string, error) {
	if file := replayFile(); file != "" {
		t, err := counterexamples.Load(file)
		return t, file, err
	}
	traces, paths, err := counterexamples.LoadDir(dir)
	if err != nil {
		return nil, "", err
	}
	for i, t := range traces {
		if _, err := counterexamples.Replay(m, t); err == nil {
			return t, paths[i], nil
		}
	}
	return nil, "its initial state (no saved counterexample under " + dir + " replays on it)", nil
}

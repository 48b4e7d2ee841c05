package distcheck

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/model"
)

var exploreFlag = flag.Bool("distcheck.explore", false,
	"open the interactive explorer in the browser on the model of distcheck.Check, at the test's saved counterexample, instead of checking; the test blocks until the page's Stop button is pressed (use with -run and -timeout 0)")

// NewExplorer returns the interactive explorer (package explorer) of r's model, which must be
// a Runner made by NewRunner, as the built-in protocols' are.
func NewExplorer(r Runner, o explorer.Options) (*explorer.Server, error) {
	x, ok := r.(interface {
		explorer(explorer.Options) (*explorer.Server, error)
	})
	if !ok {
		return nil, errors.New("distcheck: NewExplorer: the runner was not made by NewRunner")
	}
	return x.explorer(o)
}

func (r *runner[S]) explorer(o explorer.Options) (*explorer.Server, error) {
	return explorer.New(r.m, o)
}

// exploreTest serves the explorer on m for the test, as -distcheck.explore asks: at the trace
// named by -distcheck.replay if there is one, else at the test's first saved counterexample
// that replays on m, else at m's initial state. Traces are saved in the test's directory of
// counterexamples, dir. It writes the URL to stderr at once (t.Log would hold it back until the
// test ends) and blocks until the page's Stop button is pressed or the test's deadline nears.
func exploreTest[S any](t testing.TB, m model.Model[S], dir string, stderr io.Writer) {
	t.Helper()
	srv, err := explorer.New(m, explorer.Options{TraceDir: dir, Test: t.Name()})
	if err != nil {
		t.Fatalf("distcheck: -distcheck.explore: %v", err)
		return
	}
	at, err := openForTest(srv, m, dir)
	if err != nil {
		t.Fatalf("distcheck: -distcheck.explore: %v", err)
		return
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

// openForTest opens the trace that exploreTest starts from and says which it is.
func openForTest[S any](srv *explorer.Server, m model.Model[S], dir string) (string, error) {
	if file := replayFile(); file != "" {
		t, err := counterexamples.Load(file)
		if err != nil {
			return "", err
		}
		if err := srv.Open(t); err != nil {
			return "", fmt.Errorf("%s: %w", file, err)
		}
		return file, nil
	}
	traces, paths, err := counterexamples.LoadDir(dir)
	if err != nil {
		return "", err
	}
	for i, t := range traces {
		if _, err := counterexamples.Replay(m, t); err != nil {
			continue // of another configuration, or no longer applies
		}
		if err := srv.Open(t); err == nil {
			return paths[i], nil
		}
	}
	return "its initial state (no saved counterexample under " + dir + " replays on it)", nil
}

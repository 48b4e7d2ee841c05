package distcheck

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/model"
)

// ReplayEnv is the environment variable that, like the -distcheck.replay flag, makes Check
// replay one counterexample file instead of searching.
const ReplayEnv = "DISTCHECK_REPLAY"

var replayFlag = flag.String("distcheck.replay", "", "replay this counterexample file in distcheck.Check instead of searching")

// replayFile returns the file that Check should replay instead of searching, if any.
func replayFile() string {
	if *replayFlag != "" {
		return *replayFlag
	}
	return os.Getenv(ReplayEnv)
}

// Check explores m and fails t if a property does not hold. It first replays the test's saved
// counterexamples (each that still fails fails the test), then searches with the given options
// (BFS on every CPU by default), saves a counterexample for each violation under
// testdata/counterexamples/<TestName>/ and fails t with its sequence diagram and the commands
// that replay it. It returns the search's result, or nil if no search ran.
//
// An inconclusive search — one stopped before it covered every state — fails the test, in its
// own words ("distcheck: inconclusive: ..."), unless the test asked for a bounded search
// (MaxStates, Time, MaxMemory, MaxDepth): then it passes and says in the log what it covered.
// Check stops its search before the test's deadline (go test -timeout) and fails so, saying
// what it covered, rather than letting the test binary panic; so does a search stopped by the
// default memory budget. One exception to the passing bounded search: a Sometimes property it
// did not reach fails the test, worded as inconclusive, not as a violation — a model that does
// nothing reaches none, and a bounded search that never reached one has shown nothing about
// the model. Options given through InShort apply under -short.
//
// With -distcheck.explore (go test -run '^TestX$' -distcheck.explore -timeout 0), Check neither
// replays nor searches: it serves the interactive explorer (package explorer) on m, at the
// test's first saved counterexample that replays (or at -distcheck.replay's file), prints its
// URL and blocks until the page's Stop button is pressed. Without the flag nothing of it runs.
func Check[S any](t testing.TB, m model.Model[S], opts ...Option) *explore.Result[S] {
	t.Helper()
	c, err := newConfig(opts, testing.Short())
	if err != nil {
		t.Fatalf("%v", err)
		return nil
	}
	dir := filepath.Join(c.Dir, testrun.Dir(t.Name()))
	if *exploreFlag {
		exploreTest(t, m, dir, os.Stderr)
		return nil
	}
	if file := replayFile(); file != "" {
		replayOne(t, m, c, file)
		return nil
	}
	if !replaySaved(t, m, c, dir) {
		return nil
	}
	ctx, cancel := testrun.DeadlineContext(t)
	defer cancel()
	res, err := explore.Run(ctx, m, c.Explore)
	if err != nil {
		t.Fatalf("distcheck: %v", err)
		return nil
	}
	t.Logf("distcheck: %s", summary(res))
	switch {
	case res.Stopped == explore.StopCanceled:
		t.Errorf("distcheck: inconclusive: the search stopped at the test's deadline before it finished (%s); give it a budget (distcheck.MaxStates, distcheck.Time) or a longer -timeout", summary(res))
	case res.Stopped == explore.StopMemory && c.Explore.MaxMemory == 0:
		t.Errorf("distcheck: inconclusive: the search stopped at the default memory budget, three quarters of this machine's memory, before it finished (%s); give it a budget (distcheck.MaxStates, distcheck.MaxMemory) or a smaller model", summary(res))
	case res.Cut():
		t.Logf("distcheck: inconclusive, as asked: the search stopped at its budget before it covered every state (%s)", summary(res))
	}
	for _, note := range res.Notes {
		t.Logf("distcheck: note: %s", note)
	}
	expectedFound := false
	for _, v := range res.Violations {
		if v.Property == c.Expect && c.Expect != "" {
			expectedFound = true
			if !hasTraceOf(dir, v.Property) {
				if path, page, _, _, err := saveViolation(ctx, m, res, v, dir); err != nil {
					t.Errorf("distcheck: %v", err)
				} else {
					t.Logf("distcheck: %s is violated, as expected; counterexample saved to %s%s", v.Property, path, explained(page))
				}
			} else {
				t.Logf("distcheck: %s is violated, as expected (%d steps)", v.Property, v.Path.Len())
			}
			continue
		}
		failViolation(ctx, t, m, res, v, dir)
	}
	if c.Expect != "" && !expectedFound {
		t.Errorf("distcheck: expected %q to be violated, but the search found no violation of it (%s)", c.Expect, summary(res))
	}
	return res
}

// failViolation saves v's counterexample and fails t with its diagram.
func failViolation[S any](ctx context.Context, t testing.TB, m model.Model[S], res *explore.Result[S], v explore.Violation[S], dir string) {
	t.Helper()
	switch {
	case v.Inconclusive:
		// Not a violation, but a model that never reaches a Sometimes property may do nothing
		// at all: the test cannot pass on it.
		t.Errorf("distcheck: inconclusive: sometimes-property %q was not reached by a search that was not exhaustive: %s; raise the budget until it is reached, or search exhaustively", v.Property, v.Reason)
		return
	case v.Kind == model.KindSometimes:
		t.Errorf("distcheck: sometimes-property %q never held: %s", v.Property, v.Reason)
		return
	}
	path, page, diagram, steps, err := saveViolation(ctx, m, res, v, dir)
	if err != nil {
		t.Errorf("distcheck: %s (%s) violated after %d steps, and saving the counterexample failed: %v", v.Property, v.Kind, v.Path.Len(), err)
		return
	}
	t.Errorf("distcheck: %s (%s) violated after %d steps (%s):\n%s\n%s%s", v.Property, v.Kind, steps, res.Strategy, diagram, rerun(t.Name(), m, path), explained(page))
}

// saveViolation writes v's trace under dir — minimized first, unless BFS found it (its traces
// are shortest already) — replays it and renders it, and returns its length. If the property
// has an Explain hook, it also writes the explanation next to the trace (same base name, .html)
// and returns its path as page.
func saveViolation[S any](ctx context.Context, m model.Model[S], res *explore.Result[S], v explore.Violation[S], dir string) (path, page, diagram string, steps int, err error) {
	tr, _, err := counterexamples.NewMinimized(ctx, m, res, v)
	if err != nil {
		return "", "", "", 0, err
	}
	path, err = counterexamples.Save(dir, tr)
	if err != nil {
		return "", "", "", 0, err
	}
	r, err := counterexamples.Replay(m, tr)
	if err != nil {
		return path, "", "", 0, fmt.Errorf("the saved counterexample %s does not replay: %w", path, err)
	}
	var b bytes.Buffer
	if err := counterexamples.Render(&b, m, r); err != nil {
		return path, "", "", 0, err
	}
	page, err = writeExplanation(m, r, path)
	return path, page, b.String(), len(tr.Steps), err
}

// explained says where a violation's explanation was written, if it was.
func explained(page string) string {
	if page == "" {
		return ""
	}
	return "\nExplanation (open in a browser): " + page
}

// writeExplanation writes the explanation of the replayed trace r, saved at path, next to it
// (counterexamples.ExplanationPath) if its property has one, and returns the page's path.
func writeExplanation[S any](m model.Model[S], r *counterexamples.Replayed[S], path string) (string, error) {
	var page bytes.Buffer
	ok, err := counterexamples.Explain(&page, m, r)
	if err != nil || !ok {
		return "", err
	}
	out := counterexamples.ExplanationPath(path)
	if err := os.WriteFile(out, page.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("writing the explanation of %s: %w", path, err)
	}
	return out, nil
}

// ensureExplanation returns the explanation page of the saved trace at path, writing it first
// if it is missing (pages are not committed with the traces they explain; see .gitignore).
func ensureExplanation[S any](m model.Model[S], r *counterexamples.Replayed[S], path string) (string, error) {
	out := counterexamples.ExplanationPath(path)
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	return writeExplanation(m, r, path)
}

// rerun says how to replay a saved counterexample.
func rerun[S any](test string, m model.Model[S], path string) string {
	s := fmt.Sprintf("Counterexample saved to %s\nReplay it: go test -run '^%s$' -distcheck.replay=%s", path, regexp.QuoteMeta(strings.SplitN(test, "/", 2)[0]), path)
	if name, _ := counterexamples.Identity(m); !strings.HasPrefix(name, "go:") && name != "" {
		s += fmt.Sprintf("\n       or: distcheck replay %s", path)
	}
	return s
}

// replaySaved replays the test's saved counterexamples. It reports whether the search should
// still run: not when a saved counterexample still fails (the test has failed already).
func replaySaved[S any](t testing.TB, m model.Model[S], c *testrun.Settings, dir string) bool {
	t.Helper()
	traces, paths, err := counterexamples.LoadDir(dir)
	if err != nil {
		t.Fatalf("distcheck: %v", err)
		return false
	}
	ok := true
	for i, tr := range traces {
		r, err := counterexamples.Replay(m, tr)
		var div *counterexamples.DivergedError
		var mis *counterexamples.MismatchError
		switch {
		case errors.As(err, &mis) && (mis.Field == "protocol" || mis.Field == "params"):
			// A trace of another configuration: another Check in the same test saved it.
			t.Logf("distcheck: saved counterexample %s is of another configuration; skipped: %v", paths[i], err)
			continue
		case errors.As(err, &div) && c.Expect == "":
			// The path no longer exists: whatever the bug was, this trace cannot show it.
			t.Logf("distcheck: saved counterexample %s no longer applies: %v", paths[i], err)
			continue
		case err != nil:
			t.Errorf("distcheck: saved counterexample %s: %v (delete it if the model changed on purpose)", paths[i], err)
			ok = false
			continue
		}
		switch {
		case c.Expect != "" && tr.Property != c.Expect:
			// Another Check of the same test, expecting another property, saved it.
			continue
		case c.Expect != "" && !r.Reproduced:
			t.Errorf("distcheck: saved counterexample %s no longer reproduces: %s", paths[i], r.Detail)
			ok = false
		case c.Expect != "":
			if _, err := ensureExplanation(m, r, paths[i]); err != nil {
				t.Logf("distcheck: %v", err)
			}
		case r.Reproduced:
			var b bytes.Buffer
			if err := counterexamples.Render(&b, m, r); err != nil {
				b.WriteString(err.Error())
			}
			page, err := ensureExplanation(m, r, paths[i])
			if err != nil {
				b.WriteString(err.Error())
			}
			t.Errorf("distcheck: saved counterexample %s still fails: %s\n%s%s", paths[i], r.Detail, b.String(), explained(page))
			ok = false
		}
	}
	return ok
}

// replayOne replays the file named by -distcheck.replay or DISTCHECK_REPLAY.
func replayOne[S any](t testing.TB, m model.Model[S], c *testrun.Settings, file string) {
	t.Helper()
	tr, err := counterexamples.Load(file)
	if err != nil {
		t.Fatalf("distcheck: %v", err)
		return
	}
	r, err := counterexamples.Replay(m, tr)
	if err != nil {
		t.Fatalf("distcheck: replaying %s: %v", file, err)
		return
	}
	var b bytes.Buffer
	if err := counterexamples.Render(&b, m, r); err != nil {
		t.Fatalf("distcheck: rendering %s: %v", file, err)
		return
	}
	switch {
	case r.Reproduced && (c.Expect == "" || c.Expect != tr.Property):
		t.Errorf("distcheck: %s still fails: %s\n%s", file, r.Detail, b.String())
	case !r.Reproduced && c.Expect != "":
		t.Errorf("distcheck: %s no longer reproduces: %s\n%s", file, r.Detail, b.String())
	default:
		t.Logf("distcheck: replayed %s: %s\n%s", file, r.Detail, b.String())
	}
}

// hasTraceOf reports whether dir holds a saved counterexample of property.
func hasTraceOf(dir, property string) bool {
	traces, _, err := counterexamples.LoadDir(dir)
	if err != nil {
		return false
	}
	for _, tr := range traces {
		if tr.Property == property {
			return true
		}
	}
	return false
}

// summary describes what a search covered in one line.
func summary[S any](res *explore.Result[S]) string {
	s := fmt.Sprintf("%s: %d distinct states, %d generated, depth %d, %.2fs",
		res.Strategy, res.Distinct, res.Generated, res.MaxDepth, res.Elapsed.Seconds())
	if res.Strategy.Sampled() {
		s += fmt.Sprintf(", %d walks", res.Walks)
	}
	switch {
	case res.Exhaustive:
		s += ", exhaustive"
	case res.Stopped == explore.StopViolation:
		s += ", stopped at the first violation"
	default:
		s += ", stopped: " + string(res.Stopped)
	}
	switch {
	case res.Options.Symmetry && res.Distinct > 0 && res.Represented > 0:
		s += fmt.Sprintf(", symmetry: %d orbits stand for %d states", res.Distinct, res.Represented)
	case res.Options.Symmetry:
		s += fmt.Sprintf(", symmetry: %d orbits", res.Distinct)
	}
	if res.Options.POR {
		s += fmt.Sprintf(", partial-order reduction: %d successors left out", res.Pruned)
	}
	return s
}

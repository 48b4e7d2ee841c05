package distcheck

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// ReplaySaved checks the counterexamples that Check saved for the test named test (under
// DefaultTraceDir, or the directory of a TraceDir option; other options are ignored): there is
// at least one, and each loads and still reproduces its violation on m. A package's tests call
// it to guard the traces they ship, e.g. after a change to the protocol or to the trace
// format. It returns how many it replayed.
func ReplaySaved[S any](t testing.TB, m model.Model[S], test string, opts ...Option) int {
	t.Helper()
	c, err := newConfig(opts, false)
	if err != nil {
		t.Fatalf("distcheck.ReplaySaved: %v", err)
		return 0
	}
	dir := c.Dir
	traces, paths, err := counterexamples.LoadDir(filepath.Join(dir, test))
	if err != nil {
		t.Errorf("distcheck: %v", err)
		return 0
	}
	if len(traces) == 0 {
		t.Errorf("distcheck: %s has no saved counterexample under %s (run it once to save one)", test, dir)
		return 0
	}
	for i, tr := range traces {
		r, err := counterexamples.Replay(m, tr)
		switch {
		case err != nil:
			t.Errorf("distcheck: %s: %v", paths[i], err)
		case !r.Reproduced:
			t.Errorf("distcheck: %s no longer reproduces: %s", paths[i], r.Detail)
		}
	}
	return len(traces)
}

// Violation returns the violation of property in res, the result of Check or explore.Run, and
// ends the test if there is none (or no result: Check ran no search). It is for tests of a
// buggy variant that go on to look at the counterexample.
func Violation[S any](t testing.TB, res *explore.Result[S], property string) explore.Violation[S] {
	t.Helper()
	if res == nil {
		t.Fatalf("distcheck: no search ran, so %q cannot be violated", property)
		return explore.Violation[S]{}
	}
	v, ok := res.Violation(property)
	if !ok {
		t.Fatalf("distcheck: %q is not violated (%d violations: %s)", property, len(res.Violations), violationNames(res))
	}
	return v
}

func violationNames[S any](res *explore.Result[S]) string {
	var names []string
	for _, v := range res.Violations {
		names = append(names, v.Property)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

package paxostest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// Run checks impl against the suite's scenarios, prints the graded summary to t's log (and to
// Output's writer), writes it as JSON if asked, fails t for every check that failed, and
// returns the report.
func Run(t testing.TB, impl Implementation, opts ...Option) *Report {
	t.Helper()
	o := newOptions(opts)
	rep := &Report{Implementation: impl.Name}
	if impl.NewProposer == nil || impl.NewAcceptor == nil {
		t.Fatalf("paxostest: implementation %q: NewProposer and NewAcceptor must both be set", impl.Name)
		return rep
	}
	ctx, cancel := deadlineContext(t)
	defer cancel()
	failed := map[string]bool{} // properties failed in an earlier scenario
	var details []string
	for _, sc := range Scenarios() {
		if !o.runs(sc) {
			continue
		}
		sr, more := runScenario(ctx, t.Name(), impl, sc, o, failed)
		rep.Scenarios = append(rep.Scenarios, sr)
		details = append(details, more...)
		stop := sr.Error != ""
		for _, c := range sr.Checks {
			if c.Status == Failed {
				failed[c.Property] = !o.all
				stop = true
			}
		}
		if stop && o.failFast {
			break
		}
	}
	rep.grade()
	summary := rep.String()
	t.Logf("%s", summary)
	if o.out != nil {
		fmt.Fprint(o.out, summary)
	}
	if o.json != "" {
		if err := rep.WriteJSON(o.json); err != nil {
			t.Errorf("paxostest: %v", err)
		}
	}
	if !rep.OK() {
		t.Errorf("paxostest: %s failed %d of %d checks\n%s\n%s", impl.Name, rep.Total-rep.Passed, rep.Total, summary, strings.Join(details, "\n"))
	}
	return rep
}

// protocol names an implementation's systems in traces: not a built-in protocol, so that
// `distcheck replay` does not rebuild the project's implementation in its place.
func protocol(impl Implementation) string { return "paxostest/" + impl.Name }

// runScenario explores one scenario and returns its report and, for each failed check, a
// description with the counterexample's diagram. Properties in skip are not checked.
func runScenario(ctx context.Context, test string, impl Implementation, sc Scenario, o *options, skip map[string]bool) (ScenarioReport, []string) {
	sr := ScenarioReport{Name: sc.Name, Doc: sc.Doc}
	sys, err := sc.Config.Build(protocol(impl), impl.roles())
	if err == nil {
		sys.CheckDeterminism = sc.Deterministic
		err = sys.Validate()
	}
	if err != nil {
		sr.Error = err.Error()
		return sr, []string{fmt.Sprintf("scenario %s: %v", sc.Name, err)}
	}
	dir := filepath.Join(o.dir, testDir(test), sc.Name)
	for _, p := range sys.Properties() {
		sr.Checks = append(sr.Checks, Check{Property: p.Name, Kind: p.Kind.String(), Status: NotChecked})
	}
	check := func(name string) *Check {
		i := slices.IndexFunc(sr.Checks, func(c Check) bool { return c.Property == name })
		return &sr.Checks[i]
	}
	var details []string

	// Saved counterexamples first: one that still fails needs no search.
	reproduced, more := replaySaved(sys, dir, check)
	details = append(details, more...)
	if reproduced {
		sr.Search = "replayed saved counterexamples; no search"
		return sr, details
	}

	// Search for the properties not failed already (the built-in ones are always searched).
	var keep []model.Property[*model.State]
	for _, p := range sys.Props {
		if !skip[p.Name] {
			keep = append(keep, p)
		}
	}
	searched, _ := sc.Config.Build(protocol(impl), impl.roles())
	searched.CheckDeterminism = sc.Deterministic
	searched.Props = keep
	for i := range sr.Checks {
		c := &sr.Checks[i]
		if !slices.ContainsFunc(searched.Properties(), func(p model.Property[*model.State]) bool { return p.Name == c.Property }) {
			c.Status = Skipped
		}
	}
	opts := explore.Options{CollectAll: o.all, MaxStates: o.maxStates}
	if sc.Random {
		opts.MaxStates = 0
		opts.Strategy, opts.Walks, opts.MaxDepth, opts.Seed = explore.Random, o.walks, WalkDepth, o.seed
	}
	res, err := explore.Run(ctx, searched, opts)
	if err != nil {
		sr.Error = err.Error()
		return sr, append(details, fmt.Sprintf("scenario %s: %v", sc.Name, err))
	}
	sr.describe(res)
	for _, v := range res.Violations {
		c := check(v.Property)
		c.Status, c.Reason, c.Steps = Failed, v.Reason, v.Path.Len()
		if v.Kind == model.KindSometimes {
			details = append(details, fmt.Sprintf("%s (%s) never held in scenario %s: %s", v.Property, v.Kind, sc.Name, v.Reason))
			continue
		}
		path, diagram, err := save(searched, res, v, dir)
		c.Counterexample = path
		if err != nil {
			details = append(details, fmt.Sprintf("%s violated in scenario %s, and saving the counterexample failed: %v", v.Property, sc.Name, err))
			continue
		}
		details = append(details, fmt.Sprintf("%s (%s) violated in scenario %s after %d steps (%s):\n%s\nCounterexample saved to %s; the test replays it first the next time it runs (delete it once it no longer applies).",
			v.Property, v.Kind, sc.Name, v.Path.Len(), res.Strategy, diagram, path))
	}
	complete := res.Stopped == explore.StopComplete || res.Stopped == explore.StopMaxStates ||
		(res.Stopped == explore.StopViolation && o.all)
	for i := range sr.Checks {
		c := &sr.Checks[i]
		if c.Status == NotChecked && complete {
			c.Status = Passed
		}
	}
	if res.Stopped != explore.StopComplete && res.Stopped != explore.StopViolation && res.Stopped != explore.StopMaxStates {
		details = append(details, fmt.Sprintf("scenario %s: the search stopped before it finished (%s): give the test a longer -timeout", sc.Name, res.Stopped))
	}
	return sr, details
}

// replaySaved replays the counterexamples saved in dir on sys and marks the checks whose
// property they still violate as failed. It reports whether one did.
func replaySaved(sys *model.System, dir string, check func(string) *Check) (bool, []string) {
	traces, paths, err := counterexamples.LoadDir(dir)
	if err != nil {
		return false, []string{err.Error()}
	}
	var details []string
	reproduced := false
	for i, tr := range traces {
		r, err := counterexamples.Replay(sys, tr)
		var mis *counterexamples.MismatchError
		var div *counterexamples.DivergedError
		switch {
		case errors.As(err, &mis), errors.As(err, &div):
			continue // of another configuration, or of an implementation since changed
		case err != nil:
			details = append(details, fmt.Sprintf("saved counterexample %s: %v", paths[i], err))
			continue
		case !r.Reproduced:
			continue // fixed
		}
		reproduced = true
		c := check(tr.Property)
		c.Status, c.Counterexample, c.Reason, c.Steps = Failed, paths[i], r.Detail, len(tr.Steps)
		var b bytes.Buffer
		if err := counterexamples.Render(&b, sys, r); err != nil {
			b.WriteString(err.Error())
		}
		details = append(details, fmt.Sprintf("saved counterexample %s still fails: %s\n%s", paths[i], r.Detail, b.String()))
	}
	return reproduced, details
}

// save writes v's trace under dir and renders it.
func save(sys *model.System, res *explore.Result[*model.State], v explore.Violation[*model.State], dir string) (path, diagram string, err error) {
	tr, err := counterexamples.New(sys, res, v)
	if err != nil {
		return "", "", err
	}
	if path, err = counterexamples.Save(dir, tr); err != nil {
		return "", "", err
	}
	r, err := counterexamples.Replay(sys, tr)
	if err != nil {
		return path, "", fmt.Errorf("the saved counterexample %s does not replay: %w", path, err)
	}
	var b bytes.Buffer
	err = counterexamples.Render(&b, sys, r)
	return path, b.String(), err
}

// deadlineContext ends a little before the test's deadline, so that a long search stops and
// reports instead of the test binary panicking.
func deadlineContext(t testing.TB) (context.Context, context.CancelFunc) {
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := d.Deadline(); ok {
			margin := max(time.Until(deadline)/10, 2*time.Second)
			return context.WithDeadline(context.Background(), deadline.Add(-margin))
		}
	}
	return context.WithCancel(context.Background())
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._/-]`)

// testDir maps a test's name to a directory, as distcheck.Check does: subtests become
// subdirectories, and characters unsafe in file names become underscores.
func testDir(name string) string {
	parts := strings.Split(unsafeChars.ReplaceAllString(name, "_"), "/")
	for i, p := range parts {
		if p == "" || p == "." || p == ".." {
			parts[i] = "_"
		}
	}
	return filepath.Join(parts...)
}

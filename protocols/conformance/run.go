package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/model"
)

// Run checks the suite's implementation against its scenarios, prints the graded summary to
// t's log (and to Output's writer), writes it as JSON if asked, fails t for every check that
// failed, and returns the report. A suite that is not well formed (scenarios without a name
// or with the same name, an unknown scenario in Only) fails t at once.
//
// When go test is asked to replay one counterexample file (-distcheck.replay=<file>, or
// DISTCHECK_REPLAY), Run searches nothing: it replays that file in the scenario it is of and
// reports that one check, as distcheck.Check does.
func Run(t testing.TB, s Suite, opts ...Option) *Report {
	t.Helper()
	rep := &Report{Suite: s.name(), Implementation: s.Implementation}
	o, err := newOptions(opts)
	if err == nil {
		s = s.configured(o)
		err = s.validate(o)
	}
	if err != nil {
		t.Fatalf("%s: %s: %v", s.name(), s.Implementation, err)
		return rep
	}
	if exploreRequested() {
		if err := s.explore(t, o); err != nil {
			t.Fatalf("%s: %s: -distcheck.explore: %v", s.name(), s.Implementation, err)
		}
		return rep
	}
	if file := replayFile(); file != "" {
		details, err := s.replayOne(t, rep, file, o)
		if err != nil {
			t.Fatalf("%s: %s: %v", s.name(), s.Implementation, err)
			return rep
		}
		rep.grade()
		publish(t, rep, o, details)
		return rep
	}
	ctx, cancel := testrun.DeadlineContext(t)
	defer cancel()
	failed := map[string]bool{} // properties failed in an earlier scenario
	var details []string
	for _, sc := range s.Scenarios {
		if !o.runs(sc) {
			continue
		}
		sr, more := s.runScenario(ctx, t.Name(), sc, o, failed)
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
	publish(t, rep, o, details)
	return rep
}

// publish prints the report's summary, writes its JSON and fails t if a check failed.
func publish(t testing.TB, rep *Report, o *options, details []string) {
	t.Helper()
	summary := rep.String()
	t.Logf("%s", summary)
	if o.out != nil {
		fmt.Fprint(o.out, summary)
	}
	if o.json != "" {
		if err := rep.WriteJSON(o.json); err != nil {
			t.Errorf("%s: %v", rep.Suite, err)
		}
	}
	if !rep.OK() {
		t.Errorf("%s: %s: %s\n%s\n%s", rep.Suite, rep.Implementation, rep.Counts(), summary, strings.Join(details, "\n"))
	}
}

// build returns a fresh, validated system of sc without the properties in skip.
func (s Suite) build(sc Scenario, skip map[string]bool) (*actor.System, error) {
	if sc.Build == nil {
		return nil, errors.New("the scenario has no Build function")
	}
	sys, err := sc.Build()
	switch {
	case err != nil:
		return nil, fmt.Errorf("building the system: %w", err)
	case sys == nil:
		return nil, errors.New("building the system: Build returned no system and no error")
	}
	if sys.Protocol == "" {
		sys.Protocol = s.name() + "/" + s.Implementation
	}
	sys.CheckDeterminism = sys.CheckDeterminism || sc.Deterministic
	sys.KeepIgnored = sys.KeepIgnored || sc.KeepIgnored
	sys.Props = slices.DeleteFunc(slices.Clone(sys.Props), func(p model.Property[*actor.State]) bool { return skip[p.Name] })
	return sys, sys.Validate()
}

// runScenario explores one scenario and returns its report and, for each failed check, a
// description with the counterexample's diagram. Properties in skip are not checked.
func (s Suite) runScenario(ctx context.Context, test string, sc Scenario, o *options, skip map[string]bool) (ScenarioReport, []string) {
	sr := ScenarioReport{Name: sc.Name, Doc: sc.Doc}
	sys, err := s.build(sc, nil)
	if err != nil {
		return sr.broken(err)
	}
	for _, p := range sys.Properties() {
		sr.Checks = append(sr.Checks, Check{Property: p.Name, Kind: p.Kind.String(), Status: NotChecked})
	}
	dir := filepath.Join(o.dir, testrun.Dir(test), sc.Name)

	// Saved counterexamples first: one that still fails needs no search.
	reproduced, details := replaySaved(sys, dir, &sr)
	if reproduced {
		sr.Search = "replayed saved counterexamples; no search"
		return sr, details
	}

	// Search for the properties not failed already (the built-in ones are always searched).
	searched, err := s.build(sc, skip)
	if err != nil {
		return sr.broken(err)
	}
	for i := range sr.Checks {
		c := &sr.Checks[i]
		if !slices.ContainsFunc(searched.Properties(), func(p model.Property[*actor.State]) bool { return p.Name == c.Property }) {
			c.Status = Skipped
		}
	}
	var res *explore.Result[*actor.State]
	var total explore.Result[*actor.State] // walks, states and time over the seeds
	seeds := seedRuns{missed: map[string]int{}, reached: map[string]bool{}}
	for _, seed := range o.seeds(sc) {
		opts := o.explore(sc, seed)
		// Each reduction where it is sound for the system searched, the full search elsewhere.
		if o.por && !sc.Random {
			opts.AutoReduce |= explore.PartialOrderReduction
		}
		if sc.Symmetry && !sc.Random {
			opts.AutoReduce |= explore.SymmetryReduction
		}
		res, err = explore.Run(ctx, searched, opts)
		if err != nil {
			sr, more := sr.broken(err)
			return sr, append(details, more...)
		}
		total.Walks, total.Distinct, total.Elapsed = total.Walks+res.Walks, total.Distinct+res.Distinct, total.Elapsed+res.Elapsed
		violated := seeds.add(searched, res)
		if sc.Random {
			sr.Seeds = append(sr.Seeds, seed)
			for _, v := range res.Violations {
				if c := sr.check(v.Property); c.Seed == nil && v.Kind != model.KindSometimes {
					c.Seed = &seed
				}
			}
		}
		if violated && !o.all || (res.Stopped != explore.StopComplete && res.Stopped != explore.StopViolation) {
			break
		}
	}
	res = seeds.merge(res)
	details = append(details, sr.record(searched, res, test, dir, o.all)...)
	if len(sr.Seeds) > 1 {
		sr.Walks, sr.Distinct, sr.Seconds = total.Walks, total.Distinct, total.Elapsed.Seconds()
		sr.Search = sr.seedSearch(res)
	}
	sr.reach(sc, res)
	for i := range sr.Checks {
		if c := &sr.Checks[i]; c.Status == NotChecked && seeds.reached[c.Property] {
			c.Status = Passed // reached under an earlier seed than the one that stopped at a violation
		}
	}
	return sr, details
}

// seedRuns gathers a scenario's Sometimes properties over its seeds: one is reached if the
// walks of any seed reach it, and fails only if no seed's do.
type seedRuns struct {
	runs    int             // seeds whose search finished and judged the Sometimes properties
	missed  map[string]int  // Sometimes property → seeds that did not reach it
	reached map[string]bool // Sometimes properties that some seed reached
}

// add records res, one seed's search of sys, and reports whether it violated a property
// other than a Sometimes one: what stops the seeds after it.
func (sr *seedRuns) add(sys *actor.System, res *explore.Result[*actor.State]) bool {
	violated := false
	for _, v := range res.Violations {
		if v.Kind == model.KindSometimes {
			sr.missed[v.Property]++
		} else {
			violated = true
		}
	}
	if res.Stopped == explore.StopViolation {
		return violated // the search stopped before it judged the Sometimes properties
	}
	sr.runs++
	for _, p := range sys.Properties() {
		if p.Kind == model.KindSometimes && !slices.ContainsFunc(res.Violations, func(v explore.Violation[*actor.State]) bool { return v.Property == p.Name }) {
			sr.reached[p.Name] = true
		}
	}
	return violated
}

// merge returns last, the last seed's result, with the Sometimes violations of the seeds
// merged: one that some seed reached is no violation, and one that every seed missed says
// in how many.
func (sr *seedRuns) merge(last *explore.Result[*actor.State]) *explore.Result[*actor.State] {
	out := *last
	out.Violations = nil
	for _, v := range last.Violations {
		if v.Kind != model.KindSometimes {
			out.Violations = append(out.Violations, v)
		}
	}
	// The Sometimes properties that every seed missed, in the order of the last seed's.
	for _, v := range last.Violations {
		if v.Kind != model.KindSometimes || sr.reached[v.Property] || sr.missed[v.Property] < sr.runs {
			continue
		}
		if sr.runs > 1 {
			v.Reason = fmt.Sprintf("never reached in %d seeds: %s", sr.runs, v.Reason)
		}
		out.Violations = append(out.Violations, v)
	}
	return &out
}

// broken reports a scenario that could not run because of err.
func (sr ScenarioReport) broken(err error) (ScenarioReport, []string) {
	sr.Error = err.Error()
	return sr, []string{fmt.Sprintf("scenario %s: %v", sr.Name, err)}
}

// record grades sr's checks from the search's result, saves a counterexample of each
// violation under dir, and returns a description of each, which says how to replay it in the
// named test.
func (sr *ScenarioReport) record(sys *actor.System, res *explore.Result[*actor.State], test, dir string, all bool) []string {
	sr.describe(res)
	var details []string
	for _, v := range res.Violations {
		c := sr.check(v.Property)
		c.Status, c.Reason, c.Steps = Failed, v.Reason, v.Path.Len()
		if v.Kind == model.KindSometimes {
			details = append(details, fmt.Sprintf("%s (%s) never held in scenario %s: %s", v.Property, v.Kind, sr.Name, v.Reason))
			continue
		}
		path, diagram, err := save(sys, res, v, dir)
		c.Counterexample = path
		if err != nil {
			details = append(details, fmt.Sprintf("%s violated in scenario %s, and saving the counterexample failed: %v", v.Property, sr.Name, err))
			continue
		}
		details = append(details, fmt.Sprintf("%s (%s) violated in scenario %s after %d steps (%s):\n%s\nCounterexample saved to %s; the test replays it first the next time it runs (delete it once it no longer applies).\nReplay it alone: %s",
			v.Property, v.Kind, sr.Name, v.Path.Len(), res.Strategy, diagram, path, rerun(test, path)))
	}
	finished := res.Stopped == explore.StopComplete || res.Stopped == explore.StopMaxStates
	if finished || (res.Stopped == explore.StopViolation && all) {
		for i := range sr.Checks {
			if c := &sr.Checks[i]; c.Status == NotChecked {
				c.Status = Passed
			}
		}
	}
	if !finished && res.Stopped != explore.StopViolation {
		details = append(details, fmt.Sprintf("scenario %s: the search stopped before it finished (%s): give the test a longer -timeout", sr.Name, res.Stopped))
	}
	return details
}

// replaySaved replays the counterexamples saved in dir on sys and marks the checks whose
// property they still violate as failed. It reports whether one did.
func replaySaved(sys *actor.System, dir string, sr *ScenarioReport) (bool, []string) {
	traces, paths, err := counterexamples.LoadDir(dir)
	if err != nil {
		return false, []string{fmt.Sprintf("scenario %s: loading saved counterexamples: %v", sr.Name, err)}
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
		c := sr.check(tr.Property)
		c.Status, c.Counterexample, c.Reason, c.Steps = Failed, paths[i], r.Detail, len(tr.Steps)
		details = append(details, fmt.Sprintf("saved counterexample %s still fails: %s\n%s", paths[i], r.Detail, render(sys, r)))
	}
	return reproduced, details
}

// save writes v's trace under dir and renders it.
func save(sys *actor.System, res *explore.Result[*actor.State], v explore.Violation[*actor.State], dir string) (path, diagram string, err error) {
	tr, err := counterexamples.New(sys, res, v)
	if err != nil {
		return "", "", fmt.Errorf("recording the trace: %w", err)
	}
	if path, err = counterexamples.Save(dir, tr); err != nil {
		return "", "", fmt.Errorf("saving the trace: %w", err)
	}
	r, err := counterexamples.Replay(sys, tr)
	if err != nil {
		return path, "", fmt.Errorf("the saved counterexample %s does not replay: %w", path, err)
	}
	var b bytes.Buffer
	if err := counterexamples.Render(&b, sys, r); err != nil {
		return path, b.String(), fmt.Errorf("rendering the counterexample %s: %w", path, err)
	}
	return path, b.String(), nil
}

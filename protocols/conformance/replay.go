package conformance

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
)

// replayFile returns the counterexample file that go test was asked to replay instead of
// searching — with distcheck's flag -distcheck.replay, or its environment variable
// DISTCHECK_REPLAY — if any.
func replayFile() string {
	if f := flag.Lookup("distcheck.replay"); f != nil && f.Value.String() != "" {
		return f.Value.String()
	}
	return os.Getenv(distcheck.ReplayEnv)
}

// replayOne replays the counterexample saved at file instead of searching, in the first
// scenario to run that it is of — whose system has the protocol and parameters it records,
// and lets its steps be taken — and reports that scenario with one check: the trace's
// property, failed if the counterexample still fails, passed if it no longer does. It logs
// the counterexample's diagram, and returns it, for a failure, as the failure's description.
// It is an error if the file cannot be read or is of none of the scenarios.
func (s Suite) replayOne(t testing.TB, rep *Report, file string, o *options) ([]string, error) {
	t.Helper()
	tr, err := counterexamples.Load(file)
	if err != nil {
		return nil, err
	}
	var diverged error // in the first scenario of the trace's protocol and parameters
	for _, sc := range s.Scenarios {
		if !o.runs(sc) {
			continue
		}
		sys, err := s.build(sc, nil)
		if err != nil {
			continue
		}
		r, err := counterexamples.Replay(sys, tr)
		var mis *counterexamples.MismatchError
		var div *counterexamples.DivergedError
		switch {
		case errors.As(err, &mis) && (mis.Field == "protocol" || mis.Field == "params"):
			continue
		case errors.As(err, &div):
			diverged = cmp.Or(diverged, err)
			continue
		}
		sr := ScenarioReport{Name: sc.Name, Doc: sc.Doc, Search: "replayed " + file + " only; no search"}
		c := sr.check(tr.Property)
		c.Kind, c.Counterexample, c.Steps = tr.Kind, file, len(tr.Steps)
		var details []string
		switch {
		case err != nil:
			sr.Error = fmt.Sprintf("replaying %s: %v", file, err)
			details = append(details, fmt.Sprintf("scenario %s: %s", sc.Name, sr.Error))
		case r.Reproduced:
			c.Status, c.Reason = Failed, r.Detail
			details = append(details, fmt.Sprintf("%s still fails in scenario %s: %s\n%s", file, sc.Name, r.Detail, render(sys, r)))
		default:
			c.Status = Passed
			t.Logf("%s: replayed %s in scenario %s: %s\n%s", s.name(), file, sc.Name, r.Detail, render(sys, r))
		}
		rep.Scenarios = append(rep.Scenarios, sr)
		return details, nil
	}
	if diverged != nil {
		return nil, fmt.Errorf("%s does not replay in any of the scenarios to run: %w", file, diverged)
	}
	return nil, fmt.Errorf("%s is a counterexample of none of the scenarios to run (it records protocol %q with %v)", file, tr.Protocol, tr.Params)
}

// render draws the replayed counterexample r as a sequence diagram, or says why it cannot.
func render(sys *actor.System, r *counterexamples.Replayed[*actor.State]) string {
	var b bytes.Buffer
	if err := counterexamples.Render(&b, sys, r); err != nil {
		b.WriteString(err.Error())
	}
	return b.String()
}

// rerun says how to replay the counterexample at path alone: the go test command that runs
// only the test named test, with -distcheck.replay.
func rerun(test, path string) string {
	parts := strings.Split(test, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return fmt.Sprintf("go test -run '%s' -distcheck.replay=%s", strings.Join(parts, "/"), path)
}

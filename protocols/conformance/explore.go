package conformance

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/internal/testrun"
)

// explore serves the interactive explorer (-distcheck.explore) instead of checking: on the
// system of the scenario that the counterexample named by -distcheck.replay is of, at its end;
// without that flag, at the first saved counterexample of the test that replays in a scenario
// to run, or else at the initial state of the first scenario to run. Traces saved from the
// page go to that scenario's directory of counterexamples, where the next run replays them.
func (s Suite) explore(t testing.TB, o *options) error {
	t.Helper()
	file := replayFile()
	var from *counterexamples.Trace
	if file != "" {
		tr, err := counterexamples.Load(file)
		if err != nil {
			return err
		}
		from = tr
	}
	var first *actor.System
	firstDir := ""
	for _, sc := range s.Scenarios {
		if !o.runs(sc) {
			continue
		}
		sys, err := s.build(sc, nil)
		if err != nil {
			return fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		dir := filepath.Join(o.dir, testrun.Dir(t.Name()), sc.Name)
		if first == nil {
			first, firstDir = sys, dir
		}
		candidates := []*counterexamples.Trace{from}
		if from == nil {
			traces, _, err := counterexamples.LoadDir(dir)
			if err != nil {
				return err
			}
			candidates = traces
		}
		for _, tr := range candidates {
			if _, err := counterexamples.Replay(sys, tr); err == nil {
				distcheck.Explore(t, sys, dir, tr)
				return nil
			}
		}
	}
	switch {
	case file != "":
		return fmt.Errorf("%s replays in none of the scenarios to run", file)
	case first == nil:
		return fmt.Errorf("no scenario to run")
	}
	distcheck.Explore(t, first, firstDir, nil)
	return nil
}

// exploreRequested reports whether go test was run with -distcheck.explore.
func exploreRequested() bool { return distcheck.ExploreRequested() }

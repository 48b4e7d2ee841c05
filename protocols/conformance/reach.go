package conformance

import (
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
)

// reach records how far the search of sc went — exhaustive, bounded by a number of steps or
// states, or sampled by random walks under some seeds — and what sc cannot exercise.
func (sr *ScenarioReport) reach(sc Scenario, res *explore.Result[*actor.State]) {
	sr.Limits, sr.Vacuous = sc.Limits, sc.Vacuous
	if res.Options.MaxDepth > 0 {
		sr.Depth = res.Options.MaxDepth - 1
	}
	var what string
	switch {
	case res.Exhaustive:
		what = "exhaustive"
	case res.Strategy.Sampled():
		seeds := make([]string, len(sr.Seeds))
		for i, s := range sr.Seeds {
			seeds[i] = fmt.Sprint(s)
		}
		under := "seed " + strings.Join(seeds, "")
		if len(seeds) > 1 {
			under = fmt.Sprintf("%d seeds (%s)", len(seeds), strings.Join(seeds, ", "))
		}
		what = fmt.Sprintf("sampled, not exhaustive: %s walks of ≤ %d steps under %s", testrun.Thousands(sr.Walks), sr.Depth, under)
	case res.Stopped == explore.StopViolation:
		what = "not exhaustive: stopped at a violation"
	case res.Stopped == explore.StopMaxStates:
		what = fmt.Sprintf("not exhaustive: stopped at its state budget at depth %d", res.MaxDepth)
	case sr.Depth > 0:
		what = fmt.Sprintf("not exhaustive: every behaviour of ≤ %d steps", sr.Depth)
	default:
		what = "not exhaustive: " + string(res.Stopped)
	}
	if len(sc.Limits) > 0 {
		what += "; cannot exercise: " + strings.Join(sc.Limits, "; ")
	}
	sr.Reach = what
}

// seedSearch describes the random walks of every seed, ending with the last one's result.
func (sr *ScenarioReport) seedSearch(last *explore.Result[*actor.State]) string {
	s := fmt.Sprintf("%s: %s walks of ≤ %d steps under %d seeds, %s states", last.Strategy, testrun.Thousands(sr.Walks),
		last.Options.MaxDepth-1, len(sr.Seeds), testrun.Thousands(sr.Distinct))
	if last.Stopped == explore.StopViolation {
		s += fmt.Sprintf(", stopped at a violation (seed %d)", sr.Seeds[len(sr.Seeds)-1])
	}
	return s + fmt.Sprintf(", %.2fs", sr.Seconds)
}

package failuredetector_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/failuredetector"
)

// The perfect detector is accurate when a timeout outlasts every message delay, and not when a
// timer may fire at any step.
func Example() {
	for _, bug := range []bugs.Bug{bugs.None, failuredetector.BugAsynchronous} {
		sys, err := failuredetector.New(failuredetector.Config{Nodes: 2, Bug: bug})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		timers := map[actor.TimerPolicy]string{actor.TimersWhenQuiet: "when quiet", actor.TimersAnytime: "anytime"}[sys.Timers]
		fmt.Printf("timers %s: %d states,", timers, res.Distinct)
		for _, v := range res.Violations {
			fmt.Printf(" %s fails, monitor %s", v.Property, sys.ActorState(v.Path.Last(), 0))
		}
		fmt.Println()
	}
	// Output:
	// timers when quiet: 6 states,
	// timers anytime: 7 states, StrongAccuracy fails, monitor suspects {n1} timers=[failuredetector.Timeout{}]
}

package routing_test

import (
	"context"
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/routing"
)

// Three routers in a line; the link n1–n2 fails at 10 s. Without split horizon n0 and n1
// count to infinity through each other, and SimpleRoutes fails.
func Example() {
	line, _ := sim.ParseTopology("edges:0-1,1-2")
	for _, bug := range []bugs.Bug{bugs.None, routing.BugNoSplitHorizon} {
		e := routing.Experiment{Config: routing.Config{Bug: bug}, Nodes: 3, Topology: line, Latency: sim.Const(50 * time.Millisecond),
			Failures: []sim.LinkFailure{{A: 1, B: 2, Start: 10 * time.Second}}, Duration: 30 * time.Second, Seed: 1, Judge: true}
		st, res, err := e.Run(context.Background())
		if err != nil {
			panic(err)
		}
		if res.Violation != nil {
			fmt.Printf("%q: %s violated at %v\n", bug, res.Violation.Property, res.Violation.At.Round(time.Millisecond))
			continue
		}
		fmt.Printf("%q: %d of %d routes right, converged %v after the failure\n", bug, st.Correct, st.Routes, st.Convergence.Round(time.Millisecond))
	}
	// Output:
	// "": 9 of 9 routes right, converged 2.1s after the failure
	// "no-split-horizon": SimpleRoutes violated at 12.05s
}

package bully_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/bully"
)

// In a synchronous system the bully algorithm elects one coordinator; where a timeout may come
// before a reply, a lower node announces itself beside the highest.
func Example() {
	for _, bug := range []bugs.Bug{bugs.None, bully.BugAsynchronous} {
		sys, err := bully.New(bully.Config{Nodes: 3, Bug: bug})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("bug %q: %d violations\n", bug, len(res.Violations))
		for _, v := range res.Violations {
			fmt.Println(" ", v.Property, "fails:")
			for _, st := range v.Path.Steps {
				fmt.Println("   ", counterexamples.Record(st.Action, sys.ActorNames()))
			}
			fmt.Println("  coordinators:", bully.Coordinators(v.Path.Last()))
		}
	}
	// Output:
	// bug "": 0 violations
	// bug "asynchronous": 1 violations
	//   AtMostOneCoordinator fails:
	//     timeout n0 "answer"
	//   coordinators: [0 2]
}

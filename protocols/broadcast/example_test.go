package broadcast_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/broadcast"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Best-effort broadcast that sends each copy once loses the message when the network loses
// one copy; over retransmitting links it does not.
func Example() {
	for _, bug := range []bugs.Bug{broadcast.BugNoRetransmit, bugs.None} {
		sys, err := broadcast.New(broadcast.Config{Nodes: 3, Faults: actor.Faults{Drops: 1}, Bug: bug})
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
		}
	}
	// Output:
	// bug "no-retransmit": 1 violations
	//   AllDeliver fails:
	//     deliver n0→n1 broadcast.Data{}
	//     drop n0→n2 broadcast.Data{}
	// bug "": 0 violations
}

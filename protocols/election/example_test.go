package election_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/election"
)

// An election by timing elects two leaders when a partition hides the highest node; the
// majority vote does not.
func Example() {
	for _, bug := range []bugs.Bug{election.BugNoQuorum, bugs.None} {
		sys, err := election.New(election.Config{Nodes: 3, Faults: actor.Faults{Partitions: 1}, Bug: bug})
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
			fmt.Println("  leaders:", election.Leaders(v.Path.Last()))
		}
	}
	// Output:
	// bug "no-quorum": 1 violations
	//   AtMostOneLeader fails:
	//     deliver n1→n0 election.Alive{}
	//     deliver n0→n1 election.Alive{}
	//     partition actor.Partition{Group:[2], OneWay:false}
	//     timeout n1 "alive"
	//     timeout n2 "alive"
	//   leaders: [1 2]
	// bug "": 0 violations
}

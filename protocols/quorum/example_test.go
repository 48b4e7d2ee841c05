package quorum_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/quorum"
)

// A coordinator that waits for every node waits forever for one that crashed.
func Example() {
	sys, err := quorum.New(quorum.Config{Nodes: 3, Faults: actor.Faults{Crashes: 1}, Bug: quorum.BugWaitForAll})
	if err != nil {
		panic(err)
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	for _, v := range res.Violations {
		fmt.Println(v.Property, "fails:")
		for _, st := range v.Path.Steps {
			fmt.Println(" ", counterexamples.Record(st.Action, sys.ActorNames()))
		}
		fmt.Println(sys.ActorState(v.Path.Last(), 0))
	}
	// Output:
	// Completes fails:
	//   deliver n0→n1 quorum.Write{}
	//   deliver n1→n0 quorum.Ack{}
	//   crash n2
	// waiting, acked: n0 n1
}

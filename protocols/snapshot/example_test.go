package snapshot_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/snapshot"
)

// Without channel states, a transfer in flight across the cut is missing from the snapshot.
func Example() {
	sys, err := snapshot.New(snapshot.Config{Nodes: 2, Transfers: 1, Bug: snapshot.BugNoChannelState})
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
			fmt.Println("  ", counterexamples.Record(st.Action, sys.ActorNames()))
		}
		for i := range sys.Nodes {
			fmt.Printf("   n%d: %s\n", i, sys.ActorState(v.Path.Last(), i))
		}
	}
	// Output:
	// Conserves fails:
	//    timeout n0 "snapshot"
	//    timeout n1 "transfer" choices=[0]
	//    deliver n0→n1 snapshot.Marker{}
	//    deliver n1→n0 snapshot.Transfer{}
	//    deliver n1→n0 snapshot.Marker{}
	//    n0: balance 3, recorded 2, channels [0 0] timers=["transfer"]
	//    n1: balance 1, recorded 1, channels [0 0]
}

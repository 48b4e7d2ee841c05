package causal_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/multicast/causal"
)

// Checking only the sender's entry of the stamp lets a reply overtake the message it answers.
func Example() {
	sys, err := causal.New(causal.Config{Nodes: 3, Messages: 1, Bug: causal.BugSenderEntryOnly})
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
	// CausalOrder fails:
	//    timeout n0 "broadcast"
	//    deliver n0→n1 causal.Data{ID:multicast.ID{Sender:0, Seq:0}, W:[0 0 0]}
	//    timeout n1 "broadcast"
	//    deliver n1→n2 causal.Data{ID:multicast.ID{Sender:1, Seq:0}, W:[1 0 0]}
	//    n0: V=[1 0 0] delivered [n0:0]
	//    n1: V=[1 1 0] delivered [n0:0 n1:0]
	//    n2: V=[0 1 0] delivered [n1:0] timers=["broadcast"]
}

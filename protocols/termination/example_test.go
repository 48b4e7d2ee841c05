package termination_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/termination"
)

// Acknowledging the Work that woke it at once, a node lets the root announce termination while
// it still works.
func Example() {
	sys, err := termination.New(termination.Config{Nodes: 2, Sends: 1, Bug: termination.BugAckAtOnce})
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
	// NoFalseDetection fails:
	//    timeout n0 "work" choices=[0]
	//    deliver n0→n1 termination.Work{}
	//    deliver n1→n0 termination.Ack{}
	//    timeout n0 "passive"
	//    n0: passive, deficit 0, ANNOUNCED
	//    n1: active, deficit 0 timers=["passive" "work"]
}

package causalmem_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/causalmem"
)

// Applying updates as they arrive, a reader sees y's update before x's: it reads y new, x old.
func Example() {
	sys, err := causalmem.New(causalmem.Config{Writers: 1, Readers: 1, Bug: causalmem.BugNoCausalDelivery})
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
	// CausallyConsistent fails:
	//    timeout n0 "op"
	//    timeout n0 "op"
	//    deliver n0→n1 causalmem.Update{From:0, Key:"y", Value:"1", VC:[2 0]}
	//    timeout n1 "op"
	//    timeout n1 "op"
	//    n0: x="1" y="1" vc [2 0], 0 held
	//    n1: x="" y="1" vc [2 0], 0 held
}

package ricartagrawala_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/ricartagrawala"
)

// Without node IDs to break ties, two requests stamped alike defer to each other.
func Example() {
	sys, err := ricartagrawala.New(ricartagrawala.Config{Nodes: 2, Entries: 1, Bug: ricartagrawala.BugNoTiebreak})
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
	// EveryoneEnters fails:
	//    timeout n0 "want"
	//    timeout n1 "want"
	//    deliver n1→n0 ricartagrawala.Request{TS:1}
	//    deliver n0→n1 ricartagrawala.Request{TS:1}
	//    n0: wanted clock 2 (asked at 1), defers n1, entered 0
	//    n1: wanted clock 2 (asked at 1), defers n0, entered 0
}

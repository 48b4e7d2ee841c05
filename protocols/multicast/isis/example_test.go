package isis_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/multicast/isis"
)

// Without a tiebreak, two messages agreed at the same number are delivered in arrival order.
func Example() {
	sys, err := isis.New(isis.Config{Nodes: 2, Messages: 1, Bug: isis.BugNoTiebreak})
	if err != nil {
		panic(err)
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	for _, v := range res.Violations {
		fmt.Printf("%s fails after %d steps:\n", v.Property, len(v.Path.Steps))
		for i := range sys.Nodes {
			fmt.Printf("  n%d: %s\n", i, sys.ActorState(v.Path.Last(), i))
		}
	}
	// Output:
	// TotalOrder fails after 8 steps:
	//   n0: clock 2 delivered [n0:0 n1:0]
	//   n1: clock 2 delivered [n1:0 n0:0]
}

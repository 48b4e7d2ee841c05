package reliable_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/multicast/reliable"
)

// Delivering on receipt is not uniform: the sender delivers its message and crashes before any copy leaves.
func Example() {
	sys, err := reliable.New(reliable.Config{Nodes: 3, Messages: 1, Uniform: true, Faults: actor.Faults{Crashes: 1}, Bug: reliable.BugDeliverOnReceipt})
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
	// UniformAgreement fails after 2 steps:
	//   n0: (down) delivered [n0:0], 2 copies to send
	//   n1: delivered []
	//   n2: delivered []
}

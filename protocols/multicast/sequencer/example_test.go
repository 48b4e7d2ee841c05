package sequencer_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/multicast/sequencer"
)

// Numbering by sender is FIFO order: two processes deliver two senders' messages in opposite orders.
func Example() {
	sys, err := sequencer.New(sequencer.Config{Nodes: 3, Messages: 1, Bug: sequencer.BugSenderNumbers})
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
	// TotalOrder fails after 4 steps:
	//   n0: delivered [n0:0 n1:0]
	//   n1: delivered [n1:0 n0:0]
	//   n2: delivered [] timers=["broadcast"]
}

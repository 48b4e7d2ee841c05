package lamportmutex_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/lamportmutex"
)

// Entering when its own request heads its queue, before any other node has answered, a node
// cannot know of an earlier request still on its way.
func Example() {
	sys, err := lamportmutex.New(lamportmutex.Config{Nodes: 2, Entries: 1, Bug: lamportmutex.BugNoAcks})
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
	// MutualExclusion fails:
	//    timeout n0 "want"
	//    timeout n1 "want"
	//    n0: HELD clock 1, queue n0@1, entered 1 timers=["exit"]
	//    n1: HELD clock 1, queue n1@1, entered 1 timers=["exit"]
}

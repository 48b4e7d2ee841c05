package links_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/links"
)

// A perfect link that forgets to eliminate duplicates hands the node the stubborn link's
// retransmission as a second delivery.
func Example() {
	sys, err := links.New(links.Config{Nodes: 2, Messages: 1, Bug: links.BugNoDedup})
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
		fmt.Println("   n1:", sys.ActorState(v.Path.Last(), 1))
	}
	// Output:
	// NoDuplication fails:
	//    deliver n0→n1 links.Numbered{Seq:0, Msg:links.Data{N:1}}
	//    timeout n0 links.Tick{}
	//    deliver n0→n1 links.Numbered{Seq:0, Msg:links.Data{N:1}}
	//    n1: sent 0, delivered [{N:1} from n0 ×2]
}

package tokenring_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/tokenring"
)

// Resending a token whose acknowledgement is only late puts a second token on the ring.
func Example() {
	sys, err := tokenring.New(tokenring.Config{Nodes: 2, Entries: 1, Bug: tokenring.BugRetransmit})
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
	//    deliver n0→n1 tokenring.Token{}
	//    timeout n0 "resend"
	//    timeout n0 "want"
	//    deliver n1→n0 tokenring.Token{}
	//    timeout n1 "want"
	//    deliver n0→n1 tokenring.Token{}
	//    n0: HELD, token, entered 1 timers=["exit" "resend"]
	//    n1: HELD, token, entered 1 timers=["exit" "resend"]
}

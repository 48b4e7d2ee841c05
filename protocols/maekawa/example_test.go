package maekawa_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/maekawa"
)

// Without Failed, Inquire and Relinquish, every node votes for itself and waits for a vote that
// the next holds.
func Example() {
	sys, err := maekawa.New(maekawa.Config{Nodes: 3, Entries: 1, Bug: maekawa.BugNoInquire})
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
	//    deliver n0→n0 maekawa.Request{TS:1}
	//    deliver n0→n0 maekawa.Locked{TS:1}
	//    timeout n1 "want"
	//    deliver n1→n1 maekawa.Request{TS:1}
	//    deliver n0→n1 maekawa.Request{TS:1}
	//    deliver n1→n1 maekawa.Locked{TS:1}
	//    timeout n2 "want"
	//    deliver n2→n0 maekawa.Request{TS:1}
	//    deliver n2→n2 maekawa.Request{TS:1}
	//    deliver n1→n2 maekawa.Request{TS:1}
	//    deliver n2→n2 maekawa.Locked{TS:1}
	//    n0: wanted clock 3 (asked at 1, votes n0), votes for n0@1, queues n2@1, entered 0
	//    n1: wanted clock 3 (asked at 1, votes n1), votes for n1@1, queues n0@1, entered 0
	//    n2: wanted clock 3 (asked at 1, votes n2), votes for n2@1, queues n1@1, entered 0
}

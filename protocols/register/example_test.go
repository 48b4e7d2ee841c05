package register_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/register"
)

// A corrupt replica fools a client that trusts the first reply, and not one that waits for f+1
// equal replies.
func Example() {
	adv := adversary.Config{Byzantine: 1, Behavior: actor.Corrupt}
	for _, bug := range []bugs.Bug{bugs.None, register.BugTrustFirstReply} {
		sys, err := register.New(register.Config{Replicas: 3, F: 1, Adversary: adv, Bug: bug})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%q:", bug)
		for _, v := range res.Violations {
			c := actor.NodeAs[*register.Reader](v.Path.Last(), register.Client)
			fmt.Printf(" %s violated: the read returned %d", v.Property, c.Result)
		}
		if len(res.Violations) == 0 {
			fmt.Print(" every read returns a written value")
		}
		fmt.Println()
	}
	// Output:
	// "": every read returns a written value
	// "trust-first-reply": ReadsReturnWrittenValues violated: the read returned 7
}

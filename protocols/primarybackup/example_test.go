package primarybackup_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/primarybackup"
)

// A primary that replies before its backup has the operation loses an acknowledged put when it
// crashes.
func Example() {
	sys, err := primarybackup.New(primarybackup.Config{Clients: 1, Ops: 2, Faults: actor.Faults{Crashes: 1}, Bug: primarybackup.BugEarlyReply})
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
			fmt.Println(" ", counterexamples.Record(st.Action, sys.ActorNames()))
		}
	}
	// Output:
	// Linearizable fails:
	//   deliver c0→primary checks.Request{Seq:0, Op:checks.Input{Kind:"put", Key:"x", Value:"A", Old:""}}
	//   deliver primary→c0 checks.Reply{Seq:0, Result:checks.Result{Value:"", OK:false}}
	//   crash primary
	//   timeout c0 "retry"
	//   deliver c0→backup checks.Request{Seq:1, Op:checks.Input{Kind:"get", Key:"x", Value:"", Old:""}}
	//   deliver backup→c0 checks.Reply{Seq:1, Result:checks.Result{Value:"", OK:false}}
}

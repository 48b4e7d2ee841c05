package counter_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/counter"
)

// A server that counts every copy counts a duplicated increment twice.
func Example() {
	sys, err := counter.New(counter.Config{Clients: 1, Increments: 1, Faults: actor.Faults{Duplicates: 1}, Bug: counter.BugNoDedup})
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
		fmt.Println(sys.ActorState(v.Path.Last(), 0))
	}
	// Output:
	// NoDoubleCount fails:
	//   duplicate c1→server retransmit.Stubborn{Seq:0, Msg:counter.Increment{}}
	//   deliver c1→server retransmit.Stubborn{Seq:0, Msg:counter.Increment{}}
	//   deliver c1→server retransmit.Stubborn{Seq:0, Msg:counter.Increment{}}
	// count=2
}

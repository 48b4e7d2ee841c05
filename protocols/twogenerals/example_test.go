package twogenerals_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/twogenerals"
)

// Two acknowledgements are no better than none: losing the last message splits the army.
func Example() {
	sys, err := twogenerals.New(twogenerals.Config{Rounds: 2, Faults: actor.Faults{Drops: 1}})
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
		for i, name := range sys.ActorNames() {
			fmt.Printf("   %s: %s\n", name, sys.ActorState(v.Path.Last(), i))
		}
	}
	// Output:
	// Agreement fails:
	//    deliver A→B twogenerals.Messenger{N:1, Attack:true}
	//    deliver B→A twogenerals.Messenger{N:2, Attack:true}
	//    drop A→B twogenerals.Messenger{N:3, Attack:true}
	//    timeout A twogenerals.Dawn{}
	//    timeout B twogenerals.Dawn{}
	//    A: order attack, got message 2 of 2, decided attack
	//    B: order attack, got message 1 of 3, decided retreat
}

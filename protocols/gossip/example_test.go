package gossip_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/gossip"
)

// One forged item gets past nodes that do not check signatures, and no further than the first
// hop when they do.
func Example() {
	adv := adversary.Config{Byzantine: 1, Behavior: actor.Follow, Sends: 1}
	for _, bug := range []bugs.Bug{bugs.None, gossip.BugNoValidation} {
		sys, err := gossip.New(gossip.Config{Nodes: 4, Adversary: adv, Bug: bug})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%q:", bug)
		for _, v := range res.Violations {
			fmt.Printf(" %s violated: %v", v.Property, v.Path.Steps[0].Action.Name)
		}
		if len(res.Violations) == 0 {
			fmt.Printf(" holds in %d states", res.Distinct)
		}
		fmt.Println()
	}
	// Output:
	// "": holds in 4960 states
	// "no-validation": NoBogusData violated: forge
}

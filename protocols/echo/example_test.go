package echo_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/echo"
)

// Four nodes tolerate an equivocating sender; three do not.
func Example() {
	for _, n := range []int{4, 3} {
		sys, err := echo.New(echo.Config{Nodes: n, F: 1, Adversary: adversary.Config{Byzantine: 1, Behavior: actor.Equivocate}})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("n=%d: %d violations", n, len(res.Violations))
		for _, v := range res.Violations {
			fmt.Printf(", %s after %d steps", v.Property, v.Path.Len())
		}
		fmt.Println()
	}
	// Output:
	// n=4: 0 violations
	// n=3: 1 violations, Agreement after 2 steps
}

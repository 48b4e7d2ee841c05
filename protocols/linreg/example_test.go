package linreg_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/linreg"
)

// One copy of the register is linearizable in all 93 states; two copies are not.
func Example() {
	for _, bug := range []bugs.Bug{bugs.None, linreg.BugTwoCopies} {
		sys, err := linreg.New(linreg.Config{Clients: 2, Ops: 2, Bug: bug})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("bug %q: %d states explored, %d violations\n", bug, res.Distinct, len(res.Violations))
		for _, v := range res.Violations {
			h, _ := checks.FromState(v.Path.Last())
			fmt.Print(h)
		}
	}
	// Output:
	// bug "": 93 states explored, 0 violations
	// bug "two-copies": 18 states explored, 1 violations
	// node 2 [0, 2] write(A)
	// node 3 [1, ∞] write(B) (pending)
	// node 2 [3, 4] read() → ""
}

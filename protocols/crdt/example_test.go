package crdt_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/crdt"
)

// Last-writer-wins converges; without the tie-break on replica IDs, two writes with the same
// clock split the replicas.
func Example() {
	for _, bug := range []bugs.Bug{bugs.None, crdt.BugNoTiebreak} {
		sys, err := crdt.New(crdt.Config{Replicas: 2, Clients: 2, Ops: 1, Bug: bug})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("bug %q: %d violations", bug, len(res.Violations))
		for _, v := range res.Violations {
			fmt.Printf(": %s fails, the replicas hold %v", v.Property, crdt.Values(v.Path.Last()))
		}
		fmt.Println()
	}
	// Output:
	// bug "": 0 violations
	// bug "no-tiebreak": 1 violations: Converges fails, the replicas hold [A B]
}

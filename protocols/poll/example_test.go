package poll_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/poll"
)

// Two Sybil identities decide a poll whose tally counts every identity, and none whose tally
// counts its members.
func Example() {
	for _, bug := range []bugs.Bug{bugs.None, poll.BugUnboundedIdentities} {
		sys, err := poll.New(poll.Config{Voters: 3, Adversary: adversary.Config{Sybils: 2, Sends: 2}, Bug: bug})
		if err != nil {
			panic(err)
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%q: %d violations\n", bug, len(res.Violations))
	}
	// Output:
	// "": 0 violations
	// "unbounded-identities": 1 violations
}

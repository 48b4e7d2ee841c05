package bugs_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/bugs"
)

// A protocol package declares its variants as constants and lists them in its Catalog, which
// checks the bug a configuration names.
func Example() {
	const BugEarlyCommit bugs.Bug = "early-commit"
	catalog := bugs.Catalog{Protocol: "twophase", Variants: []bugs.Variant{
		{Bug: BugEarlyCommit, Summary: "the TM commits when only some RMs have prepared"},
	}}
	fmt.Println(catalog.Check(BugEarlyCommit), catalog.Check(bugs.None))
	fmt.Println(catalog.Check("late-abort"))
	// Output:
	// <nil> <nil>
	// twophase: unknown bug "late-abort" (known: early-commit)
}

package distcheck_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// A Runner explores a model picked at run time and reports each violation with its trace and
// diagram, ready to save.
func ExampleNewRunner() {
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	if err != nil {
		panic(err)
	}
	r := distcheck.NewRunner(m)
	rep, err := r.Explore(context.Background(), explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	for _, f := range rep.Findings {
		fmt.Printf("%s (%s) violated after %d steps\n", f.Property, f.Kind, f.Steps)
		for _, st := range f.Trace.Steps {
			fmt.Println(" ", st)
		}
	}
	// Output:
	// TCConsistent (always) violated after 5 steps
	//   RMPrepare(1)
	//   TMRcvPrepared(1)
	//   TMCommit
	//   RMRcvCommitMsg(1)
	//   RMChooseToAbort(2)
}

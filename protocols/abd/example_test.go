package abd_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/abd"
)

// Without the write-back, a reader that starts after another has read the new value can read the
// old one.
func Example() {
	sys, err := abd.New(abd.Config{Servers: 3, Clients: 3, Writers: 1, Bug: abd.BugNoWriteBack})
	if err != nil {
		panic(err)
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	for _, v := range res.Violations {
		fmt.Printf("%s fails after %d steps:\n", v.Property, v.Path.Len())
		h, _ := checks.FromState(v.Path.Last())
		fmt.Print(h)
	}
	// Output:
	// Linearizable fails after 12 steps:
	// node 3 [0, ∞] write(A) (pending)
	// node 4 [1, 2] read() → A
	// node 5 [3, 4] read() → ""
}

package checks_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// A write that is still in progress may be seen by one read and not by a later one — unless
// that read came after the first in real time.
func Example() {
	write := checks.Operation{Client: 0, Input: checks.Write("A"), Call: 0, Return: 100}
	sawA := checks.Operation{Client: 1, Input: checks.Read(), Output: checks.Result{Value: "A"}, Call: 10, Return: 20}
	for _, later := range []int64{15, 30} {
		sawNothing := checks.Operation{Client: 2, Input: checks.Read(), Output: checks.Result{}, Call: later, Return: later + 10}
		h, err := checks.NewHistory([]checks.Operation{write, sawA, sawNothing})
		if err != nil {
			panic(err)
		}
		lin, _ := checks.IsLinearizable(checks.RegisterModel(), h)
		seq, _ := checks.IsSequentiallyConsistent(checks.RegisterModel(), h)
		fmt.Printf("second read invoked at %d: linearizable %t, sequentially consistent %t\n", later, lin, seq)
	}

	// A return before its invocation is an error, not a verdict.
	_, err := checks.NewHistory([]checks.Operation{{Client: 0, Input: checks.Read(), Call: 5, Return: 3}})
	fmt.Println(err)
	// Output:
	// second read invoked at 15: linearizable true, sequentially consistent true
	// second read invoked at 30: linearizable false, sequentially consistent true
	// history: operation 0 (client 0, read()): returns at 3, before it is invoked at 5
}

// Clients record their operations in the explored state, and Linearizable judges the history of
// every interleaving: one copy of a register passes, two copies that do not coordinate fail.
func ExampleLinearizable() {
	for _, servers := range []int{1, 2} {
		sys := &actor.System{}
		var ids []model.NodeID
		for i := range servers {
			sys.Nodes = append(sys.Nodes, &register{})
			ids = append(ids, model.NodeID(i))
		}
		for _, v := range []string{"A", "B"} {
			c, err := checks.NewClient(checks.Script(checks.Write(v), checks.Read()), ids...)
			if err != nil {
				panic(err)
			}
			sys.Nodes = append(sys.Nodes, c)
		}
		sys.Props = []model.Property[*actor.State]{checks.Linearizable("Linearizable", checks.RegisterModel())}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d server(s): %d states, %d violation(s)\n", servers, res.Distinct, len(res.Violations))
		for _, v := range res.Violations {
			h, _ := checks.FromState(v.Path.Last())
			fmt.Print(h)
		}
	}
	// Output:
	// 1 server(s): 93 states, 0 violation(s)
	// 2 server(s): 18 states, 1 violation(s)
	// node 2 [0, 2] write(A)
	// node 3 [1, ∞] write(B) (pending)
	// node 2 [3, 4] read() → ""
}

package checks_test

import (
	"fmt"

	"github.com/distcheck/distcheck/checks"
)

// Two clients each write the register and then read the other's value: no single order of the
// four operations explains that, but each client may see the concurrent writes in its own order.
func ExampleIsCausallyConsistent() {
	h, err := checks.NewHistory([]checks.Operation{
		{Client: 0, Input: checks.Write("1"), Output: checks.Result{}, Call: 0, Return: 1},
		{Client: 0, Input: checks.Read(), Output: checks.Result{Value: "2"}, Call: 4, Return: 5},
		{Client: 1, Input: checks.Write("2"), Output: checks.Result{}, Call: 2, Return: 3},
		{Client: 1, Input: checks.Read(), Output: checks.Result{Value: "1"}, Call: 6, Return: 7},
	})
	if err != nil {
		panic(err)
	}
	seq, _ := checks.IsSequentiallyConsistent(checks.RegisterModel(), h)
	causal, _ := checks.IsCausallyConsistent(h)
	fmt.Println("sequentially consistent:", seq)
	fmt.Println("causally consistent:", causal)
	// Output:
	// sequentially consistent: false
	// causally consistent: true
}

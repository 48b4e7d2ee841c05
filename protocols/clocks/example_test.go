package clocks_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/clocks"
)

// Node 0 does a local event and sends to node 1, which has done one local event of its own:
// the receipt comes after both, and node 1's earlier event is concurrent with node 0's.
func Example() {
	var l0, l1 clocks.Lamport
	v0, v1 := clocks.NewVector(2), clocks.NewVector(2)
	l0.Tick()
	a := v0.Tick(0)
	stamp, vstamp := l0.Send(), v0.Send(0)
	l1.Tick()
	b := v1.Tick(1)
	fmt.Println("receipt:", l1.Receive(stamp), v1.Receive(1, vstamp))
	fmt.Println("a || b:", clocks.Concurrent(a, b), "a → receipt:", clocks.Less(a, v1))
	// Output:
	// receipt: 3 [2 2]
	// a || b: true a → receipt: true
}

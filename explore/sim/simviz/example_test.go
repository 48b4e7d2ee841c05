package simviz_test

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/explore/sim/simviz"
)

// StatusAt gives each peer's status at a time: here n0 leads from 2 s, n1 is down from 4 s
// to 6 s, and from 7 s a partition puts n0 on side 0 and n1, n2 on side 1.
func ExampleStatusAt() {
	res := scripted()
	for _, at := range []time.Duration{time.Second, 5 * time.Second, 7 * time.Second} {
		fmt.Print(at, ":")
		for _, s := range simviz.StatusAt(res, at) {
			side := ""
			if s.Side >= 0 {
				side = fmt.Sprintf("/side %d", s.Side)
			}
			fmt.Printf(" %s %s%s", s.Name, s.Kind(), side)
		}
		fmt.Println()
	}
	// Output:
	// 1s: n0 candidate n1 follower n2 follower n3 client
	// 5s: n0 leader n1 down n2 follower n3 client
	// 7s: n0 leader/side 0 n1 follower/side 1 n2 candidate/side 1 n3 client
}

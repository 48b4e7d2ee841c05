package explore_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// Exploring TwoPhase with 3 resource managers breadth first finds TLC's 288 distinct states.
func ExampleRun() {
	m, err := twophase.New(3, bugs.None)
	if err != nil {
		panic(err)
	}
	res, err := explore.Run(context.Background(), m, explore.Options{Strategy: explore.BFS})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Distinct, "distinct,", res.Generated, "generated, depth", res.MaxDepth, "exhaustive:", res.Exhaustive)
	// Output: 288 distinct, 1146 generated, depth 11 exhaustive: true
}

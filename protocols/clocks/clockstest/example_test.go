package clockstest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/clocks/clockstest"
)

// The scenarios Run explores by default: two nodes exhaustively, three in sampled walks, each
// without faults and with a lost and a duplicated message.
func ExampleScenarios() {
	for _, sc := range clockstest.Scenarios() {
		search := "bfs"
		if sc.Random {
			search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
		}
		fmt.Printf("%-18s %d nodes × %d events, drops %d, duplicates %d, %s\n", sc.Name, sc.Nodes, sc.Events, sc.Faults.Drops, sc.Faults.Duplicates, search)
	}
	// Output:
	// two-nodes          2 nodes × 2 events, drops 0, duplicates 0, bfs
	// two-nodes-faults   2 nodes × 2 events, drops 1, duplicates 1, bfs
	// three-nodes        3 nodes × 2 events, drops 0, duplicates 0, pct walks, 3 seeds
	// three-nodes-faults 3 nodes × 2 events, drops 1, duplicates 1, swarm walks, 2 seeds
}

// The implementations the suite's own tests run: the project's clocks, which pass, and each
// named bug, which fails.
func ExampleBuggy() {
	fmt.Println(clockstest.Reference().Name)
	for _, bug := range clocks.Catalog.Bugs() {
		fmt.Println(clockstest.Buggy(bug).Name)
	}
	// Output:
	// reference
	// no-max
	// no-tick-on-send
	// no-tick-on-receive
	// compare-any
}

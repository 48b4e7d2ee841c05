package causaltest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/multicast/causal"
	"github.com/distcheck/distcheck/protocols/multicast/causaltest"
)

// The scenarios Run explores by default: two and three processes exhaustively, with a crash
// too, and three broadcasting twice in sampled walks.
func ExampleScenarios() {
	for _, sc := range causaltest.Scenarios() {
		search := "bfs"
		if sc.Random {
			search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
		}
		fmt.Printf("%-17s %d nodes × %d messages, %d crashes, %s\n", sc.Name, sc.Nodes, sc.Messages, sc.Crashes, search)
	}
	// Output:
	// two-senders       2 nodes × 2 messages, 0 crashes, bfs
	// three-nodes       3 nodes × 1 messages, 0 crashes, bfs
	// one-crash         3 nodes × 1 messages, 1 crashes, bfs
	// three-nodes-twice 3 nodes × 2 messages, 0 crashes, pct walks, 3 seeds
}

// The implementations the suite's own tests run: the project's processes, which pass, and
// each named bug, which fails. A student's is causaltest.Implementation{NewNode: NewNode},
// named after the test.
func ExampleBuggy() {
	fmt.Println(causaltest.Reference().Name)
	for _, bug := range causal.Catalog.Bugs() {
		fmt.Println(causaltest.Buggy(bug).Name)
	}
	// Output:
	// reference
	// no-wait
	// sender-entry-only
}

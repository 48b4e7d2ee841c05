package ratest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/ricartagrawala"
	"github.com/distcheck/distcheck/protocols/ricartagrawala/ratest"
)

// The scenarios Run explores by default: two and three nodes exhaustively, three and four in
// sampled walks.
func ExampleScenarios() {
	for _, sc := range ratest.Scenarios() {
		search := "bfs"
		if sc.Random {
			search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
		}
		fmt.Printf("%-17s %d nodes × %d entries, %s\n", sc.Name, sc.Nodes, sc.Entries, search)
	}
	// Output:
	// two-nodes         2 nodes × 2 entries, bfs
	// three-nodes       3 nodes × 1 entries, bfs
	// three-nodes-twice 3 nodes × 2 entries, pct walks, 3 seeds
	// four-nodes        4 nodes × 1 entries, swarm walks, 2 seeds
}

// The implementations the suite's own tests run: the project's nodes, which pass, and each
// named bug, which fails. A student's is ratest.Implementation{NewNode: NewNode}, named after
// the test.
func ExampleBuggy() {
	fmt.Println(ratest.Reference().Name)
	for _, bug := range ricartagrawala.Catalog.Bugs() {
		fmt.Println(ratest.Buggy(bug).Name)
	}
	// Output:
	// reference
	// reply-while-held
	// no-tiebreak
}

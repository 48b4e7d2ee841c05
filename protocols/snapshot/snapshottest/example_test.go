package snapshottest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/snapshot"
	"github.com/distcheck/distcheck/protocols/snapshot/snapshottest"
)

// The scenarios Run explores by default: two and three branches exhaustively, two of them
// both initiators, and three branches making more transfers, two initiating, in sampled walks.
func ExampleScenarios() {
	for _, sc := range snapshottest.Scenarios() {
		search := "bfs"
		if sc.Random {
			search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
		}
		fmt.Printf("%-17s %d nodes × %d transfers, %d initiators, %s\n", sc.Name, sc.Nodes, sc.Transfers, sc.Initiators, search)
	}
	// Output:
	// two-nodes         2 nodes × 2 transfers, 1 initiators, bfs
	// three-nodes       3 nodes × 1 transfers, 1 initiators, bfs
	// two-initiators    2 nodes × 2 transfers, 2 initiators, bfs
	// three-nodes-twice 3 nodes × 2 transfers, 2 initiators, pct walks, 3 seeds
}

// The implementations the suite's own tests run: the project's nodes, which pass, and each
// named bug, which fails.
func ExampleBuggy() {
	fmt.Println(snapshottest.Reference().Name)
	for _, bug := range snapshot.Catalog.Bugs() {
		fmt.Println(snapshottest.Buggy(bug).Name)
	}
	// Output:
	// reference
	// no-channel-state
	// late-markers
	// unordered-channels
}

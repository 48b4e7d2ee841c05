package bullytest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/bully"
	"github.com/distcheck/distcheck/protocols/bully/bullytest"
)

// The scenarios Run explores by default: three nodes exhaustively, without and with a crash;
// four in sampled walks, without and with two crashes.
func ExampleScenarios() {
	for _, sc := range bullytest.Scenarios() {
		search := "bfs"
		if sc.Random {
			search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
		}
		fmt.Printf("%-16s %d nodes, %d crashes, %s\n", sc.Name, sc.Nodes, sc.Crashes, search)
	}
	// Output:
	// three-nodes      3 nodes, 0 crashes, bfs
	// three-one-crash  3 nodes, 1 crashes, bfs
	// four-nodes       4 nodes, 0 crashes, swarm walks, 2 seeds
	// four-two-crashes 4 nodes, 2 crashes, pct walks, 3 seeds
}

// The implementations the suite's own tests run: the project's nodes, which pass, and each
// named bug, which fails. A student's is bullytest.Implementation{NewNode: NewNode}, named
// after the test.
func ExampleBuggy() {
	fmt.Println(bullytest.Reference().Name)
	for _, bug := range bully.Catalog.Bugs() {
		fmt.Println(bullytest.Buggy(bug).Name)
	}
	// Output:
	// reference
	// declare-despite-answer
	// asynchronous
	// no-reelection
	// wait-forever
}

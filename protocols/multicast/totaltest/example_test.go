package totaltest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multicast/isis"
	"github.com/distcheck/distcheck/protocols/multicast/sequencer"
	"github.com/distcheck/distcheck/protocols/multicast/totaltest"
)

// The scenarios Run explores by default: two and three processes exhaustively, three with a
// crash and three broadcasting twice in sampled walks.
func ExampleScenarios() {
	for _, sc := range totaltest.Scenarios() {
		search := "bfs"
		if sc.Random {
			search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
		}
		fmt.Printf("%-17s %d nodes × %d messages, %d crashes, %s\n", sc.Name, sc.Nodes, sc.Messages, sc.Crashes, search)
	}
	// Output:
	// two-senders       2 nodes × 2 messages, 0 crashes, bfs
	// three-nodes       3 nodes × 1 messages, 0 crashes, bfs
	// one-crash         3 nodes × 1 messages, 1 crashes, swarm walks, 2 seeds
	// three-nodes-twice 3 nodes × 2 messages, 0 crashes, pct walks, 3 seeds
}

// The implementations the suite's own tests run: the project's sequencer and ISIS, which
// pass, and each named bug of either, which fails. A student's is
// totaltest.Implementation{NewNode: NewNode}, named after the test.
func ExampleBuggy() {
	fmt.Println(totaltest.Reference().Name, totaltest.ISIS(bugs.None).Name)
	for _, bug := range append(sequencer.Catalog.Bugs(), isis.Catalog.Bugs()...) {
		fmt.Println(totaltest.Buggy(bug).Name)
	}
	// Output:
	// reference isis
	// no-holdback
	// sender-numbers
	// deliver-on-final
	// no-tiebreak
}

package ringtest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/ringelection"
	"github.com/distcheck/distcheck/protocols/ringelection/ringtest"
)

// The scenarios Run explores by default: rings of three and four exhaustively, one of three
// where only node 2 (identifier 1) starts, and one of five in PCT walks.
func ExampleScenarios() {
	for _, sc := range ringtest.Scenarios() {
		search := "bfs"
		if sc.Random {
			search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
		}
		starters := "all"
		if sc.Starters != nil {
			starters = fmt.Sprint(sc.Starters)
		}
		fmt.Printf("%-16s ids %v, starters %s, %s\n", sc.Name, sc.IDs, starters, search)
	}
	// Output:
	// three-descending ids [3 2 1], starters all, bfs
	// three-ascending  ids [1 2 3], starters all, bfs
	// four-mixed       ids [3 1 4 2], starters all, bfs
	// lowest-starts    ids [3 2 1], starters [2], bfs
	// five-pct         ids [2 5 1 4 3], starters all, pct walks, 3 seeds
}

// The implementations the suite's own tests run: the project's nodes, which pass, and each
// named bug, which fails. A student's is ringtest.Implementation{NewNode: NewNode}, named
// after the test.
func ExampleBuggy() {
	fmt.Println(ringtest.Reference().Name)
	for _, bug := range ringelection.Catalog.Bugs() {
		fmt.Println(ringtest.Buggy(bug).Name)
	}
	// Output:
	// reference
	// lowest-wins
	// participant-discards
}

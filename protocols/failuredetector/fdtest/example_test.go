package fdtest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/failuredetector"
	"github.com/distcheck/distcheck/protocols/failuredetector/fdtest"
)

// The scenarios Run explores by default for each detector: synchronous ones for the perfect
// detector, partially synchronous ones (a delay bound in Δs) for the eventually perfect one.
func ExampleScenarios() {
	for _, d := range []fdtest.Detector{fdtest.Perfect, fdtest.EventuallyPerfect} {
		fmt.Println(d)
		for _, sc := range fdtest.ScenariosOf(d, fdtest.Scenarios()) {
			search := "bfs"
			if sc.Random {
				search = fmt.Sprintf("%s walks, %d seeds", sc.Strategy, sc.Seeds)
			}
			fmt.Printf("  %-24s %d nodes, %d crashes, bound %d, %s\n", sc.Name, sc.Nodes, sc.Crashes, sc.Bound, search)
		}
	}
	// Output:
	// perfect
	//   two-nodes                2 nodes, 0 crashes, bound 0, bfs
	//   three-one-crash          3 nodes, 1 crashes, bound 0, bfs
	//   four-two-crashes         4 nodes, 2 crashes, bound 0, bfs
	//   five-three-crashes       5 nodes, 3 crashes, bound 0, swarm walks, 2 seeds
	// eventually perfect
	//   two-bound-1              2 nodes, 0 crashes, bound 1, bfs
	//   two-bound-3              2 nodes, 0 crashes, bound 3, bfs
	//   three-bound-2-crash      3 nodes, 1 crashes, bound 2, bfs
	//   four-bound-1-crash       4 nodes, 1 crashes, bound 1, bfs
	//   four-bound-2-two-crashes 4 nodes, 2 crashes, bound 2, pct walks, 3 seeds
}

// The implementations the suite's own tests run: the project's nodes, which pass, and each
// named bug, which fails, each with the detector its catalog is of.
func ExampleBuggy() {
	fmt.Println(fdtest.Reference().Name)
	for _, bug := range failuredetector.Catalog.Bugs() {
		impl := fdtest.Buggy(bug)
		fmt.Printf("%s (%s)\n", impl.Name, impl.Detector)
	}
	// Output:
	// reference
	// asynchronous (perfect)
	// no-reset (perfect)
	// no-increase (eventually perfect)
	// never-restore (eventually perfect)
}

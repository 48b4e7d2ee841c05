package multipaxostest_test

import (
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/multipaxos/multipaxostest"
)

// The scenarios Run explores, in order: six exhaustive breadth-first searches, then PCT walks
// in which the standby may take over at any moment.
func ExampleScenarios() {
	for _, sc := range multipaxostest.Scenarios() {
		c := sc.Config
		search := "bfs"
		if sc.Random {
			search = sc.Strategy.String() + " walks"
		}
		fmt.Printf("%-15s %d+%d nodes, %d slots, %-10s %s\n", sc.Name, c.Leaders, c.Acceptors, c.Slots, search, faults(c.Faults))
	}
	// Output:
	// stable-leader   1+3 nodes, 3 slots, bfs        no faults
	// leader-change   2+3 nodes, 2 slots, bfs        no faults
	// standby-anytime 2+3 nodes, 1 slots, bfs        no faults
	// message-loss    2+3 nodes, 2 slots, bfs        drops 1
	// duplication     2+3 nodes, 2 slots, bfs        duplicates 1
	// crash-recovery  2+3 nodes, 2 slots, bfs        crashes 1, recoveries 1, lost while down
	// five-acceptors  2+5 nodes, 3 slots, pct walks  drops 1, duplicates 1, crashes 2, recoveries 2
}

func faults(f actor.Faults) string {
	var out []string
	for _, b := range []struct {
		name string
		n    int
	}{{"drops", f.Drops}, {"duplicates", f.Duplicates}, {"crashes", f.Crashes}, {"recoveries", f.Recoveries}} {
		if b.n > 0 {
			out = append(out, fmt.Sprintf("%s %d", b.name, b.n))
		}
	}
	if f.LoseWhileDown {
		out = append(out, "lost while down")
	}
	if len(out) == 0 {
		return "no faults"
	}
	return strings.Join(out, ", ")
}

package rafttest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/raft"
	"github.com/distcheck/distcheck/protocols/raft/rafttest"
)

// The scenarios Run explores by default: three servers exhaustively (the partition to a depth
// of 12 steps), two commands in swarm walks, five servers in PCT walks, and five servers
// exhaustively, one state per orbit of the interchangeable servers.
func ExampleScenarios() {
	for _, sc := range rafttest.Scenarios() {
		search := "bfs"
		if sc.Walks > 0 {
			search = fmt.Sprintf("%d %s walks", sc.Walks, sc.Strategy)
		}
		if sc.Symmetry {
			search += " under symmetry"
		}
		fmt.Printf("%-14s %d servers, max-term %d, %d commands, %s\n", sc.Name, sc.Nodes, sc.MaxTerm, sc.Commands, search)
	}
	// Output:
	// crash-recovery 3 servers, max-term 2, 1 commands, bfs
	// lost-messages  3 servers, max-term 3, 1 commands, bfs
	// partition      3 servers, max-term 2, 1 commands, bfs
	// two-commands   3 servers, max-term 3, 2 commands, 20000 swarm walks
	// random-5       5 servers, max-term 3, 2 commands, 10000 pct walks
	// five-servers   5 servers, max-term 2, 2 commands, bfs under symmetry
}

// The implementations a suite's own tests run: the project's server, which passes, and each
// of its named bugs, which fails (rafttest_test.go). A student's is
// rafttest.Implementation{NewPeer: NewServer}, named after the test.
func ExampleBuggy() {
	fmt.Println(rafttest.Reference().Name)
	for _, bug := range raft.Catalog.Bugs()[:3] {
		fmt.Println(rafttest.Buggy(bug).Name)
	}
	// Output:
	// reference
	// forget-vote
	// no-log-check
	// commit-old-term
}

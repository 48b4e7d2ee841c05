package raft_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/raft"
)

// A candidate that counts a vote from its previous election becomes a second leader of its
// term once a partition heals; the correct servers elect no two leaders in one term, on any
// path of up to 12 steps.
func Example() {
	for _, bug := range []bugs.Bug{raft.BugStaleVotes, bugs.None} {
		sys, err := raft.New(raft.Config{Nodes: 3, MaxTerm: 2, Commands: 0, Bug: bug,
			Faults: actor.Faults{Partitions: 1}})
		if err != nil {
			panic(err)
		}
		sys.Props = sys.Props[:1] // ElectionSafety only: with no commands, nothing commits
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1, MaxDepth: 13})
		if err != nil {
			panic(err)
		}
		fmt.Printf("bug %q: %d violations\n", bug, len(res.Violations))
		for _, v := range res.Violations {
			fmt.Println(" ", v.Property, "fails:")
			for _, st := range v.Path.Steps {
				fmt.Println("   ", counterexamples.Record(st.Action, sys.ActorNames()))
			}
			fmt.Println("  leaders:", raft.Leaders(v.Path.Last()))
		}
	}
	// Output:
	// bug "stale-votes": 1 violations
	//   ElectionSafety fails:
	//     timeout n0 "election"
	//     deliver n0→n1 raft.RequestVote{Term:1, LastLogIndex:0, LastLogTerm:0}
	//     partition actor.Partition{Group:[1 2], OneWay:false}
	//     timeout n0 "election"
	//     timeout n1 "election"
	//     deliver n1→n2 raft.RequestVote{Term:2, LastLogIndex:0, LastLogTerm:0}
	//     deliver n2→n1 raft.RequestVoteReply{Term:2, Granted:true}
	//     heal
	//     deliver n1→n0 raft.RequestVoteReply{Term:1, Granted:true}
	//   leaders: [0 1]
	// bug "": 0 violations
}

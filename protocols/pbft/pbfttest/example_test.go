package pbfttest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/protocols/pbft"
	"github.com/distcheck/distcheck/protocols/pbft/pbfttest"
)

// The scenarios Run explores, in order: four replicas of which one may be Byzantine, searched
// exhaustively (view-change-equivocation to a bound of ViewChangeMaxStates states), then in
// random walks against an adversary that forges messages of its own: four, then seven. A test runs them on a student's replica with
//
//	pbfttest.Run(t, pbfttest.Implementation{
//		Name:       "my-pbft",
//		NewReplica: func(c pbft.ReplicaConfig) pbfttest.Replica { return NewReplica(c) },
//	})
func ExampleScenarios() {
	for _, sc := range pbfttest.Scenarios() {
		c := sc.Config
		adversary := "no adversary"
		if c.Adversary.Byzantine > 0 {
			role := "primary"
			switch c.Faulty {
			case pbft.FaultyBackups:
				role = "backup"
			case pbft.FaultyNextPrimary:
				role = "next primary"
			case pbft.FaultyPrimaries:
				role = "primaries"
			}
			adversary = fmt.Sprintf("Byzantine %s (%s)", role, c.Adversary.Behavior)
		}
		search := "exhaustive"
		switch {
		case sc.Random && sc.Strategy != 0:
			search = sc.Strategy.String() + " walks"
		case sc.Random:
			search = "random walks"
		case sc.MaxStates > 0:
			search = fmt.Sprintf("bounded at %d states", sc.MaxStates)
		}
		fmt.Printf("%-24s %d replicas, %d requests, views 0-%d, %s, %d crashes: %s\n", sc.Name, c.Replicas, max(c.Requests, 1), c.Views, adversary, c.Faults.Crashes, search)
	}
	// Output:
	// two-requests             4 replicas, 2 requests, views 0-1, Byzantine primary (equivocate), 0 crashes: random walks
	// normal-case              4 replicas, 1 requests, views 0-1, no adversary, 0 crashes: exhaustive
	// equivocating-primary     4 replicas, 1 requests, views 0-0, Byzantine primary (equivocate), 0 crashes: exhaustive
	// silent-primary           4 replicas, 1 requests, views 0-1, Byzantine primary (silent), 0 crashes: exhaustive
	// corrupting-backup        4 replicas, 1 requests, views 0-1, Byzantine backup (corrupt), 1 crashes: exhaustive
	// view-change-equivocation 4 replicas, 1 requests, views 0-1, Byzantine primary (equivocate), 0 crashes: bounded at 400000 states
	// forging-primary          4 replicas, 1 requests, views 0-1, Byzantine primary (equivocate), 0 crashes: random walks
	// forging-replica          4 replicas, 1 requests, views 0-1, Byzantine primary (follow), 0 crashes: random walks
	// forging-next-primary     4 replicas, 1 requests, views 0-1, Byzantine next primary (follow), 0 crashes: random walks
	// seven-replicas           7 replicas, 1 requests, views 0-1, Byzantine primaries (follow), 0 crashes: pct walks
}

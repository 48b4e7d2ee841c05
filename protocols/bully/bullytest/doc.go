// Package bullytest is a conformance suite for implementations of Garcia-Molina's bully
// election (package bully describes the algorithm), in the manner of net/http/httptest: it
// checks anyone's nodes — a student's, say — against the election's properties, with and
// without crashes, and grades them.
//
// # The contract
//
// A node is a deterministic actor.Node (Init, Handle, Timeout; it acts only through its
// actor.Context, with messages and timers of its own choosing) that says which coordinator it
// knows (Node, which is bully.Member: Coordinator returns its ID, or model.NoNode). A node's
// identifier is its ID: the live node with the largest ID is to be elected. NewNode makes it
// from a NodeConfig: its ID and every node's. Every node begins an election in Init.
//
// The system is synchronous, as the algorithm assumes: a timer fires only when no message can
// be delivered, and of the pending timers only those with the earliest deadline
// (actor.TimersInOrder: the duration given to ctx.SetTimer, counted from the step that set
// it; messages take no time), so a reply that has not come when a timer fires never will — the
// sender has crashed. Nodes crash and stay down (crash-stop); messages to a crashed
// node are never delivered. A node that knows another coordinator should probe it, so that it
// notices its crash.
//
//	func TestBully(t *testing.T) {
//		bullytest.Run(t, bullytest.Implementation{NewNode: func(c bullytest.NodeConfig) bullytest.Node {
//			return &Node{Leader: model.NoNode}
//		}})
//	}
//
// # The suite
//
// Run explores each Scenario (Scenarios: three nodes exhaustively without a crash and with
// one; four in swarm walks under two seeds, and four with two crashes in PCT walks under three
// seeds). In each it checks AtMostOneCoordinator (always: at most one live node believes it
// is the coordinator), HighestLive (always: a live node that knows a live coordinator knows
// the live node with the largest ID), Elected (eventually, under weak fairness of actions:
// every live node knows that node), CoordinatorAnnounced (sometimes) and that no node panics; the first
// scenario also checks that every node is deterministic. Each scenario's report says how far its search reached
// and what it cannot exercise.
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). The options are those of every suite (conformance.Option, which is
// distcheck.Option); the flag -bullytest.json also writes the report as JSON.
//
// The project's nodes pass the suite (Reference); each of package bully's named bugs fails it
// (Buggy). examples/bully-student is a skeleton to start from.
package bullytest

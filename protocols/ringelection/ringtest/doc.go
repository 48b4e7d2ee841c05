// Package ringtest is a conformance suite for implementations of Chang and Roberts' ring
// election (package ringelection describes the algorithm), in the manner of
// net/http/httptest: it checks anyone's nodes — a student's, say — against the election's
// properties in every interleaving of small rings, and grades them.
//
// # The contract
//
// A node is a deterministic actor.Node (Init, Handle, Timeout; it acts only through its
// actor.Context, with messages and timers of its own choosing) that says which coordinator it
// knows (Node, which is ringelection.Member: Leader returns the coordinator's identifier, or
// 0). NewNode makes it from a NodeConfig: its index in the system, its identifier (positive,
// distinct, not the index: the ring elects the largest identifier), its successor — the only
// node it sends to — and whether it may start an election. A node that may start sets a timer
// in Init and starts when it fires, unless it already takes part in an election or knows a
// coordinator; a pending timer fires at any step, so the checker tries every moment. The
// network is reliable and asynchronous: messages are neither lost nor duplicated, and a node's
// messages may overtake one another.
//
//	func TestRingElection(t *testing.T) {
//		ringtest.Run(t, ringtest.Implementation{NewNode: func(c ringtest.NodeConfig) ringtest.Node {
//			return &Node{ID: c.ID, Next: c.Next, Starts: c.Starts}
//		}})
//	}
//
// # The suite
//
// Run explores each Scenario (Scenarios: rings of three with identifiers decreasing and
// increasing, and of four with them mixed, every node may start, exhaustively; a ring of
// three in which only the lowest identifier starts, exhaustively — the scenario that needs
// the others to substitute their own identifiers; a ring of five in PCT walks under three
// seeds). In each it checks AtMostOneCoordinator and HighestElected (always: whoever knows a
// coordinator knows the largest identifier), Elected (eventually, under weak fairness of
// actions: every node knows it), CoordinatorKnown (sometimes: so that a ring that never elects
// anyone does not pass) and that no node panics; the first scenario also checks that every
// node is deterministic. Each scenario's report says how far its search reached. No scenario
// injects faults: Chang and Roberts assume none, and a crashed node breaks the ring.
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). The options are those of every suite (conformance.Option, which is
// distcheck.Option); the flag -ringtest.json also writes the report as JSON.
//
// The project's nodes pass the suite (Reference); each of package ringelection's named bugs
// fails it (Buggy). examples/ring-student is a skeleton to start from.
package ringtest

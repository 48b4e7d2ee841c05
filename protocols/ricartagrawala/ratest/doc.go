// Package ratest is a conformance suite for implementations of Ricart and Agrawala's mutual
// exclusion (package ricartagrawala describes the algorithm), in the manner of
// net/http/httptest: it checks anyone's nodes — a student's, say — against the properties of
// mutual exclusion (package mutex) in every interleaving of a few nodes, and grades them.
//
// # The contract
//
// A node is a deterministic actor.Node (Init, Handle, Timeout; it acts only through its
// actor.Context, with messages and timers of its own choosing) that says whether it holds the
// critical section and how many times it has entered it (Node, which is mutex.Participant).
// NewNode makes it from a NodeConfig: its ID, every node's ID, and Entries, how many times it
// wants the critical section. The node wants it on its own, at any moment: it sets a timer
// (in Init, and again on leaving while it has entries left) and asks when the timer fires;
// it leaves the critical section through a timer too. A pending timer may fire at any step,
// so the checker tries every moment of wanting and of leaving. The network is reliable and
// asynchronous: messages are neither lost nor duplicated, but delivered in any order.
//
//	func TestRicartAgrawala(t *testing.T) {
//		ratest.Run(t, ratest.Implementation{NewNode: func(c ratest.NodeConfig) ratest.Node {
//			return &Node{Left: c.Entries, Replied: make([]bool, len(c.Nodes))}
//		}})
//	}
//
// # The suite
//
// Run explores each Scenario (Scenarios: two nodes entering twice each and three entering
// once, exhaustively; three entering twice in PCT walks under three seeds; four entering once
// in swarm walks under two seeds). In each it checks MutualExclusion (always: at most one
// node inside), EveryoneEnters (eventually, under weak fairness of actions: every node enters
// as often as it wants — no deadlock, no starvation), Entered (sometimes: so that nodes that
// never enter do not pass) and that no node panics; the first scenario also checks that every
// node is deterministic. Each scenario's report says how far its search reached: exhaustive,
// or how many walks under which seeds. No scenario injects faults: Ricart–Agrawala tolerates
// none, and a scenario that crashed a node would fail every implementation.
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). The options are those of every suite (conformance.Option, which is
// distcheck.Option): distcheck.Seed, Walks, MaxStates, Workers, CollectAll, TraceDir, InShort
// and POR, and conformance.FailFast, Only, Output, JSON and CheckDeterminism; the flag
// -ratest.json also writes the report as JSON.
//
// The project's nodes pass the suite (Reference); each of package ricartagrawala's named bugs
// fails it (Buggy). examples/ra-student is a skeleton to start from.
package ratest

// Package clockstest is a conformance suite for logical clocks — a Lamport clock, a vector
// clock and the comparison of vector times, as package clocks has them — in the manner of
// net/http/httptest: it embeds anyone's clocks — a student's, say — in the nodes of package
// clocks's demonstration and checks them against the theorems of logical time on every
// execution of a few nodes, and grades them.
//
// # The contract
//
// An Implementation gives three things: NewLamport, a Lamport clock (LamportClock: Tick for a
// local event, Send for a send, Receive for a receipt, each returning the event's time);
// NewVector, node self's vector clock in a system of n nodes (VectorClock, the same three
// methods over []int); and Less, the order of vector times. The clocks are held in the
// suite's nodes, which the checker copies and compares, so they must be plain values (numbers,
// slices, structs; no funcs or channels); the suite copies every time a method returns.
//
// Each node of the suite has a budget of events: while it has some left, it may at any step
// do a local event or send a message, stamped with both clocks, to a peer of its choice; it
// receives whatever arrives. It records every event with the times its clocks gave.
//
//	func TestClocks(t *testing.T) {
//		clockstest.Run(t, clockstest.Implementation{NewLamport: NewLamport, NewVector: NewVector, Less: Less})
//	}
//
// # The suite
//
// Run explores each Scenario (Scenarios: two nodes of two events each exhaustively, on a
// reliable network and with a lost and a duplicated message; three nodes in PCT walks under
// three seeds, and with the faults in swarm walks under two). In each it checks, over every
// pair of recorded events, ClockCondition (a → b implies L(a) < L(b)) and
// VectorCharacterization (a → b if and only if Less(V(a), V(b))) — with happened-before
// computed from which event sent the message each receipt received, never from the clocks —
// and CausalChain (sometimes: some event has heard from every node), and that nothing panics;
// the first scenario also checks that everything is deterministic. Each scenario's report says
// how far its search reached.
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). The options are those of every suite (conformance.Option, which is
// distcheck.Option); the flag -clockstest.json also writes the report as JSON.
//
// The project's clocks pass the suite (Reference); each of package clocks's named bugs fails
// it (Buggy). examples/clocks-student is a skeleton to start from.
package clockstest

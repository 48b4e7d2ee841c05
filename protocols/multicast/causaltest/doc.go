// Package causaltest is a conformance suite for implementations of causal-order broadcast
// (package causal describes the algorithm, Cachin, Guerraoui and Rodrigues's Waiting Causal
// Broadcast with vector clocks), in the manner of net/http/httptest: it checks anyone's
// processes — a student's, say — against the properties of causal broadcast in every
// interleaving of a few processes, and grades them.
//
// # The contract
//
// A process is a deterministic actor.Node (Init, Handle, Timeout; it acts only through its
// actor.Context, with messages and timers of its own choosing) that embeds a
// multicast.Record and records in it what the application sees: n.Record.Broadcast(ctx.ID())
// when it broadcasts a message (it returns the message's multicast.ID, which the process
// sends along), and n.Record.Deliver(id) when it delivers one — its own included. NewNode
// makes it from a NodeConfig: its ID, every process's ID, and Messages, how many messages it
// broadcasts. It broadcasts each on its own, at any moment: it sets a timer (in Init, and
// again after each broadcast while it has messages left; multicast.Sender does that) and
// broadcasts when it fires. A pending timer may fire at any step, so the checker tries every
// moment of broadcasting — before, between and after the deliveries of others' messages.
//
// Links are reliable and asynchronous: a message sent arrives once, even from a process that
// crashed since, but in any order. A process may crash (crash-stop) at any step; the others
// must still deliver every message that any of them delivered, and what they broadcast.
//
//	func TestCausalBroadcast(t *testing.T) {
//		causaltest.Run(t, causaltest.Implementation{NewNode: func(c causaltest.NodeConfig) causaltest.Node {
//			return &Node{V: make([]int, len(c.Nodes)), Sender: multicast.Sender{Left: c.Messages}}
//		}})
//	}
//
// # The suite
//
// Run explores each Scenario (Scenarios: two processes broadcasting twice each, three
// broadcasting once, and three broadcasting once of which one crashes, exhaustively; three
// broadcasting twice in PCT walks under three seeds). In each it checks, from the processes'
// records and not from their clocks:
//
//   - NoDuplication and NoCreation (always): no message is delivered twice, and none that was
//     not broadcast;
//   - FIFOOrder and CausalOrder (always): a process delivers a message only after every
//     message that happened before it — its sender's earlier ones, and those its sender had
//     delivered when it broadcast it;
//   - Validity and Agreement (leads-to, under weak fairness of actions): every running process
//     comes to deliver what it broadcast, and every message any running process delivered;
//   - SomeoneElsesDelivered (sometimes), so that processes that deliver nothing but their own
//     messages do not pass; and that no process panics.
//
// The first scenario also checks that every process is deterministic. Each scenario's report
// says how far its search reached.
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). The options are those of every suite (conformance.Option, which is
// distcheck.Option); the flag -causaltest.json also writes the report as JSON.
//
// The project's processes pass the suite (Reference); each of package causal's named bugs
// fails it (Buggy). examples/causal-student is a skeleton to start from.
package causaltest

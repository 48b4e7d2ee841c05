// Package totaltest is a conformance suite for implementations of total-order broadcast
// (packages sequencer and isis describe two algorithms: a fixed sequencer, and ISIS's agreed
// priorities), in the manner of net/http/httptest: it checks anyone's processes — a
// student's, say — against the properties of total-order broadcast in every interleaving of
// a few processes, and grades them. The suite does not care which algorithm a process runs.
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
// broadcasts when it fires. A pending timer may fire at any step. A sequencer, if the
// algorithm has one, is a process too: process 0, say, which also broadcasts.
//
// Links are reliable and asynchronous: a message sent arrives once, even from a process that
// crashed since, but in any order. In one scenario a process crashes (crash-stop); there only
// safety is checked — a fixed sequencer, and ISIS, which waits for every process's proposal,
// stop delivering when a process crashes, and neither claims otherwise — but a process must
// not deliver out of order, twice, or what no one broadcast.
//
//	func TestTotalOrderBroadcast(t *testing.T) {
//		totaltest.Run(t, totaltest.Implementation{NewNode: func(c totaltest.NodeConfig) totaltest.Node {
//			return &Node{Sender: multicast.Sender{Left: c.Messages}, N: len(c.Nodes)}
//		}})
//	}
//
// # The suite
//
// Run explores each Scenario (Scenarios: two processes broadcasting twice each and three
// broadcasting once, exhaustively; three broadcasting once of which one crashes, in swarm
// walks under two seeds; three broadcasting twice in PCT walks under three seeds). In each it
// checks, from the processes' records and not from their numbers or priorities:
//
//   - NoDuplication and NoCreation (always): no message is delivered twice, and none that was
//     not broadcast;
//   - TotalOrder (always): two processes that deliver the same two messages deliver them in
//     the same order (FIFO order is not asked for: a fixed sequencer may number a process's
//     second message before its first when the network reorders them);
//   - Validity and Agreement (leads-to, under weak fairness of actions, without crashes):
//     every process comes to deliver what it broadcast, and every message any process
//     delivered;
//   - SomeoneElsesDelivered (sometimes), so that processes that deliver nothing but their own
//     messages do not pass; and that no process panics.
//
// The first scenario also checks that every process is deterministic. Each scenario's report
// says how far its search reached.
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). The options are those of every suite (conformance.Option, which is
// distcheck.Option); the flag -totaltest.json also writes the report as JSON.
//
// The project's fixed sequencer passes the suite (Reference), and so does its ISIS
// (ISIS(bugs.None)); each of the two packages' named bugs fails it (Buggy).
// examples/total-order-student is a skeleton to start from.
package totaltest

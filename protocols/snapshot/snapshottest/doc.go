// Package snapshottest is a conformance suite for implementations of Chandy and Lamport's
// global snapshot (package snapshot describes the algorithm), in the manner of
// net/http/httptest: it checks anyone's nodes — a student's, say — taking a snapshot of a bank
// whose branches transfer money to each other, in every interleaving of a few branches, and
// grades them.
//
// # The contract
//
// A node is a bank branch: a deterministic actor.Node (Init, Handle, Timeout; it acts only
// through its actor.Context) that says what it has recorded (Node: Recording). NewNode makes it
// from a NodeConfig: its ID, every node's, the money it starts with, how many transfers it makes
// and whether it initiates the snapshot. A branch sends its money as Transfers of one unit and
// its markers as Markers — the suite's message types, so that it can count them — each transfer
// to a peer of its choice (ctx.Choose) when a timer of its own fires, and an initiator starts
// the snapshot when another timer fires, unless a marker has reached it first. A pending timer
// may fire at any step, so the checker tries every moment. Channels are reliable and FIFO
// (actor.Ordered), as the algorithm requires, and nothing fails: it tolerates no fault.
//
//	func TestSnapshot(t *testing.T) {
//		snapshottest.Run(t, snapshottest.Implementation{NewNode: NewNode})
//	}
//
// # The suite
//
// The suite counts, for each node, the transfers it really sends and receives, and takes those
// counts as the node's cut at the end of the step in which its Recording first says Recorded.
// Run explores each Scenario (Scenarios: two branches and three, and two that both initiate,
// exhaustively; three making more transfers, two of them initiating, in PCT walks under three
// seeds). In each it checks
// ConsistentCut (always: on every channel whose two ends have recorded, the receiver had
// received no more transfers when it recorded than the sender had sent when it did — nothing in
// the cut is received and not sent), Conserves (always: once every node is done, the recorded
// balances and the money recorded in the channels make the bank's total), OneMarkerPerChannel
// (always: a node sends one marker on each channel, not more), SnapshotCompletes (eventually,
// under weak fairness of actions: every node is done), MoneyInFlightRecorded (sometimes: a
// complete snapshot records money in a channel, so that channel states are exercised) and that
// no node panics; the first scenario also checks that every node is deterministic.
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). Its diagram shows each node's state and, once it has recorded, what it
// had sent and received at its cut. The options are those of every suite (conformance.Option,
// which is distcheck.Option); the flag -snapshottest.json also writes the report as JSON.
//
// The project's nodes pass the suite (Reference); each of package snapshot's named bugs fails
// it (Buggy). examples/snapshot-student is a skeleton to start from.
package snapshottest

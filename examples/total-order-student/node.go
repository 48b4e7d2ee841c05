// Package totalorderstudent is where a student starts an implementation of total-order
// broadcast by the ISIS algorithm (agreed priorities): a process with the algorithm's state
// and TODOs for its rules. It compiles, broadcasts nothing to anyone yet and never delivers;
// node_test.go runs the conformance suite (package totaltest) on it — see README.md.
package totalorderstudent

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/totaltest"
)

// Node is a process of the ISIS total-order broadcast. It is a deterministic state machine:
// it reacts to its start (Init), to messages (Handle) and to timers (Timeout), and acts only
// through its actor.Context — ctx.Send, ctx.Broadcast (to every other process),
// ctx.SetTimer. No goroutines, clocks or randomness: a timer fires when the checker says so,
// at any step.
//
// The checker copies and compares processes by their fields, so keep everything in plain
// fields (numbers, strings, slices, structs; no funcs, maps or channels).
type Node struct {
	// Record is what the application sees, which the suite judges: call
	// n.Record.Broadcast(ctx.ID()) when you broadcast a message (it returns the message's
	// ID, to send along) and n.Record.Deliver(id) when you deliver one, your own included.
	multicast.Record
	// Proposed and Agreed are the largest priority the process has proposed and the largest
	// it has seen agreed (Coulouris et al., §15.4.3: P_q and A_q).
	Proposed, Agreed int
	// TODO: the hold-back queue — each message with its priority (proposed, or agreed and
	// then deliverable) and who proposed it, the tie-breaker — and, for the process's own
	// messages, the proposals collected so far.

	// Sender sets the broadcast timer while messages are left (Start, Sent).
	multicast.Sender
	// N is the number of processes: a sender waits for N proposals.
	N int
}

// TODO: define the messages as plain structs, e.g.
//
//	type Ask struct{ ID multicast.ID }                              // please propose a priority
//	type Propose struct{ ID multicast.ID; P int; By model.NodeID }  // my proposal
//	type Agree struct{ ID multicast.ID; P int; By model.NodeID }    // the largest proposal

// NewNode returns the process of cfg.ID, ready for Init: cfg.Nodes are every process's IDs,
// its own included, and cfg.Messages how many messages it broadcasts.
func NewNode(cfg totaltest.NodeConfig) totaltest.Node {
	return &Node{Sender: multicast.Sender{Left: cfg.Messages}, N: len(cfg.Nodes)}
}

// Init starts the process: it will broadcast at some moment.
func (n *Node) Init(ctx actor.Context) {
	n.Sender.Start(ctx)
}

// Timeout broadcasts the next message.
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	id := n.Record.Broadcast(ctx.ID())
	_ = id
	// TODO: ask every process for a proposed priority: the others with ctx.Broadcast, and
	// yourself directly (propose as if you had received your own request).
	n.Sender.Sent(ctx)
}

// Handle processes a message from another process.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// TODO: on a request: propose max(Agreed, Proposed) + 1, queue the message at that
	// priority, undeliverable, and send the proposal to its sender.
	//
	// TODO: on a proposal for one of your messages: keep the largest, ties broken by the
	// proposer's ID; once every process (you too) has proposed, send it to every process as
	// the agreed priority, and take it yourself.
	//
	// TODO: on an agreed priority: Agreed = max(Agreed, priority); move the message to its
	// place in the queue, ordered by (priority, proposer), and mark it deliverable; then
	// deliver from the head of the queue for as long as the head is deliverable — not past
	// a message still waiting for its agreed priority, which can only grow.
}

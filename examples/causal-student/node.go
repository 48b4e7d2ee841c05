// Package causalstudent is where a student starts an implementation of causal-order
// broadcast with vector clocks: a process with the algorithm's state and TODOs for its rules.
// It compiles, broadcasts nothing to anyone yet and never delivers; node_test.go runs the
// conformance suite (package causaltest) on it — see README.md.
package causalstudent

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/causaltest"
)

// Node is a process of the causal broadcast. It is a deterministic state machine: it reacts
// to its start (Init), to messages (Handle) and to timers (Timeout), and acts only through
// its actor.Context — ctx.Send, ctx.Broadcast (to every other process), ctx.SetTimer. No
// goroutines, clocks or randomness: a timer fires when the checker says so, at any step.
//
// The checker copies and compares processes by their fields, so keep everything in plain
// fields (numbers, strings, slices, structs; no funcs, maps or channels).
type Node struct {
	// Record is what the application sees, which the suite judges: call
	// n.Record.Broadcast(ctx.ID()) when you broadcast a message (it returns the message's
	// ID, to send along) and n.Record.Deliver(id) when you deliver one, your own included.
	multicast.Record
	// V is the process's vector clock: V[k] counts the messages of process k it has
	// delivered (Coulouris et al., §15.4.3; Cachin et al., Algorithm 3.15).
	V []int
	// TODO: the messages received and not yet deliverable (the hold-back queue), e.g.
	// Pending []Message.

	// Sender sets the broadcast timer while messages are left (Start, Sent).
	multicast.Sender
}

// TODO: define the broadcast message as a plain struct, e.g.
//
//	type Message struct {
//		ID multicast.ID // the sender and the sender's count: n.Record.Broadcast's result
//		V  []int        // the sender's vector when it broadcast (a copy: slices.Clone)
//	}

// NewNode returns the process of cfg.ID, ready for Init: cfg.Nodes are every process's IDs,
// its own included, and cfg.Messages how many messages it broadcasts.
func NewNode(cfg causaltest.NodeConfig) causaltest.Node {
	return &Node{V: make([]int, len(cfg.Nodes)), Sender: multicast.Sender{Left: cfg.Messages}}
}

// Init starts the process: it will broadcast at some moment.
func (n *Node) Init(ctx actor.Context) {
	n.Sender.Start(ctx)
}

// Timeout broadcasts the next message.
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	id := n.Record.Broadcast(ctx.ID())
	_ = id
	// TODO: "To CO-multicast message m to group g: V[i] := V[i] + 1; B-multicast(g, <V, m>)."
	// Stamp the message with a copy of the vector, send it to every other process, and
	// deliver it yourself at once (ctx.Broadcast does not send to yourself).
	n.Sender.Sent(ctx)
}

// Handle processes a message from another process.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// TODO: "On B-deliver(<V_j, m>) from p_j: place <V_j, m> in the hold-back queue; wait
	// until V_j[j] = V[j] + 1 and V_j[k] ≤ V[k] (k ≠ j); CO-deliver m; V[j] := V[j] + 1."
	// The message must be the next one from its sender, and its sender must have delivered
	// nothing you have not. Delivering one message may make others in the queue deliverable:
	// look again until none is.
}

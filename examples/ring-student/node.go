// Package ringstudent is where a student starts an implementation of Chang and Roberts' ring
// election: a node with the algorithm's state and TODOs for its rules. It compiles and never
// elects anyone; node_test.go runs the conformance suite (package ringtest) on it — see
// README.md.
package ringstudent

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/ringelection/ringtest"
)

// Node is a node of the ring. It is a deterministic state machine: it reacts to its start
// (Init), to messages (Handle) and to timers (Timeout), and acts only through its
// actor.Context — here, ctx.Send to its successor. No goroutines, clocks or randomness: a
// timer fires when the checker says so, at any step.
//
// The checker copies and compares nodes by their fields, so keep everything in plain fields.
// Fields tagged `distcheck:"-"` are configuration: shared between copies, never changed.
type Node struct {
	// Participant says the node takes part in an election (Coulouris et al., §15.3.1).
	Participant bool
	// Coordinator is the identifier of the coordinator the node knows, 0 for none.
	Coordinator int

	// ID is the node's identifier (not its index in the system); Next is its successor;
	// Starts says it may start an election (in some scenarios only one node does).
	ID     int          `distcheck:"-"`
	Next   model.NodeID `distcheck:"-"`
	Starts bool         `distcheck:"-"`
}

// startTimer fires when the node may start an election. Timers are plain values of your
// choosing.
const startTimer = "start"

// TODO: define the messages as plain structs, e.g.
//
//	type Election struct{ ID int }
//	type Elected struct{ ID int }

// NewNode returns the node of cfg.Index, with identifier cfg.ID and successor cfg.Next,
// ready for Init.
func NewNode(cfg ringtest.NodeConfig) ringtest.Node {
	return &Node{ID: cfg.ID, Next: cfg.Next, Starts: cfg.Starts}
}

// Init starts the node: if it may, it will start an election at some moment.
func (n *Node) Init(ctx actor.Context) {
	if n.Starts {
		ctx.SetTimer(startTimer, 0)
	}
}

// Timeout starts an election.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	// TODO: unless the node already takes part in an election or knows a coordinator, mark
	// it a participant and send an election message with its identifier to n.Next.
}

// Handle processes a message from the node's predecessor.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// TODO: on an election message, compare its identifier with n.ID: "If the arrived
	// identifier is greater, then it forwards the message to its neighbour. If the arrived
	// identifier is smaller and the receiver is not a participant, then it substitutes its own
	// identifier in the message and forwards it; but it does not forward the message if it is
	// already a participant." Either way it becomes a participant. "If, however, the received
	// identifier is that of the receiver itself, then this process's identifier must be the
	// greatest, and it becomes the coordinator": it sends an elected message with its
	// identifier.
	//
	// TODO: on an elected message: no longer a participant; note the coordinator; forward the
	// message unless it is the node's own.
}

// Leader returns the identifier of the coordinator the node knows, 0 for none.
func (n *Node) Leader() int { return n.Coordinator }

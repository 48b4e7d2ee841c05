// Package bullystudent is where a student starts an implementation of Garcia-Molina's bully
// election: a node with the algorithm's state and TODOs for its rules. It compiles and never
// elects anyone; node_test.go runs the conformance suite (package bullytest) on it — see
// README.md.
package bullystudent

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bully/bullytest"
)

// Node is a node of the bully election; its identifier is its ID. It is a deterministic state
// machine: it reacts to its start (Init), to messages (Handle) and to timers (Timeout), and
// acts only through its actor.Context — ctx.Send, ctx.SetTimer, ctx.CancelTimer; ctx.ID()
// and ctx.Nodes() say who it and the others are. No goroutines, clocks or randomness.
//
// The system is synchronous: a timer fires only when no message can be delivered, so a reply
// that has not come when a timer fires never will — its sender has crashed; and timers fire in
// the order of their deadlines (ctx.SetTimer(timer, after)): wait longer for a coordinator
// after an answer (T′) than for answers (T).
type Node struct {
	// Phase is where the node is in an election: in none, waiting for an answer to its
	// election message, or answered and waiting for a coordinator message.
	Phase Phase
	// Leader is the coordinator the node knows, or model.NoNode.
	Leader model.NodeID
	// TODO: what the node needs to notice that the coordinator crashed (a probe awaiting
	// its reply, say).
}

// Phase is where a node is in an election.
type Phase int

// The phases.
const (
	Idle Phase = iota
	Electing
	Answered
)

// The node's timers: plain values of your choosing.
const (
	answerTimer      = "answer"      // no answer to the election message: the higher nodes crashed
	coordinatorTimer = "coordinator" // no coordinator message after an answer: that node crashed
	probeTimer       = "probe"       // probe the coordinator, and find out whether it crashed
)

// TODO: define the messages as plain structs, e.g.
//
//	type Election struct{}
//	type Answer struct{}
//	type Coordinator struct{}

// NewNode returns the node of cfg.ID, ready for Init.
func NewNode(cfg bullytest.NodeConfig) bullytest.Node {
	return &Node{Leader: model.NoNode}
}

// Init begins an election.
func (n *Node) Init(ctx actor.Context) {
	// TODO: "The process that knows it has the highest identifier can elect itself as the
	// coordinator simply by sending a coordinator message to all processes with lower
	// identifiers. A process with a lower identifier can begin an election by sending an
	// election message to those processes that have a higher identifier and awaiting answer
	// messages in response" (Coulouris et al., §15.3.1): set answerTimer.
}

// Handle processes a message from another node.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// TODO: an election message: answer it and, unless already in an election, begin one.
	// An answer: wait for the coordinator message (coordinatorTimer). A coordinator message:
	// note the sender as coordinator. Probes: reply.
}

// Timeout acts on silence, which the synchronous system makes a crash.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	// TODO: answerTimer while still electing: every higher node has crashed — announce
	// yourself. coordinatorTimer while answered: the node that answered crashed — begin
	// another election. probeTimer: probe the coordinator, or, if the last probe went
	// unanswered, begin an election.
}

// Coordinator returns the coordinator the node knows, or model.NoNode.
func (n *Node) Coordinator() model.NodeID { return n.Leader }

// Package rastudent is where a student starts an implementation of Ricart and Agrawala's
// mutual exclusion: a node with the algorithm's state and TODOs for its rules. It compiles and
// never enters the critical section; node_test.go runs the conformance suite (package ratest)
// on it — see README.md.
package rastudent

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/ricartagrawala/ratest"
)

// Node is a node of Ricart–Agrawala. It is a deterministic state machine: it reacts to its
// start (Init), to messages (Handle) and to timers (Timeout), and acts only through its
// actor.Context — ctx.Send, ctx.Broadcast, ctx.SetTimer, ctx.CancelTimer. No goroutines,
// clocks or randomness: a timer fires when the checker says so, at any step.
//
// The checker copies and compares nodes by their fields, so keep everything in plain fields
// (numbers, strings, slices, structs; no funcs or channels).
type Node struct {
	// State is RELEASED, WANTED or HELD (Coulouris et al., §15.2).
	State State
	// Clock is the node's Lamport clock; Stamp, the timestamp of its current request.
	Clock, Stamp int
	// TODO: which peers have replied to the current request, and whose requests this node
	// defers until it leaves (a []bool indexed by node ID each, say).

	// Left is how many more times the node wants the critical section; Entered counts its
	// entries (the suite reads it through Entries).
	Left, Entered int
}

// State is where a node is with respect to the critical section.
type State int

// The states.
const (
	Released State = iota
	Wanted
	Held
)

// The node's timers: it wants the critical section when wantTimer fires, and leaves it when
// exitTimer fires. Timers are plain values of your choosing.
const (
	wantTimer = "want"
	exitTimer = "exit"
)

// TODO: define the messages as plain structs, e.g.
//
//	type Request struct{ Stamp int }
//	type Reply struct{}
//
// The sender of a message is the from argument of Handle.

// NewNode returns the node of cfg.ID, ready for Init: cfg.Nodes are every node's IDs, its own
// included, and cfg.Entries how many times it wants the critical section.
func NewNode(cfg ratest.NodeConfig) ratest.Node {
	return &Node{Left: cfg.Entries}
}

// Init starts the node: it will want the critical section at some moment.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(wantTimer, 0)
	}
}

// Timeout asks for the critical section (wantTimer) or leaves it (exitTimer).
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch t {
	case wantTimer:
		// TODO: "On enter: state := WANTED; multicast request to all processes; T := request's
		// timestamp; wait until (number of replies received = N-1)." Tick the Lamport clock
		// for the send and stamp the request with it.
	case exitTimer:
		// TODO: "On exit: state := RELEASED; reply to any queued requests." Then, if
		// n.Left-1 entries remain, set wantTimer again.
	}
}

// Handle processes a message from another node.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// TODO: on a request <T_i, p_i>: update the Lamport clock; "if (state = HELD or (state =
	// WANTED and (T, p_j) < (T_i, p_i))) then queue request from p_i without replying;
	// else reply immediately to p_i." The order is by timestamp, then by node ID.
	//
	// TODO: on a reply: count it; once every peer has replied, enter: State = Held,
	// n.Entered++, and set exitTimer so that the node leaves at some moment.
}

// InCriticalSection reports whether the node holds the critical section.
func (n *Node) InCriticalSection() bool { return n.State == Held }

// Entries counts the node's entries into the critical section.
func (n *Node) Entries() int { return n.Entered }

// Package snapshotstudent is where a student starts an implementation of Chandy and Lamport's
// global snapshot: a bank branch that makes its transfers, with the algorithm's state and TODOs
// for its rules. It compiles and never records anything; node_test.go runs the conformance
// suite (package snapshottest) on it — see README.md.
package snapshotstudent

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/snapshot/snapshottest"
)

// Node is a branch of the bank. It is a deterministic state machine: it reacts to its start
// (Init), to messages (Handle) and to timers (Timeout), and acts only through its
// actor.Context — ctx.Send, ctx.Broadcast, ctx.SetTimer. No goroutines, clocks or randomness:
// a timer fires when the checker says so, at any step.
//
// The checker copies and compares nodes by their fields, so keep everything in plain fields
// (numbers, slices, structs; no funcs or channels).
type Node struct {
	// Balance is the money the branch holds; Left, the transfers it has still to make.
	Balance, Left int

	// Recorded says the branch has recorded its state, and RecBalance is the balance it
	// recorded.
	Recorded   bool
	RecBalance int
	// Listening[j] says the channel from node j is being recorded; Channel[j] is the money
	// recorded on it; MarkerFrom[j] says the marker from node j has arrived. Each is indexed
	// by node ID.
	Listening, MarkerFrom []bool
	Channel               []int

	// Self and Initiator are the configuration: the node's ID, and whether it starts the
	// snapshot on its own.
	Self      model.NodeID `distcheck:"-"`
	Initiator bool         `distcheck:"-"`
}

// The node's timers: it makes a transfer when transferTimer fires, and an initiator starts
// the snapshot when snapshotTimer fires.
const (
	transferTimer = "transfer"
	snapshotTimer = "snapshot"
)

// NewNode returns the branch of cfg.ID, ready for Init.
func NewNode(cfg snapshottest.NodeConfig) snapshottest.Node {
	n := len(cfg.Nodes)
	return &Node{Balance: cfg.Balance, Left: cfg.Transfers, Listening: make([]bool, n), MarkerFrom: make([]bool, n),
		Channel: make([]int, n), Self: cfg.ID, Initiator: cfg.Initiator}
}

// Init sets the timers of the branch's transfers and, on an initiator, of the snapshot.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(transferTimer, 0)
	}
	if n.Initiator {
		ctx.SetTimer(snapshotTimer, 0)
	}
}

// Timeout makes a transfer (done) or starts the snapshot.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch t {
	case transferTimer:
		to := actor.ChooseFrom(ctx, ctx.Peers()...)
		if n.Balance > 0 {
			n.Balance--
			ctx.Send(to, snapshottest.Transfer{})
		}
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(transferTimer, 0)
		}
	case snapshotTimer:
		// TODO: unless a marker has made this branch record already, record: the marker
		// sending rule.
	}
}

// Handle takes a transfer in (done), records it if its channel is being recorded, and applies
// the marker receiving rule.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case snapshottest.Transfer:
		n.Balance++
		// TODO: if the channel from `from` is being recorded, record the transfer on it.
	case snapshottest.Marker:
		// TODO: "Marker receiving rule for process p_i: on receipt of a marker message at p_i
		// over channel c: if (p_i has not yet recorded its state) it records its process state
		// now; records the state of c as the empty set; turns on recording of messages arriving
		// over other incoming channels; else p_i records the state of c as the set of messages
		// it has received over c since it saved its state." (Coulouris et al., §14.5.3)
		//
		// "Marker sending rule for process p_i: after p_i has recorded its state, for each
		// outgoing channel c: p_i sends one marker message over c (before it sends any other
		// message over c)." A snapshottest.Marker{}, to every peer.
	}
}

// Recording returns what the branch has recorded (done, once the fields above are kept).
func (n *Node) Recording() snapshottest.Recording {
	done := n.Recorded
	for j, got := range n.MarkerFrom {
		done = done && (got || model.NodeID(j) == n.Self)
	}
	return snapshottest.Recording{Recorded: n.Recorded, Balance: n.RecBalance, Channels: n.Channel, Done: done}
}

// String shows the branch in the suite's diagrams.
func (n *Node) String() string {
	if !n.Recorded {
		return fmt.Sprintf("balance %d", n.Balance)
	}
	return fmt.Sprintf("balance %d, recorded %d, channels %v, markers from %v", n.Balance, n.RecBalance, n.Channel, n.MarkerFrom)
}

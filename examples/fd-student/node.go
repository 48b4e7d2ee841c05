// Package fdstudent is where a student starts a failure detector by heartbeats: the perfect
// detector (Cachin, Guerraoui and Rodrigues, Algorithm 2.5, "Exclude on Timeout") and the
// eventually perfect one (Algorithm 2.7, "Increasing Timeout"), as one node with the
// algorithms' state and TODOs for their rules. It compiles and detects nothing; node_test.go
// runs the conformance suite (package fdtest) on it — see README.md.
package fdstudent

import (
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/failuredetector/fdtest"
)

// Node is a process. The monitor (node 0) runs the detector; every other process answers its
// heartbeat requests. It is a deterministic state machine: it reacts to its start (Init), to
// messages (Handle) and to timers (Timeout), and acts only through its actor.Context —
// ctx.Send, ctx.Broadcast, ctx.SetTimer, ctx.CancelTimer. No goroutines, clocks or randomness:
// a timer fires when the checker says so.
//
// The checker copies and compares nodes by their fields, so keep everything in plain fields
// (numbers, slices, structs; no funcs or channels), and keep the state finite: no round
// counters, or every round is a new state and the search never ends.
type Node struct {
	// Alive[q]: q has answered since the last timeout (indexed by node ID).
	Alive []bool
	// Suspected[q]: the detector outputs q — detected (the perfect detector, for good) or
	// suspected (the eventually perfect one).
	Suspected []bool
	// Delay is the timeout: give it to ctx.SetTimer, which is how the suite knows it.
	Delay time.Duration

	// Monitor, Eventual and Delta are the configuration: whether the node runs the detector,
	// which detector, and Δ (the first timeout, and the step by which the eventually perfect
	// detector lengthens it).
	Monitor  bool          `distcheck:"-"`
	Eventual bool          `distcheck:"-"`
	Delta    time.Duration `distcheck:"-"`
}

// Heartbeat messages, as plain structs. The sender of a message is the from argument of Handle.
type (
	// HeartbeatRequest asks the receiver whether it is alive.
	HeartbeatRequest struct{}
	// HeartbeatReply answers it.
	HeartbeatReply struct{}
)

// timeout is the monitor's timer: it fires at the end of each round of heartbeats.
const timeout = "timeout"

// NewPerfect returns the process cfg.ID of a perfect failure detector.
func NewPerfect(cfg fdtest.NodeConfig) fdtest.Node { return newNode(cfg, false) }

// NewEventuallyPerfect returns the process cfg.ID of an eventually perfect failure detector.
func NewEventuallyPerfect(cfg fdtest.NodeConfig) fdtest.Node { return newNode(cfg, true) }

func newNode(cfg fdtest.NodeConfig, eventual bool) *Node {
	n := len(cfg.Nodes)
	return &Node{Alive: make([]bool, n), Suspected: make([]bool, n), Delay: cfg.Delta,
		Monitor: cfg.Monitor, Eventual: eventual, Delta: cfg.Delta}
}

// Init starts the monitor's first round.
func (n *Node) Init(ctx actor.Context) {
	if !n.Monitor {
		return
	}
	// TODO: "upon event Init: alive := Π; detected := ∅ (or suspected := ∅; delay := Δ);
	// starttimer(delay)." Send a HeartbeatRequest to every other process and set the timer
	// with the delay: ctx.SetTimer(timeout, n.Delay).
}

// Timeout ends a round of heartbeats.
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	// TODO, the perfect detector (Algorithm 2.5): every process not alive and not yet
	// detected is detected; then alive := ∅, send a HeartbeatRequest to every process and
	// start the timer again.
	//
	// TODO, the eventually perfect detector (Algorithm 2.7): if some process is both alive
	// and suspected, the detector was wrong: delay := delay + Δ. Then each process that is
	// neither alive nor suspected becomes suspected, and each that is both is restored. Then
	// alive := ∅, requests, and the timer again, with the new delay.
}

// Handle answers a heartbeat request and records a reply.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// TODO: on a HeartbeatRequest, reply with a HeartbeatReply to from; on a HeartbeatReply,
	// from is alive.
}

// Suspects reports whether the detector outputs q.
func (n *Node) Suspects(q model.NodeID) bool { return n.Suspected[q] }

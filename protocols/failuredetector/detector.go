package failuredetector

import (
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Messages of the detectors.
type (
	// HeartbeatRequest asks the receiver to show it is alive. Delay is the sender's timeout
	// (the eventually perfect detector's; 0 for the perfect one): the model's network uses it to
	// decide whether the reply may miss the timeout (see the package doc).
	HeartbeatRequest struct{ Delay int }
	// HeartbeatReply shows that its sender is alive.
	HeartbeatReply struct{}
)

// Timeout is the timer that ends a round of heartbeats.
type Timeout struct{}

// Node is a process running a failure detector: the perfect one (Algorithm 2.5) when Bound is
// 0, the eventually perfect one (Algorithm 2.7) when it is positive.
type Node struct {
	// Alive[q]: q has replied since the last timeout.
	Alive []bool `distcheck:"bynode"`
	// Suspected[q]: the detector outputs q — detected (crashed) for the perfect detector,
	// suspected for the eventually perfect one.
	Suspected []bool `distcheck:"bynode"`
	// Delay is the eventually perfect detector's timeout, in increments of Δ, up to Bound (a
	// longer one behaves the same in the model).
	Delay int
	// Mistakes counts the timeouts at which the node withdrew a suspicion (a suspected process
	// had replied), up to Bound+2.
	Mistakes int
	// TimedOut: the node has had a timeout.
	TimedOut bool
	// Owe[p]: the reply to p's last request is late — the network delivers it with the reply
	// to p's next request (eventually perfect detector only).
	Owe []bool `distcheck:"bynode"`
	// Bound is the eventually perfect detector's unknown delay bound: a reply may miss a
	// timeout shorter than it. Zero is a perfect detector in a synchronous system.
	Bound int `distcheck:"-"`
	// Monitor is set on the process that runs the detector (node 0); every process answers it.
	Monitor bool `distcheck:"-"`
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

func newNode(n, bound int, monitor bool, bug bugs.Bug) *Node {
	return &Node{Alive: make([]bool, n), Suspected: make([]bool, n), Owe: make([]bool, n), Bound: bound, Monitor: monitor, Bug: bug}
}

// Init starts the monitor's first round: every process counts as alive until the first
// timeout.
func (n *Node) Init(ctx actor.Context) {
	if !n.Monitor {
		return
	}
	for i := range n.Alive {
		n.Alive[i] = true
	}
	n.Alive[ctx.ID()] = false
	n.round(ctx)
}

// round sends a heartbeat request to every other process and starts the timer.
func (n *Node) round(ctx actor.Context) {
	ctx.Broadcast(HeartbeatRequest{Delay: n.Delay})
	ctx.SetTimer(Timeout{}, 0)
}

// Timeout ends a round: the perfect detector detects every process that did not reply; the
// eventually perfect one also restores those it suspected that did reply, and then increases
// its timeout.
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	n.TimedOut = true
	if n.Bound > 0 {
		mistaken := false
		for q, s := range n.Suspected {
			if s && n.Alive[q] {
				mistaken = true
				if n.Bug != BugNeverRestore {
					n.Suspected[q] = false
				}
			}
		}
		if mistaken && n.Bug != BugNeverRestore {
			n.Mistakes = min(n.Mistakes+1, n.Bound+2)
		}
		if mistaken && n.Bug != BugNoIncrease {
			n.Delay = min(n.Delay+1, n.Bound) // a timeout at the bound or beyond behaves the same
		}
	}
	for q := range n.Alive {
		if model.NodeID(q) != ctx.ID() && !n.Alive[q] {
			n.Suspected[q] = true
		}
	}
	if n.Bug != BugNoReset {
		clear(n.Alive)
	}
	n.round(ctx)
}

// Handle answers a request and records a reply.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case HeartbeatRequest:
		owed := n.Owe[from]
		late := m.Delay < n.Bound && ctx.Choose(2) == 1
		if owed || !late {
			ctx.Send(from, HeartbeatReply{})
		}
		n.Owe[from] = late
	case HeartbeatReply:
		n.Alive[from] = true
	}
}

// Suspects reports whether the node's detector outputs q: detected, for the perfect detector;
// suspected, for the eventually perfect one.
func (n *Node) Suspects(q model.NodeID) bool { return n.Suspected[q] }

// String shows the processes the node suspects and, for the eventually perfect detector, its
// timeout and mistakes.
func (n *Node) String() string {
	var s []string
	for q, x := range n.Suspected {
		if x {
			s = append(s, fmt.Sprintf("n%d", q))
		}
	}
	out := "suspects {" + strings.Join(s, ",") + "}"
	if n.Bound > 0 {
		out += fmt.Sprintf(", delay %d, mistakes %d", n.Delay, n.Mistakes)
	}
	return out
}

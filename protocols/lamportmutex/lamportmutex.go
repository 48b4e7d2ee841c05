package lamportmutex

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/mutex"
)

// Messages of the algorithm, each stamped with its sender's Lamport clock.
type (
	// Request asks for the critical section (rule 1).
	Request struct{ TS clocks.Lamport }
	// Ack acknowledges a request (rule 2).
	Ack struct{ TS clocks.Lamport }
	// Release says the sender left the critical section (rule 3).
	Release struct{ TS clocks.Lamport }
)

// The timers of a node.
const (
	// WantTimer: the node wants the critical section.
	WantTimer = "want"
	// ExitTimer: the node leaves the critical section.
	ExitTimer = "exit"
)

// The named buggy variants.
const (
	// BugNoAcks enters when its request heads its queue, without waiting for later messages.
	BugNoAcks bugs.Bug = "no-acks"
	// BugNoTiebreak orders requests by timestamp alone.
	BugNoTiebreak bugs.Bug = "no-tiebreak"
	// BugUnorderedChannels runs the algorithm on a network that reorders messages.
	BugUnorderedChannels bugs.Bug = "unordered-channels"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "lamport-mutex", Variants: []bugs.Variant{
	{Bug: BugNoAcks, Summary: "enters when its request heads its own queue, before hearing from everyone (default flags: two inside, MutualExclusion)"},
	{Bug: BugNoTiebreak, Summary: "requests ordered by timestamp alone, ties counting as first (default flags: equal timestamps, two inside, MutualExclusion)"},
	{Bug: BugUnorderedChannels, Summary: "run on a network that reorders messages: an ack overtakes an earlier request (default flags: two inside, MutualExclusion)"},
}}

// Node is a node of the algorithm.
type Node struct {
	// State is where the node is with respect to the critical section.
	State mutex.State
	// Clock is the node's Lamport clock.
	Clock clocks.Lamport
	// Queue[i] is node i's pending request's timestamp as this node knows it, 0 for none
	// (timestamps start at 1); Queue[self] is the node's own.
	Queue []clocks.Lamport
	// Latest[i] is the stamp of the latest message received from node i.
	Latest []clocks.Lamport
	// Left is how many more times the node will want the critical section.
	Left int
	// Entered counts the node's entries.
	Entered int
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets a node that has entries left want the critical section.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(WantTimer, 0)
	}
}

// Timeout requests the critical section (rule 1), or leaves it and releases (rule 3).
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == WantTimer && n.State == mutex.Released:
		n.State = mutex.Wanted
		ts := n.Clock.Send()
		n.Queue[ctx.ID()] = ts
		ctx.Broadcast(Request{TS: ts})
		n.tryEnter(ctx)
	case t == ExitTimer && n.State == mutex.Held:
		n.State = mutex.Released
		n.Queue[ctx.ID()] = 0
		ctx.Broadcast(Release{TS: n.Clock.Send()})
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(WantTimer, 0)
		}
	}
}

// Handle queues requests and acknowledges them (rule 2), dequeues released ones (rule 4), and
// enters when rule 5 allows.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Request:
		n.receive(from, m.TS)
		n.Queue[from] = m.TS
		ctx.Send(from, Ack{TS: n.Clock.Send()})
	case Ack:
		n.receive(from, m.TS)
	case Release:
		n.receive(from, m.TS)
		n.Queue[from] = 0
	}
	n.tryEnter(ctx)
}

// receive advances the clock past a message from node from stamped ts and remembers it.
func (n *Node) receive(from model.NodeID, ts clocks.Lamport) {
	n.Clock.Receive(ts)
	n.Latest[from] = max(n.Latest[from], ts)
}

// tryEnter enters the critical section if the node wants it and rule 5 allows.
func (n *Node) tryEnter(ctx actor.Context) {
	if n.State != mutex.Wanted {
		return
	}
	self := ctx.ID()
	mine := n.Queue[self]
	for j, ts := range n.Queue {
		id := model.NodeID(j)
		if id == self {
			continue
		}
		if n.Latest[j] <= mine && n.Bug != BugNoAcks {
			return // rule 5(ii): nothing from j later than the request yet
		}
		if ts != 0 && !n.first(mine, self, ts, id) {
			return // rule 5(i): j's request comes first
		}
	}
	n.State = mutex.Held
	n.Entered++
	ctx.SetTimer(ExitTimer, 0)
}

// first reports whether request (a, i) comes before request (b, j).
func (n *Node) first(a clocks.Lamport, i model.NodeID, b clocks.Lamport, j model.NodeID) bool {
	if n.Bug == BugNoTiebreak {
		return a <= b
	}
	return clocks.Before(a, i, b, j)
}

// String shows the node's state, clock and queue, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("%s clock %d, queue", n.State, n.Clock)
	empty := true
	for i, ts := range n.Queue {
		if ts != 0 {
			s += fmt.Sprintf(" n%d@%d", i, ts)
			empty = false
		}
	}
	if empty {
		s += " empty"
	}
	return s + fmt.Sprintf(", entered %d", n.Entered)
}

// Config configures a system (mutex.Config).
type Config = mutex.Config

// New returns the system of Lamport's mutual exclusion for cfg, on FIFO channels.
func New(cfg Config) (*actor.System, error) {
	if err := cfg.Check(Catalog, 0); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{Queue: make([]clocks.Lamport, cfg.Nodes), Latest: make([]clocks.Lamport, cfg.Nodes), Left: cfg.EntriesOf(i), Bug: cfg.Bug}
	}
	network := actor.Ordered
	if cfg.Bug == BugUnorderedChannels {
		network = actor.Unordered
	}
	return &actor.System{
		Protocol: "lamport-mutex",
		Params:   actor.TraceParams(cfg.Params(), string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Network:  network,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    mutex.Properties(cfg.Total()),
	}, nil
}

// InCriticalSection reports whether the node holds the critical section.
func (n *Node) InCriticalSection() bool { return n.State == mutex.Held }

// Entries counts the node's entries into the critical section.
func (n *Node) Entries() int { return n.Entered }

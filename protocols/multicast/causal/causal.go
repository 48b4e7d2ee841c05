package causal

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Data is a broadcast message and its causal past, counted per sender.
type Data struct {
	ID multicast.ID
	W  clocks.Vector
}

// BroadcastTimer fires when a process broadcasts its next message.
const BroadcastTimer = "broadcast"

// The named buggy variants.
const (
	// BugNoWait delivers messages on arrival.
	BugNoWait bugs.Bug = "no-wait"
	// BugSenderEntryOnly waits for the sender's earlier messages only.
	BugSenderEntryOnly bugs.Bug = "sender-entry-only"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "causal-broadcast", Variants: []bugs.Variant{
	{Bug: BugNoWait, Summary: "messages are delivered on arrival (default flags: a reply before the message it answers, CausalOrder)"},
	{Bug: BugSenderEntryOnly, Summary: "only the sender's entry of the stamp is checked, which is FIFO order (default flags: a reply before the message it answers, CausalOrder)"},
}}

// Node is a process of the causal broadcast.
type Node struct {
	multicast.Record
	// V[k] counts the messages of process k delivered.
	V clocks.Vector
	// Pending holds the messages received and not yet delivered, sorted by ID.
	Pending []Data
	// Left is how many more messages the process will broadcast.
	Left int
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the process broadcast.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(BroadcastTimer, 0)
	}
}

// Timeout broadcasts a message, stamped with its causal past, and delivers it at once.
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	self := ctx.ID()
	id := n.Record.Broadcast(self)
	w := slices.Clone(n.V)
	w[self] = id.Seq // the messages this process broadcast before
	ctx.Broadcast(Data{ID: id, W: w})
	n.Record.Deliver(id)
	n.V[self]++
	if n.Left--; n.Left > 0 {
		ctx.SetTimer(BroadcastTimer, 0)
	}
}

// Handle keeps a message until its causal past is delivered, then delivers it and any
// pending message it was holding back.
func (n *Node) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	m, ok := msg.(Data)
	if !ok {
		return
	}
	i, _ := slices.BinarySearchFunc(n.Pending, m, func(a, b Data) int { return compareIDs(a.ID, b.ID) })
	n.Pending = slices.Insert(n.Pending, i, m)
	for again := true; again; {
		again = false
		for i, p := range n.Pending {
			if n.deliverable(p) {
				n.Pending = slices.Delete(n.Pending, i, i+1)
				n.Record.Deliver(p.ID)
				n.V[p.ID.Sender]++
				again = true
				break
			}
		}
	}
}

// deliverable reports whether m's causal past has been delivered: W ≤ V.
func (n *Node) deliverable(m Data) bool {
	switch n.Bug {
	case BugNoWait:
		return true
	case BugSenderEntryOnly:
		return m.W[m.ID.Sender] <= n.V[m.ID.Sender]
	}
	for k, w := range m.W {
		if w > n.V[k] {
			return false
		}
	}
	return true
}

func compareIDs(a, b multicast.ID) int {
	if a.Sender != b.Sender {
		return int(a.Sender) - int(b.Sender)
	}
	return a.Seq - b.Seq
}

// String shows the vector, the delivered messages and the pending ones, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("V=%v delivered %v", n.V, n.Log)
	if len(n.Pending) > 0 {
		s += fmt.Sprintf(" pending %v", n.Pending)
	}
	return s
}

// Config configures a system.
type Config struct {
	// Nodes is the number of processes (at least 2).
	Nodes int
	// Messages is how many messages each process broadcasts (at least 1).
	Messages int
	// Faults are the fault budgets. The system assumes reliable links and no crash; they are
	// there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2), setup.AtLeast("messages", cfg.Messages, 1)); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{V: clocks.NewVector(cfg.Nodes), Left: cfg.Messages, Bug: cfg.Bug}
	}
	return &actor.System{
		Protocol: Catalog.Protocol,
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "messages": cfg.Messages}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    multicast.Properties(cfg.Nodes, cfg.Messages, multicast.FIFO|multicast.Causal),
	}, nil
}

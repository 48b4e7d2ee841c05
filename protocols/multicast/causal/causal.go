package causal

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/multicast"
)

// Data is a broadcast message and its causal past, counted per sender.
type Data struct {
	ID multicast.ID
	W  clocks.Vector
}

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
	multicast.Sender
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the process broadcast.
func (n *Node) Init(ctx actor.Context) {
	n.Sender.Start(ctx)
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
	n.Sender.Sent(ctx)
}

// Handle keeps a message until its causal past is delivered, then delivers it and any
// pending message it was holding back.
func (n *Node) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	m, ok := msg.(Data)
	if !ok {
		return
	}
	i, _ := slices.BinarySearchFunc(n.Pending, m, func(a, b Data) int { return multicast.CompareIDs(a.ID, b.ID) })
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

// String shows the vector, the delivered messages and the pending ones, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("V=%v delivered %v", n.V, n.Log)
	if len(n.Pending) > 0 {
		s += fmt.Sprintf(" pending %v", n.Pending)
	}
	return s
}

// Config configures a system: Nodes processes each broadcasting Messages messages.
type Config = multicast.Config

// New returns the system for cfg.
func New(cfg Config) (*actor.System, error) {
	return multicast.NewSystem(Catalog, cfg, func(int) actor.Node {
		return &Node{V: clocks.NewVector(cfg.Nodes), Sender: multicast.Sender{Left: cfg.Messages}, Bug: cfg.Bug}
	}, multicast.FIFO|multicast.Causal)
}

package sequencer

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multicast"
)

// Messages of the algorithm.
type (
	// Submit hands a message to the sequencer.
	Submit struct{ ID multicast.ID }
	// Numbered is a message with its place in the global order (G), sent by the sequencer.
	Numbered struct {
		G  int
		ID multicast.ID
	}
)

// The sequencer's ID.
const sequencerID model.NodeID = 0

// The named buggy variants.
const (
	// BugNoHoldback delivers numbered messages on arrival.
	BugNoHoldback bugs.Bug = "no-holdback"
	// BugSenderNumbers lets each sender number its own messages.
	BugSenderNumbers bugs.Bug = "sender-numbers"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "sequencer-broadcast", Variants: []bugs.Variant{
	{Bug: BugNoHoldback, Summary: "numbered messages are delivered on arrival (default flags: two processes deliver in different orders, TotalOrder)"},
	{Bug: BugSenderNumbers, Summary: "no sequencer: each sender numbers its own messages, which is FIFO order (default flags: TotalOrder)"},
}}

// Node is a process; node 0 is also the sequencer.
type Node struct {
	multicast.Record
	// Count is the number the sequencer gives the next message (sequencer only).
	Count int
	// Next is the number of the next message to deliver; with BugSenderNumbers, NextFrom[k] is
	// the next of sender k's messages.
	Next     int
	NextFrom []int
	// Holdback holds the numbered messages received and not yet delivered, sorted.
	Holdback []Numbered
	multicast.Sender
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the process broadcast.
func (n *Node) Init(ctx actor.Context) {
	n.Sender.Start(ctx)
}

// Timeout broadcasts a message: it goes to the sequencer (or, with BugSenderNumbers, to
// everyone, numbered by its sender).
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	id := n.Record.Broadcast(ctx.ID())
	switch {
	case n.Bug == BugSenderNumbers:
		m := Numbered{G: id.Seq, ID: id}
		ctx.Broadcast(m)
		n.receive(m)
	case ctx.ID() == sequencerID:
		n.sequence(ctx, id)
	default:
		ctx.Send(sequencerID, Submit{ID: id})
	}
	n.Sender.Sent(ctx)
}

// Handle numbers a submitted message (at the sequencer) or delivers numbered ones in order.
func (n *Node) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Submit:
		n.sequence(ctx, m.ID)
	case Numbered:
		n.receive(m)
	}
}

// sequence gives id the next number and sends it to every process, itself included.
func (n *Node) sequence(ctx actor.Context, id multicast.ID) {
	m := Numbered{G: n.Count, ID: id}
	n.Count++
	ctx.Broadcast(m)
	n.receive(m)
}

// receive holds m back and delivers what is next in order.
func (n *Node) receive(m Numbered) {
	if n.Bug == BugNoHoldback {
		n.Record.Deliver(m.ID)
		return
	}
	i, _ := slices.BinarySearchFunc(n.Holdback, m, compare)
	n.Holdback = slices.Insert(n.Holdback, i, m)
	for again := true; again; {
		again = false
		for i, h := range n.Holdback {
			if n.next(h) {
				n.Holdback = slices.Delete(n.Holdback, i, i+1)
				n.Record.Deliver(h.ID)
				again = true
				break
			}
		}
	}
}

// next reports whether h is the next message to deliver, and if so counts it delivered.
func (n *Node) next(h Numbered) bool {
	if n.Bug == BugSenderNumbers {
		if h.G != n.NextFrom[h.ID.Sender] {
			return false
		}
		n.NextFrom[h.ID.Sender]++
		return true
	}
	if h.G != n.Next {
		return false
	}
	n.Next++
	return true
}

func compare(a, b Numbered) int {
	if a.G != b.G {
		return a.G - b.G
	}
	return multicast.CompareIDs(a.ID, b.ID)
}

// String shows what the process delivered and holds back, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("delivered %v", n.Log)
	if len(n.Holdback) > 0 {
		s += fmt.Sprintf(" holds back %v", n.Holdback)
	}
	return s
}

// Config configures a system: Nodes processes each broadcasting Messages messages.
type Config = multicast.Config

// New returns the system for cfg.
func New(cfg Config) (*actor.System, error) {
	return multicast.NewSystem(Catalog, cfg, func(int) actor.Node {
		return &Node{NextFrom: make([]int, cfg.Nodes), Sender: multicast.Sender{Left: cfg.Messages}, Bug: cfg.Bug}
	}, multicast.Total)
}

package clocks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugNoMax: Lamport receive ticks its own clock and ignores the message's stamp.
	BugNoMax bugs.Bug = "no-max"
	// BugNoTickOnSend: a Lamport stamp is the clock as it is, not incremented for the send.
	BugNoTickOnSend bugs.Bug = "no-tick-on-send"
	// BugNoTickOnReceive: vector receive merges the stamp but does not count the receipt.
	BugNoTickOnReceive bugs.Bug = "no-tick-on-receive"
	// BugCompareAny: vector a < b when some entry of a is smaller, whatever the others.
	BugCompareAny bugs.Bug = "compare-any"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "clocks", Variants: []bugs.Variant{
	{Bug: BugNoMax, Summary: "Lamport receive ticks without max(own, stamp) (default flags: a receipt is earlier than its send, ClockCondition)"},
	{Bug: BugNoTickOnSend, Summary: "a Lamport stamp is not incremented for the send (default flags: ClockCondition)"},
	{Bug: BugNoTickOnReceive, Summary: "vector receive merges but does not count the receipt (default flags: VectorCharacterization)"},
	{Bug: BugCompareAny, Summary: "vectors compared by 'some entry smaller' (default flags: concurrent events look ordered, VectorCharacterization)"},
}}

// EventKind says what an event was.
type EventKind uint8

// The kinds of event.
const (
	Local EventKind = iota
	Send
	Receive
)

// Event is one event of a node, as the node recorded it.
type Event struct {
	Kind EventKind
	// Peer is the receiver of a Send and the sender of a Receive.
	Peer model.NodeID
	// Seq links a Receive to its Send: the index of the Send among its node's events.
	Seq int
	// L and V are the event's Lamport and vector times.
	L Lamport
	V Vector
}

// Stamped is a message of the demonstration, carrying both clocks.
type Stamped struct {
	// Seq is the index of the send among the sender's events.
	Seq int
	L   Lamport
	V   Vector
}

// ActTimer lets a node with events left do its next one.
const ActTimer = "act"

// Node is a node of the demonstration: it embeds both clocks and records every event.
type Node struct {
	// Left is how many local events and sends the node may still do.
	Left int
	// L and V are the node's clocks.
	L Lamport
	V Vector
	// Events are the node's events, in order.
	Events []Event
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the node act if it has events left.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(ActTimer, 0)
	}
}

// Timeout does a local event or sends to a peer, as the explorer chooses.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	if t != ActTimer || n.Left == 0 {
		return
	}
	n.Left--
	if n.Left > 0 {
		ctx.SetTimer(ActTimer, 0)
	}
	self, peers := ctx.ID(), ctx.Peers()
	c := ctx.Choose(1 + len(peers))
	if c == 0 {
		n.record(Event{Kind: Local, Peer: model.NoNode, L: n.L.Tick(), V: n.V.Tick(self)})
		return
	}
	to := peers[c-1]
	l := n.L // BugNoTickOnSend: the stamp is the clock of the previous event
	if n.Bug != BugNoTickOnSend {
		l = n.L.Send()
	}
	v := n.V.Send(self)
	n.record(Event{Kind: Send, Peer: to, Seq: len(n.Events), L: l, V: v})
	ctx.Send(to, Stamped{Seq: len(n.Events) - 1, L: l, V: v})
}

// Handle receives a message.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	m, ok := msg.(Stamped)
	if !ok {
		return
	}
	var l Lamport
	if n.Bug == BugNoMax {
		l = n.L.Tick()
	} else {
		l = n.L.Receive(m.L)
	}
	var v Vector
	if n.Bug == BugNoTickOnReceive {
		n.V.Merge(m.V)
		v = n.V.Copy()
	} else {
		v = n.V.Receive(ctx.ID(), m.V)
	}
	n.record(Event{Kind: Receive, Peer: from, Seq: m.Seq, L: l, V: v})
}

func (n *Node) record(e Event) { n.Events = append(n.Events, e) }

// Less is the node's comparison of vector times: clocks.Less, or the wrong one of
// BugCompareAny.
func (n *Node) Less(a, b Vector) bool {
	if n.Bug != BugCompareAny {
		return Less(a, b)
	}
	for i := range a {
		if a[i] < b[i] {
			return true
		}
	}
	return false
}

// String shows the node's events with their times, for diagrams.
func (n *Node) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "L=%d V=%v", n.L, n.V)
	for _, e := range n.Events {
		switch e.Kind {
		case Local:
			s.WriteString(" | local")
		case Send:
			fmt.Fprintf(&s, " | send→n%d", e.Peer)
		case Receive:
			fmt.Fprintf(&s, " | recv←n%d", e.Peer)
		}
		fmt.Fprintf(&s, " %d %v", e.L, e.V)
	}
	return s.String()
}

// Config configures a demonstration.
type Config struct {
	// Nodes is the number of nodes (at least 2).
	Nodes int
	// Events is how many local events and sends each node does (at least 1).
	Events int
	// Faults are the fault budgets: drops and duplicates (crashes are refused: a node's
	// events are its memory).
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the demonstration for cfg, with the properties ClockCondition,
// VectorCharacterization and CausalChain.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2), setup.AtLeast("events", cfg.Events, 1)); err != nil {
		return nil, err
	}
	if cfg.Faults.Crashes > 0 || cfg.Faults.Partitions > 0 {
		return nil, errors.New("clocks: faults: crashes and partitions are not modelled (use drops and duplicates)")
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{Left: cfg.Events, V: NewVector(cfg.Nodes), Bug: cfg.Bug}
	}
	return &actor.System{
		Protocol: "clocks",
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "events": cfg.Events}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Props:    Properties(nodes[0].(*Node).Less),
	}, nil
}

// Recorder is what the properties read of a node: the events it recorded, in order, with
// their times — this package's Node, or another that embeds other clocks (package
// clockstest's suite).
type Recorder interface {
	actor.Node
	Recorded() []Event
}

// Recorded returns the node's events.
func (n *Node) Recorded() []Event { return n.Events }

// Properties returns ClockCondition, VectorCharacterization — with vector times compared by
// less — and CausalChain, over the events that a system's Recorders recorded.
func Properties(less func(a, b Vector) bool) []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always("ClockCondition", func(s *actor.State) bool {
			return everyPair(s, func(h *History, a, b int) bool { return !h.Before(a, b) || h.Events[a].L < h.Events[b].L })
		}),
		properties.Always("VectorCharacterization", func(s *actor.State) bool {
			return everyPair(s, func(h *History, a, b int) bool { return h.Before(a, b) == less(h.Events[a].V, h.Events[b].V) })
		}),
		properties.Sometimes("CausalChain", func(s *actor.State) bool {
			h := Trace(s)
			for b := range h.Events {
				if h.HeardFromAll(b) {
					return true
				}
			}
			return false
		}),
	}
}

// everyPair reports whether ok holds for every ordered pair of distinct events of s.
func everyPair(s *actor.State, ok func(h *History, a, b int) bool) bool {
	h := Trace(s)
	for a := range h.Events {
		for b := range h.Events {
			if a != b && !ok(h, a, b) {
				return false
			}
		}
	}
	return true
}

package links

import (
	"fmt"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Data is an application message: node 0's Nth message to each receiver.
type Data struct{ N int }

// The named buggy variants.
const (
	// BugNoDedup: the perfect link hands the node every copy that arrives.
	BugNoDedup bugs.Bug = "no-dedup"
	// BugRetransmitOnce: the stubborn link does not restart its timer after retransmitting.
	BugRetransmitOnce bugs.Bug = "retransmit-once"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "links", Variants: []bugs.Variant{
	{Bug: BugNoDedup, Summary: "the perfect link does not eliminate duplicates (default flags: a retransmitted copy is delivered twice, NoDuplication)"},
	{Bug: BugRetransmitOnce, Summary: "the stubborn link retransmits once and stops (--drops 2: a message and its retransmission are lost, ReliableDelivery)"},
}}

// Delivery is a message a node delivered and its sender.
type Delivery struct {
	From model.NodeID
	Msg  actor.Message
}

// Node is a process: node 0 sends, the others receive, all over perfect links.
type Node struct {
	Link Perfect
	// Got counts the node's deliveries of each message.
	Got map[Delivery]int
	// Send is how many messages the node sends to each other node (node 0's only).
	Send int `distcheck:"-"`
}

// Init sends the node's messages to every other node.
func (n *Node) Init(ctx actor.Context) {
	for v := 1; v <= n.Send; v++ {
		for _, p := range ctx.Peers() {
			n.Link.Send(ctx, p, Data{N: v})
		}
	}
}

// Handle delivers what the perfect link hands up.
func (n *Node) Handle(_ actor.Context, from model.NodeID, msg actor.Message) {
	if m, ok := n.Link.Receive(from, msg); ok {
		n.Got[Delivery{From: from, Msg: m}]++
	}
}

// Timeout passes the link's timer on.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) { n.Link.Timeout(ctx, t) }

// String lists the node's deliveries, for diagrams.
func (n *Node) String() string {
	var got []string
	for d, c := range n.Got {
		got = append(got, fmt.Sprintf("%+v from n%d ×%d", d.Msg, d.From, c))
	}
	slices.Sort(got)
	return fmt.Sprintf("sent %d, delivered [%s]", len(n.Link.Stubborn.Sent), strings.Join(got, ", "))
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes: node 0 and its receivers (at least 2).
	Nodes int
	// Messages is how many messages node 0 sends to each receiver (at least 1).
	Messages int
	// Faults are the fault budgets: the fair-loss network's losses and duplicates.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2, "a sender and a receiver"), setup.AtLeast("messages", cfg.Messages, 1)); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		n := &Node{Got: map[Delivery]int{}, Link: Perfect{Bug: cfg.Bug, Stubborn: Stubborn{Bug: cfg.Bug}}}
		if i == 0 {
			n.Send = cfg.Messages
		}
		nodes[i] = n
	}
	sent := func(d Delivery) bool {
		m, ok := d.Msg.(Data)
		return ok && d.From == 0 && m.N >= 1 && m.N <= cfg.Messages
	}
	return &actor.System{
		Protocol:  "links",
		Params:    actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "messages": cfg.Messages}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:     nodes,
		Faults:    cfg.Faults,
		Timers:    actor.TimersWhenQuiet,
		MaxCopies: 1, // a copy in flight stands for the retransmissions after it
		Fair:      model.FairActions,
		Props: []model.Property[*actor.State]{
			properties.Always("NoDuplication", func(s *actor.State) bool {
				return every(s, func(_ int, n *Node) bool {
					for _, c := range n.Got {
						if c > 1 {
							return false
						}
					}
					return true
				})
			}),
			properties.Always("NoCreation", func(s *actor.State) bool {
				return every(s, func(_ int, n *Node) bool {
					for d := range n.Got {
						if !sent(d) {
							return false
						}
					}
					return true
				})
			}),
			properties.Sometimes("SomeDelivery", func(s *actor.State) bool {
				return !every(s, func(_ int, n *Node) bool { return len(n.Got) == 0 })
			}),
			properties.Eventually("ReliableDelivery", func(s *actor.State) bool {
				return every(s, func(i int, n *Node) bool {
					return i == 0 || len(n.Got) == cfg.Messages // no creation makes these node 0's
				})
			}),
		},
	}, nil
}

// every reports whether pred holds of every node of s.
func every(s *actor.State, pred func(i int, n *Node) bool) bool {
	for i := range s.NumNodes() {
		if !pred(i, actor.NodeAs[*Node](s, model.NodeID(i))) {
			return false
		}
	}
	return true
}

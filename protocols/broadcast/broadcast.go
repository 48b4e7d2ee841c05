package broadcast

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/retransmit"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Data is the message the sender broadcasts.
type Data struct{}

// The named buggy variants.
const (
	// BugNoRetransmit sends each copy of the message once, straight over the fair-loss
	// network, and delivers every copy that arrives: a lost message is never delivered, and
	// a duplicated one is delivered twice.
	BugNoRetransmit bugs.Bug = "no-retransmit"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "broadcast", Variants: []bugs.Variant{
	{Bug: BugNoRetransmit, Summary: "the message is sent once over the lossy network (--drops 1: a node never delivers; --duplicates 1: one delivers twice)"},
}}

// Node is a process of the broadcast: the sender (node 0) or a receiver.
type Node struct {
	// Delivered counts the times the node handed the message to its application: at most
	// once when the protocol is right. What was delivered stays delivered: it is durable.
	Delivered int `distcheck:"durable"`
	// Links is the node's end of the perfect links (unused by BugNoRetransmit); it is durable,
	// so a node that recovers neither delivers twice nor forgets what it still has to send.
	Links retransmit.Retransmitter `distcheck:"durable"`
	// Sender is set on node 0, which broadcasts.
	Sender bool `distcheck:"-"`
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init makes the sender deliver its own message and send it to every other node. After a
// crash, a node resumes retransmitting what is still unacknowledged.
func (n *Node) Init(ctx actor.Context) {
	n.Links.Resume(ctx)
	if !n.Sender || n.Delivered > 0 {
		return
	}
	n.Delivered++
	if n.Bug == BugNoRetransmit {
		ctx.Broadcast(Data{})
		return
	}
	n.Links.Broadcast(ctx, Data{})
}

// Handle delivers the message. Over perfect links the first copy is delivered and later ones
// are only acknowledged again; BugNoRetransmit delivers every copy.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if n.Bug != BugNoRetransmit {
		var fresh bool
		if msg, fresh = n.Links.Receive(ctx, from, msg); !fresh {
			return
		}
	}
	if _, ok := msg.(Data); ok {
		n.Delivered++
	}
}

// Timeout passes the retransmission timer to the links.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) { n.Links.Timeout(ctx, t) }

// String shows how often the node delivered and, for the sender, how many sends are not yet
// acknowledged.
func (n *Node) String() string {
	s := fmt.Sprintf("delivered=%d", n.Delivered)
	if len(n.Links.Pending) > 0 {
		s += fmt.Sprintf(" unacked=%d", len(n.Links.Pending))
	}
	return s
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes, the sender included (at least 2).
	Nodes int
	// Faults are the fault budgets: lost and duplicated messages, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the broadcast system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2, "a sender and a receiver")); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{Sender: i == 0, Bug: cfg.Bug}
	}
	return &actor.System{
		Protocol:  "broadcast",
		Params:    actor.TraceParams(map[string]int{"nodes": cfg.Nodes}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:     nodes,
		Faults:    cfg.Faults,
		Timers:    actor.TimersWhenQuiet,
		MaxCopies: 1, // a copy in flight stands for the retransmissions after it
		Props: []model.Property[*actor.State]{
			properties.Always("NoDuplication", func(s *actor.State) bool { return deliveries(s, func(d int) bool { return d > 1 }) == 0 }),
			properties.Sometimes("SomeDelivery", func(s *actor.State) bool { return deliveries(s, func(d int) bool { return d > 0 }) > 1 }),
			properties.Eventually("AllDeliver", func(s *actor.State) bool {
				return deliveries(s, func(d int) bool { return d > 0 }) == s.NumNodes()
			}),
		},
	}, nil
}

// deliveries counts the nodes whose number of deliveries satisfies pred.
func deliveries(s *actor.State, pred func(int) bool) int {
	n := 0
	for i := range s.NumNodes() {
		if pred(actor.NodeAs[*Node](s, model.NodeID(i)).Delivered) {
			n++
		}
	}
	return n
}

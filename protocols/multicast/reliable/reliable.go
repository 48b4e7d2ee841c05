package reliable

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Data carries a broadcast message from one process to another (its sender is in the ID).
type Data struct{ ID multicast.ID }

// Copy is a Data waiting in a process's outbox, and its destination.
type Copy struct {
	To  model.NodeID
	Msg Data
}

// The timers of a process.
const (
	// SendTimer: the process sends the next copy in its outbox.
	SendTimer = "send"
)

// The named buggy variants.
const (
	// BugNoRelay (eager): a process does not relay what it delivers — best-effort broadcast.
	BugNoRelay bugs.Bug = "no-relay"
	// BugDeliverEveryCopy (eager) delivers every copy that arrives, not only the first.
	BugDeliverEveryCopy bugs.Bug = "deliver-every-copy"
	// BugDeliverOnReceipt (uniform): a process delivers on first receipt, as the eager
	// algorithm does.
	BugDeliverOnReceipt bugs.Bug = "deliver-on-receipt"
	// BugNoHoldback (FIFO) delivers a message as soon as reliable broadcast delivers it.
	BugNoHoldback bugs.Bug = "no-holdback"
	// BugDropEarly (FIFO) discards a message that arrives ahead of its turn instead of holding
	// it back.
	BugDropEarly bugs.Bug = "drop-early"
	// BugHalfIsMajority (uniform): a process delivers once half the processes (rounded down)
	// have relayed the message, not more than half.
	BugHalfIsMajority bugs.Bug = "half-is-majority"
)

// EagerCatalog lists the eager reliable broadcast's named buggy variants, each with a line on
// what it gets wrong, the flags of distcheck check that show it and the property that breaks.
var EagerCatalog = bugs.Catalog{Protocol: "reliable-broadcast", Variants: []bugs.Variant{
	{Bug: BugNoRelay, Summary: "what is delivered is not relayed: best-effort broadcast (--crashes 1: the sender crashes partway through its sends, Agreement)"},
	{Bug: BugDeliverEveryCopy, Summary: "every copy that arrives is delivered, the relays' too (default flags: NoDuplication)"},
}}

// UniformCatalog lists the majority-ack uniform reliable broadcast's named buggy variants.
var UniformCatalog = bugs.Catalog{Protocol: "uniform-broadcast", Variants: []bugs.Variant{
	{Bug: BugDeliverOnReceipt, Summary: "a process delivers on first receipt, as eager broadcast does (--crashes 1: it delivers and crashes before its relays go out, UniformAgreement)"},
	{Bug: BugHalfIsMajority, Summary: "a process delivers once half the processes, rounded down, relayed the message (--crashes 1 with 3 processes: half is the sender alone, which delivers and crashes, UniformAgreement)"},
}}

// FIFOCatalog lists the FIFO reliable broadcast's named buggy variants.
var FIFOCatalog = bugs.Catalog{Protocol: "fifo-broadcast", Variants: []bugs.Variant{
	{Bug: BugNoHoldback, Summary: "messages are delivered as reliable broadcast delivers them, in any order (default flags: FIFOOrder)"},
	{Bug: BugDropEarly, Summary: "a message that arrives ahead of its turn is discarded, not held back (default flags: it is never delivered, Agreement)"},
}}

// Node is a process of the broadcast.
type Node struct {
	multicast.Record
	// Seen holds the messages the process has relayed (or broadcast), sorted.
	Seen []multicast.ID
	// Acks[k] are the processes known to have relayed message Seen[k] (uniform only).
	Acks [][]bool
	// Outbox holds the copies still to send, in order: a broadcast is a sequence of sends,
	// and a process can crash between two of them.
	Outbox []Copy
	multicast.Sender
	// Next[k] is the number of sender k's next message in FIFO order, and Held the messages
	// reliable broadcast delivered ahead of their turn (FIFO only), sorted.
	Next []int
	Held []multicast.ID
	// Uniform selects the majority-ack uniform algorithm; FIFO, FIFO order on the eager one.
	Uniform bool `distcheck:"-"`
	FIFO    bool `distcheck:"-"`
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the process broadcast.
func (n *Node) Init(ctx actor.Context) {
	n.Sender.Start(ctx)
}

// Timeout broadcasts a message or sends the next copy in the outbox.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	if t == SendTimer {
		c := n.Outbox[0]
		n.Outbox = n.Outbox[1:]
		ctx.Send(c.To, c.Msg)
		if len(n.Outbox) > 0 {
			ctx.SetTimer(SendTimer, 0)
		}
		return
	}
	id := n.Record.Broadcast(ctx.ID())
	n.receive(ctx, ctx.ID(), Data{ID: id})
	n.Sender.Sent(ctx)
}

// Handle takes a copy of a message.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if m, ok := msg.(Data); ok {
		n.receive(ctx, from, m)
	}
}

// receive handles a copy of m from from (the process itself, for its own broadcast): the
// first copy is relayed to every other process; the eager algorithm delivers it at once, the
// uniform one once more than half the processes have relayed it.
func (n *Node) receive(ctx actor.Context, from model.NodeID, m Data) {
	k, seen := slices.BinarySearchFunc(n.Seen, m.ID, multicast.CompareIDs)
	if !seen {
		n.Seen = slices.Insert(n.Seen, k, m.ID)
		n.Acks = slices.Insert(n.Acks, k, make([]bool, len(ctx.Nodes())))
		if n.relays(ctx, m) {
			for _, p := range ctx.Peers() {
				n.Outbox = append(n.Outbox, Copy{To: p, Msg: m})
			}
			ctx.SetTimer(SendTimer, 0)
		}
		n.Acks[k][ctx.ID()] = true // its own copy
		if !n.Uniform || n.Bug == BugDeliverOnReceipt {
			n.deliver(m.ID)
			return
		}
	}
	if n.Bug == BugDeliverEveryCopy {
		n.deliver(m.ID)
	}
	if !n.Uniform || n.Bug == BugDeliverOnReceipt || slices.Contains(n.Log, m.ID) {
		return
	}
	n.Acks[k][from] = true
	acks := 0
	for _, a := range n.Acks[k] {
		if a {
			acks++
		}
	}
	if acks > len(ctx.Nodes())/2 || n.Bug == BugHalfIsMajority && acks >= len(ctx.Nodes())/2 {
		n.deliver(m.ID)
	}
}

// deliver delivers what reliable broadcast delivers; with FIFO, in each sender's order
// (Algorithm 3.12, Broadcast with Sequence Number: the ID's Seq is the sequence number).
func (n *Node) deliver(id multicast.ID) {
	if !n.FIFO || n.Bug == BugNoHoldback {
		n.Record.Deliver(id)
		return
	}
	if id.Seq != n.Next[id.Sender] && n.Bug == BugDropEarly {
		return
	}
	k, _ := slices.BinarySearchFunc(n.Held, id, multicast.CompareIDs)
	n.Held = slices.Insert(n.Held, k, id)
	for k := 0; k < len(n.Held); {
		h := n.Held[k]
		if h.Seq != n.Next[h.Sender] {
			k++
			continue
		}
		n.Held = slices.Delete(n.Held, k, k+1)
		n.Next[h.Sender]++
		n.Record.Deliver(h)
		k = 0
	}
}

// relays reports whether the process sends m on to every other process.
func (n *Node) relays(ctx actor.Context, m Data) bool {
	switch n.Bug {
	case BugNoRelay:
		return m.ID.Sender == ctx.ID()
	}
	return true
}

// String shows what the process delivered and still has to send, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("delivered %v", n.Log)
	if len(n.Outbox) > 0 {
		s += fmt.Sprintf(", %d copies to send", len(n.Outbox))
	}
	return s
}

// Config configures a system.
type Config struct {
	// Nodes is the number of processes (at least 2; the uniform algorithm needs a majority of
	// them correct).
	Nodes int
	// Messages is how many messages node 0, the sender, broadcasts (at least 1).
	Messages int
	// Uniform selects the majority-ack uniform reliable broadcast instead of the eager one.
	Uniform bool
	// FIFO adds FIFO order to the eager one (not with Uniform).
	FIFO bool
	// Faults are the fault budgets: crashes (crash-stop).
	Faults actor.Faults
	// Bug selects a buggy variant of the algorithm Uniform selects.
	Bug bugs.Bug
}

// New returns the system for cfg.
func New(cfg Config) (*actor.System, error) {
	cat := EagerCatalog
	switch {
	case cfg.Uniform && cfg.FIFO:
		return nil, fmt.Errorf("uniform-broadcast: FIFO order is not offered on the uniform algorithm")
	case cfg.Uniform:
		cat = UniformCatalog
	case cfg.FIFO:
		cat = FIFOCatalog
	}
	if err := setup.Check(cat, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2), setup.AtLeast("messages", cfg.Messages, 1)); err != nil {
		return nil, err
	}
	if cfg.Faults.Recoveries > 0 {
		return nil, fmt.Errorf("%s: recoveries is %d, want 0 (the algorithm assumes crash-stop)", cat.Protocol, cfg.Faults.Recoveries)
	}
	if cfg.Uniform && cfg.Faults.Crashes > (cfg.Nodes-1)/2 {
		return nil, fmt.Errorf("%s: crashes is %d, want at most %d (a majority of the %d processes must stay correct)", cat.Protocol, cfg.Faults.Crashes, (cfg.Nodes-1)/2, cfg.Nodes)
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{Next: make([]int, cfg.Nodes), Uniform: cfg.Uniform, FIFO: cfg.FIFO, Bug: cfg.Bug}
		if i == 0 {
			nodes[i].(*Node).Sender.Left = cfg.Messages
		}
	}
	props := multicast.Reliable(cfg.Nodes, cfg.Uniform)
	if cfg.FIFO {
		props = append(props, multicast.Orders(cfg.Nodes, multicast.FIFO)...)
	}
	return &actor.System{
		Protocol: cat.Protocol,
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "messages": cfg.Messages}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    props,
	}, nil
}

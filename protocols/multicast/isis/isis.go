package isis

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
	// Propose asks every process to propose a priority for a message.
	Propose struct{ ID multicast.ID }
	// Proposal is a process's proposed priority for a message: P, made unique by By, the
	// proposer.
	Proposal struct {
		ID multicast.ID
		P  int
		By model.NodeID
	}
	// Final is a message's agreed priority: the largest proposal.
	Final struct {
		ID multicast.ID
		P  int
		By model.NodeID
	}
)

// The named buggy variants.
const (
	// BugDeliverOnFinal delivers a message as soon as its agreed priority arrives.
	BugDeliverOnFinal bugs.Bug = "deliver-on-final"
	// BugNoTiebreak orders messages by priority number alone.
	BugNoTiebreak bugs.Bug = "no-tiebreak"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "isis-broadcast", Variants: []bugs.Variant{
	{Bug: BugDeliverOnFinal, Summary: "a message is delivered once its priority is agreed, ahead of messages still waiting for theirs (default flags: TotalOrder)"},
	{Bug: BugNoTiebreak, Summary: "priorities are compared by number alone, equal ones in arrival order (default flags: TotalOrder)"},
}}

// Entry is a message in a process's queue: its priority, proposed or agreed.
type Entry struct {
	ID    multicast.ID
	P     int
	By    model.NodeID
	Final bool
}

// Collecting is a message of this process's whose proposals are being collected.
type Collecting struct {
	ID    multicast.ID
	Max   int
	MaxBy model.NodeID
	Count int
}

// Node is a process of the ISIS total-order broadcast.
type Node struct {
	multicast.Record
	// Clock is the largest priority the process has proposed or seen agreed.
	Clock int
	// Queue holds the messages not yet delivered, in priority order.
	Queue []Entry
	// Collect holds the process's messages still collecting proposals.
	Collect []Collecting
	multicast.Sender
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the process broadcast.
func (n *Node) Init(ctx actor.Context) {
	n.Sender.Start(ctx)
}

// Timeout broadcasts a message: every process, this one included, is asked for a proposal.
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	id := n.Record.Broadcast(ctx.ID())
	n.Collect = append(n.Collect, Collecting{ID: id, Max: -1})
	ctx.Broadcast(Propose{ID: id})
	n.propose(ctx, ctx.ID(), id)
	n.Sender.Sent(ctx)
}

// Handle proposes priorities, collects them, and takes agreed ones.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Propose:
		n.propose(ctx, from, m.ID)
	case Proposal:
		n.collect(ctx, m)
	case Final:
		n.agree(m)
	}
}

// propose queues id with a priority larger than any this process has proposed or seen agreed,
// and sends it to the message's sender.
func (n *Node) propose(ctx actor.Context, sender model.NodeID, id multicast.ID) {
	n.Clock++
	n.insert(Entry{ID: id, P: n.Clock, By: ctx.ID()})
	p := Proposal{ID: id, P: n.Clock, By: ctx.ID()}
	if sender == ctx.ID() {
		n.collect(ctx, p)
		return
	}
	ctx.Send(sender, p)
}

// collect counts a proposal for one of this process's messages; with every process's, it
// sends the largest as the agreed priority.
func (n *Node) collect(ctx actor.Context, p Proposal) {
	i := slices.IndexFunc(n.Collect, func(c Collecting) bool { return c.ID == p.ID })
	if i < 0 {
		return
	}
	c := &n.Collect[i]
	if p.P > c.Max || p.P == c.Max && p.By > c.MaxBy {
		c.Max, c.MaxBy = p.P, p.By
	}
	if c.Count++; c.Count < len(ctx.Nodes()) {
		return
	}
	f := Final{ID: c.ID, P: c.Max, By: c.MaxBy}
	n.Collect = slices.Delete(n.Collect, i, i+1)
	ctx.Broadcast(f)
	n.agree(f)
}

// agree gives a queued message its agreed priority and delivers the head of the queue while
// its priority is agreed.
func (n *Node) agree(f Final) {
	n.Clock = max(n.Clock, f.P)
	i := slices.IndexFunc(n.Queue, func(e Entry) bool { return e.ID == f.ID })
	if i < 0 {
		return
	}
	n.Queue = slices.Delete(n.Queue, i, i+1)
	n.insert(Entry{ID: f.ID, P: f.P, By: f.By, Final: true})
	if n.Bug == BugDeliverOnFinal {
		i := slices.IndexFunc(n.Queue, func(e Entry) bool { return e.ID == f.ID })
		n.Queue = slices.Delete(n.Queue, i, i+1)
		n.Record.Deliver(f.ID)
		return
	}
	for len(n.Queue) > 0 && n.Queue[0].Final {
		n.Record.Deliver(n.Queue[0].ID)
		n.Queue = n.Queue[1:]
	}
}

// insert puts e in the queue in priority order: by number, then proposer (then message, for
// a canonical order); BugNoTiebreak puts it after every entry of an equal number.
func (n *Node) insert(e Entry) {
	i := len(n.Queue)
	for k, q := range n.Queue {
		if n.before(e, q) {
			i = k
			break
		}
	}
	n.Queue = slices.Insert(n.Queue, i, e)
}

// before reports whether a comes before b in the queue.
func (n *Node) before(a, b Entry) bool {
	switch {
	case a.P != b.P:
		return a.P < b.P
	case n.Bug == BugNoTiebreak:
		return false
	case a.By != b.By:
		return a.By < b.By
	case a.ID.Sender != b.ID.Sender:
		return a.ID.Sender < b.ID.Sender
	}
	return a.ID.Seq < b.ID.Seq
}

// String shows the clock, the queue and what was delivered, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("clock %d delivered %v", n.Clock, n.Log)
	for _, e := range n.Queue {
		mark := "?"
		if e.Final {
			mark = "!"
		}
		s += fmt.Sprintf(" %v@%d.%d%s", e.ID, e.P, e.By, mark)
	}
	return s
}

// Config configures a system: Nodes processes each broadcasting Messages messages.
type Config = multicast.Config

// New returns the system for cfg.
func New(cfg Config) (*actor.System, error) {
	return multicast.NewSystem(Catalog, cfg, func(int) actor.Node { return &Node{Sender: multicast.Sender{Left: cfg.Messages}, Bug: cfg.Bug} }, multicast.Total)
}

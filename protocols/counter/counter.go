package counter

import (
	"fmt"
	"strconv"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/retransmit"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Increment asks the server to add one to its count. It travels inside a retransmit.Stubborn,
// which carries the client's sequence number.
type Increment struct{}

// The named buggy variants.
const (
	// BugNoDedup makes the server count every copy of an increment it receives, so a
	// duplicated or retransmitted increment is counted twice.
	BugNoDedup bugs.Bug = "no-dedup"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "counter", Variants: []bugs.Variant{
	{Bug: BugNoDedup, Summary: "the server counts every copy of an increment (--duplicates 1, or --drops 1: a retransmission is counted twice)"},
}}

// Server is node 0: it counts increments. It keeps its count and the sequence numbers it has
// counted in stable storage, so a crash and recovery loses neither.
type Server struct {
	// Count is the number of increments counted.
	Count int `distcheck:"durable"`
	// Links acknowledges increments and remembers, per client, the sequence numbers already
	// counted (BugNoDedup only acknowledges).
	Links retransmit.Retransmitter `distcheck:"durable"`
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init does nothing: the server waits for increments.
func (s *Server) Init(actor.Context) {}

// Handle counts an increment: the first copy of each, or with BugNoDedup every copy.
func (s *Server) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if s.Bug == BugNoDedup {
		if m, ok := msg.(retransmit.Stubborn); ok {
			ctx.Send(from, retransmit.StubbornAck{Seq: m.Seq})
			msg = m.Msg
		}
	} else {
		var fresh bool
		if msg, fresh = s.Links.Receive(ctx, from, msg); !fresh {
			return
		}
	}
	if _, ok := msg.(Increment); ok {
		s.Count++
	}
}

// Timeout is unused: the server sets no timers.
func (s *Server) Timeout(actor.Context, actor.Timer) {}

// String shows the count, for diagrams.
func (s *Server) String() string { return "count=" + strconv.Itoa(s.Count) }

// Client is one of nodes 1 to N: it sends its increments to the server when it starts and
// retransmits each until it is acknowledged.
type Client struct {
	// Increments is how many increments the client sends.
	Increments int `distcheck:"-"`
	// Links numbers, sends and retransmits the increments.
	Links retransmit.Retransmitter
}

// Init sends the client's increments.
func (c *Client) Init(ctx actor.Context) {
	for range c.Increments {
		c.Links.Send(ctx, 0, Increment{})
	}
}

// Handle takes acknowledgements.
func (c *Client) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	c.Links.Receive(ctx, from, msg)
}

// Timeout retransmits the increments not yet acknowledged.
func (c *Client) Timeout(ctx actor.Context, t actor.Timer) { c.Links.Timeout(ctx, t) }

// String shows how many increments the client sent and how many await acknowledgement.
func (c *Client) String() string {
	return fmt.Sprintf("sent=%d unacked=%d", c.Links.NextSeq, len(c.Links.Pending))
}

// Config configures a system.
type Config struct {
	// Clients is the number of clients (at least 1).
	Clients int
	// Increments is the number of increments each client sends (at least 1).
	Increments int
	// Faults are the fault budgets: duplicated and lost messages, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the counter system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("clients", cfg.Clients, 1),
		setup.AtLeast("increments", cfg.Increments, 1)); err != nil {
		return nil, err
	}
	nodes := []actor.Node{&Server{Bug: cfg.Bug}}
	names := []string{"server"}
	for i := 1; i <= cfg.Clients; i++ {
		nodes = append(nodes, &Client{Increments: cfg.Increments})
		names = append(names, "c"+strconv.Itoa(i))
	}
	own := map[string]int{"clients": cfg.Clients, "increments": cfg.Increments}
	return &actor.System{
		Protocol:  "counter",
		Params:    actor.TraceParams(own, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:     nodes,
		Names:     names,
		Faults:    cfg.Faults,
		Timers:    actor.TimersWhenQuiet,
		MaxCopies: 1, // a copy in flight stands for the retransmissions after it
		Props: []model.Property[*actor.State]{
			properties.Always("NoDoubleCount", func(s *actor.State) bool { return count(s) <= sent(s) }),
			properties.Sometimes("SomeCounted", func(s *actor.State) bool { return count(s) > 0 }),
			properties.Eventually("AllCounted", func(s *actor.State) bool { return count(s) == sent(s) }),
		},
	}, nil
}

// count returns the server's count.
func count(s *actor.State) int { return actor.NodeAs[*Server](s, 0).Count }

// sent returns the number of increments the clients have sent (each once, however often it
// was retransmitted).
func sent(s *actor.State) int {
	n := 0
	for i := 1; i < s.NumNodes(); i++ {
		n += actor.NodeAs[*Client](s, model.NodeID(i)).Links.NextSeq
	}
	return n
}

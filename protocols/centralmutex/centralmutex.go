package centralmutex

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/mutex"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages between clients and the server.
type (
	// Request asks the server for the token.
	Request struct{}
	// Grant gives a client the token.
	Grant struct{}
	// Release returns the token to the server.
	Release struct{}
)

// The timers of a client.
const (
	// WantTimer: the client wants the critical section.
	WantTimer = "want"
	// ExitTimer: the client leaves the critical section.
	ExitTimer = "exit"
)

// Server is node 0.
const Server model.NodeID = 0

// The named buggy variants.
const (
	// BugGrantAlways grants every request at once.
	BugGrantAlways bugs.Bug = "grant-always"
	// BugNoGrantOnRelease does not grant the token to the next queued request on a release.
	BugNoGrantOnRelease bugs.Bug = "no-grant-on-release"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "central-mutex", Variants: []bugs.Variant{
	{Bug: BugGrantAlways, Summary: "the server grants every request at once (default flags: two clients inside, MutualExclusion)"},
	{Bug: BugNoGrantOnRelease, Summary: "a release does not grant the token to the queue (default flags: a queued client waits forever, EveryoneEnters)"},
}}

// Coordinator is the server: who holds the token, and the requests waiting for it.
type Coordinator struct {
	// Holder is the client that holds the token, or model.NoNode.
	Holder model.NodeID
	// Queue are the clients waiting, oldest first.
	Queue []model.NodeID
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init does nothing: the server waits for requests.
func (c *Coordinator) Init(actor.Context) {}

// Timeout does nothing: the server has no timers.
func (c *Coordinator) Timeout(actor.Context, actor.Timer) {}

// Handle grants or queues a request, and passes a released token on.
func (c *Coordinator) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case Request:
		if c.Holder == model.NoNode || c.Bug == BugGrantAlways {
			c.Holder = from
			ctx.Send(from, Grant{})
			return
		}
		c.Queue = append(c.Queue, from)
	case Release:
		c.Holder = model.NoNode
		if len(c.Queue) == 0 || c.Bug == BugNoGrantOnRelease {
			return
		}
		c.Holder, c.Queue = c.Queue[0], c.Queue[1:]
		ctx.Send(c.Holder, Grant{})
	}
}

// String shows the holder and the queue, for diagrams.
func (c *Coordinator) String() string {
	if c.Holder == model.NoNode {
		return fmt.Sprintf("token free, queue %v", c.Queue)
	}
	return fmt.Sprintf("token at n%d, queue %v", c.Holder, c.Queue)
}

// Client wants the critical section a number of times.
type Client struct {
	// Wanted says it asked and waits for the token; Held, that it is in the critical section.
	Wanted, Held bool
	// Left is how many more times it will want the critical section; Entered counts entries.
	Left, Entered int
}

// Init lets the client want the critical section.
func (c *Client) Init(ctx actor.Context) {
	if c.Left > 0 {
		ctx.SetTimer(WantTimer, 0)
	}
}

// Timeout asks for the token, or leaves and returns it.
func (c *Client) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == WantTimer && !c.Wanted && !c.Held:
		c.Wanted = true
		ctx.Send(Server, Request{})
	case t == ExitTimer && c.Held:
		c.Held = false
		ctx.Send(Server, Release{})
		if c.Left--; c.Left > 0 {
			ctx.SetTimer(WantTimer, 0)
		}
	}
}

// Handle enters on a grant.
func (c *Client) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	if _, ok := msg.(Grant); ok && c.Wanted {
		c.Wanted, c.Held = false, true
		c.Entered++
		ctx.SetTimer(ExitTimer, 0)
	}
}

// String shows the client's state, for diagrams.
func (c *Client) String() string {
	s := "released"
	switch {
	case c.Held:
		s = "HELD"
	case c.Wanted:
		s = "wanted"
	}
	return fmt.Sprintf("%s, entered %d", s, c.Entered)
}

// Config configures a system.
type Config struct {
	// Clients is the number of clients (at least 2).
	Clients int
	// Entries is how many times each client enters the critical section (at least 1).
	Entries int
	// Faults are the fault budgets. The algorithm tolerates none; they are there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the central-server system for cfg: node 0 is the server.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("clients", cfg.Clients, 2), setup.AtLeast("entries", cfg.Entries, 1)); err != nil {
		return nil, err
	}
	nodes := []actor.Node{&Coordinator{Holder: model.NoNode, Bug: cfg.Bug}}
	var clients []model.NodeID
	for i := range cfg.Clients {
		nodes = append(nodes, &Client{Left: cfg.Entries})
		clients = append(clients, model.NodeID(i+1))
	}
	return &actor.System{
		Protocol: "central-mutex",
		Params:   actor.TraceParams(map[string]int{"clients": cfg.Clients, "entries": cfg.Entries}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    mutex.Properties(cfg.Clients * cfg.Entries),
		// The clients are interchangeable: the server queues them by arrival, not by ID.
		Symmetry: [][]model.NodeID{clients},
	}, nil
}

// InCriticalSection reports whether the client holds the critical section.
func (c *Client) InCriticalSection() bool { return c.Held }

// Entries counts the client's entries into the critical section.
func (c *Client) Entries() int { return c.Entered }

// Holders returns the clients in the critical section in s.
func Holders(s *actor.State) []model.NodeID { return mutex.Holders(s) }

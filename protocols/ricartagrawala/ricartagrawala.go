package ricartagrawala

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/mutex"
)

// Messages of the algorithm.
type (
	// Request asks for the critical section, stamped with the requester's Lamport clock.
	Request struct{ TS clocks.Lamport }
	// Reply grants the requester this node's permission.
	Reply struct{}
)

// The timers of a node.
const (
	// WantTimer: the node wants the critical section.
	WantTimer = "want"
	// ExitTimer: the node leaves the critical section.
	ExitTimer = "exit"
)

// The named buggy variants.
const (
	// BugReplyWhileHeld replies to requests while holding the critical section.
	BugReplyWhileHeld bugs.Bug = "reply-while-held"
	// BugNoTiebreak orders requests by timestamp alone, without node IDs.
	BugNoTiebreak bugs.Bug = "no-tiebreak"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "ricart-agrawala", Variants: []bugs.Variant{
	{Bug: BugReplyWhileHeld, Summary: "a node in the critical section replies instead of deferring (default flags: two inside, MutualExclusion)"},
	{Bug: BugNoTiebreak, Summary: "requests ordered by timestamp alone (default flags: equal timestamps defer to each other, deadlock, EveryoneEnters)"},
}}

// Node is a node of the algorithm.
type Node struct {
	State mutex.State
	// Clock is the node's Lamport clock, and ReqTS the timestamp of its current request.
	Clock clocks.Lamport
	ReqTS clocks.Lamport
	// Replies[i] says node i replied to the current request; Deferred[i], that node i's
	// request awaits this node's reply.
	Replies  []bool
	Deferred []bool
	// Left is how many more times the node will want the critical section.
	Left int
	// Entered counts the node's entries.
	Entered int
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets a node that has entries left want the critical section.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(WantTimer, 0)
	}
}

// Timeout asks for the critical section, or leaves it and replies to the deferred requests.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == WantTimer && n.State == mutex.Released:
		n.State = mutex.Wanted
		n.ReqTS = n.Clock.Send()
		clear(n.Replies)
		ctx.Broadcast(Request{TS: n.ReqTS})
	case t == ExitTimer && n.State == mutex.Held:
		n.State = mutex.Released
		for i, d := range n.Deferred {
			if d {
				ctx.Send(model.NodeID(i), Reply{})
			}
		}
		clear(n.Deferred)
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(WantTimer, 0)
		}
	}
}

// Handle replies to or defers a request, and counts replies.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Request:
		n.Clock.Receive(m.TS)
		if n.defers(ctx.ID(), from, m.TS) {
			n.Deferred[from] = true
		} else {
			ctx.Send(from, Reply{})
		}
	case Reply:
		if n.State != mutex.Wanted {
			return
		}
		n.Replies[from] = true
		for i, r := range n.Replies {
			if !r && model.NodeID(i) != ctx.ID() {
				return
			}
		}
		n.State = mutex.Held
		n.Entered++
		ctx.SetTimer(ExitTimer, 0)
	}
}

// defers reports whether node self defers node from's request stamped ts.
func (n *Node) defers(self, from model.NodeID, ts clocks.Lamport) bool {
	switch {
	case n.State == mutex.Held:
		return n.Bug != BugReplyWhileHeld
	case n.State != mutex.Wanted:
		return false
	case n.Bug == BugNoTiebreak:
		return n.ReqTS <= ts
	}
	return clocks.Before(n.ReqTS, self, ts, from)
}

// String shows the node's state, clock and deferred requests, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("%s clock %d", n.State, n.Clock)
	if n.State == mutex.Wanted {
		s += fmt.Sprintf(" (asked at %d)", n.ReqTS)
	}
	for i, d := range n.Deferred {
		if d {
			s += fmt.Sprintf(", defers n%d", i)
		}
	}
	return s + fmt.Sprintf(", entered %d", n.Entered)
}

// Config configures a system (mutex.Config).
type Config = mutex.Config

// New returns the Ricart–Agrawala system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := cfg.Check(Catalog, 0); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{Replies: make([]bool, cfg.Nodes), Deferred: make([]bool, cfg.Nodes), Left: cfg.EntriesOf(i), Bug: cfg.Bug}
	}
	return &actor.System{
		Protocol: "ricart-agrawala",
		Params:   actor.TraceParams(cfg.Params(), string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    mutex.Properties(cfg.Total()),
	}, nil
}

// InCriticalSection reports whether the node holds the critical section.
func (n *Node) InCriticalSection() bool { return n.State == mutex.Held }

// Entries counts the node's entries into the critical section.
func (n *Node) Entries() int { return n.Entered }

// Holders returns the nodes in the critical section in s.
func Holders(s *actor.State) []model.NodeID { return mutex.Holders(s) }

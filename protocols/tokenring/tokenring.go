package tokenring

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/mutex"
)

// Messages on the ring.
type (
	// Token is the right to enter the critical section.
	Token struct{}
	// Ack acknowledges a token (BugRetransmit only).
	Ack struct{}
)

// The timers of a node.
const (
	// WantTimer: the node wants the critical section.
	WantTimer = "want"
	// ExitTimer: the node leaves the critical section.
	ExitTimer = "exit"
	// ResendTimer: the node resends a token not yet acknowledged (BugRetransmit only).
	ResendTimer = "resend"
)

// The named buggy variants.
const (
	// BugKeepToken keeps the token after leaving the critical section.
	BugKeepToken bugs.Bug = "keep-token"
	// BugRetransmit resends a token whose acknowledgement is late.
	BugRetransmit bugs.Bug = "retransmit"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "token-ring", Variants: []bugs.Variant{
	{Bug: BugKeepToken, Summary: "a node keeps the token after its critical section (default flags: the others wait forever, EveryoneEnters)"},
	{Bug: BugRetransmit, Summary: "a token whose ack is late is resent, and a slow one makes two (default flags: two inside, MutualExclusion)"},
}}

// Node is a node of the ring.
type Node struct {
	// Token says the node holds the token; Wanted, that it wants the critical section; Held,
	// that it is inside.
	Token, Wanted, Held bool
	// Left is how many more times the node will want the critical section; Entered counts its
	// entries.
	Left, Entered int
	// Next is the node's successor on the ring.
	Next model.NodeID
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets a node that has entries left want the critical section; node 0 holds the token
// and passes it on unless it wants it.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(WantTimer, 0)
	}
	if n.Token {
		n.pass(ctx)
	}
}

// Timeout wants the critical section, or leaves it and passes the token on.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == WantTimer && !n.Wanted && !n.Held:
		n.Wanted = true
		if n.Token {
			n.enter(ctx)
		}
	case t == ExitTimer && n.Held:
		n.Held = false
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(WantTimer, 0)
		}
		if n.Bug != BugKeepToken {
			n.pass(ctx)
		}
	case t == ResendTimer:
		ctx.Send(n.Next, Token{})
		ctx.SetTimer(ResendTimer, 0)
	}
}

// Handle enters on the token if the node wants the critical section, and passes it on if not.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case Token:
		if n.Bug == BugRetransmit {
			ctx.Send(from, Ack{})
		}
		n.Token = true
		if n.Wanted && !n.Held {
			n.enter(ctx)
		} else if !n.Held {
			n.pass(ctx)
		}
	case Ack:
		ctx.CancelTimer(ResendTimer)
	}
}

// enter takes the critical section with the token.
func (n *Node) enter(ctx actor.Context) {
	n.Wanted, n.Held = false, true
	n.Entered++
	ctx.SetTimer(ExitTimer, 0)
}

// pass sends the token to the successor.
func (n *Node) pass(ctx actor.Context) {
	n.Token = false
	ctx.Send(n.Next, Token{})
	if n.Bug == BugRetransmit {
		ctx.SetTimer(ResendTimer, 0)
	}
}

// String shows the node's state, for diagrams.
func (n *Node) String() string {
	s := "released"
	switch {
	case n.Held:
		s = "HELD"
	case n.Wanted:
		s = "wanted"
	}
	if n.Token {
		s += ", token"
	}
	return fmt.Sprintf("%s, entered %d", s, n.Entered)
}

// Config configures a system (mutex.Config).
type Config = mutex.Config

// New returns the token ring for cfg: node i's successor is node i+1, the last node's is node
// 0, and node 0 starts with the token.
func New(cfg Config) (*actor.System, error) {
	if err := cfg.Check(Catalog, 0); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	sendsTo := make([][]model.NodeID, cfg.Nodes)
	for i := range nodes {
		next := model.NodeID((i + 1) % cfg.Nodes)
		nodes[i] = &Node{Token: i == 0, Left: cfg.EntriesOf(i), Next: next, Bug: cfg.Bug}
		sendsTo[i] = []model.NodeID{next}
		if cfg.Bug == BugRetransmit {
			sendsTo[i] = append(sendsTo[i], model.NodeID((i+cfg.Nodes-1)%cfg.Nodes))
		}
	}
	return &actor.System{
		Protocol: "token-ring",
		Params:   actor.TraceParams(cfg.Params(), string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    mutex.Properties(cfg.Total()),
		SendsTo:  sendsTo,
	}, nil
}

// InCriticalSection reports whether the node holds the critical section.
func (n *Node) InCriticalSection() bool { return n.Held }

// Entries counts the node's entries into the critical section.
func (n *Node) Entries() int { return n.Entered }

package ringelection

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages of the ring.
type (
	// Election carries the largest identifier seen so far round the ring.
	Election struct{ ID int }
	// Elected announces the coordinator's identifier round the ring.
	Elected struct{ ID int }
)

// StartTimer lets a node that knows no coordinator and takes no part start an election.
const StartTimer = "start"

// The named buggy variants.
const (
	// BugLowestWins compares identifiers the wrong way round and elects the smallest.
	BugLowestWins bugs.Bug = "lowest-wins"
	// BugParticipantDiscards has a participant discard every Election, larger ones too.
	BugParticipantDiscards bugs.Bug = "participant-discards"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "ring-election", Variants: []bugs.Variant{
	{Bug: BugLowestWins, Summary: "identifiers compared the wrong way round (default flags: the smallest is elected, HighestElected)"},
	{Bug: BugParticipantDiscards, Summary: "a participant discards larger identifiers too (default flags: two starters discard each other's, Elected fails)"},
}}

// Node is a node of the ring.
type Node struct {
	// ID is the node's identifier; Next is its successor on the ring.
	ID   int          `distcheck:"-"`
	Next model.NodeID `distcheck:"-"`
	// Participant says the node has forwarded or started an Election since the last Elected.
	Participant bool
	// Coordinator is the identifier of the coordinator the node knows, or 0.
	Coordinator int
	// Passive nodes never start an election, they only take part (package ringtest's
	// scenarios in which some nodes start); New makes none.
	Passive bool `distcheck:"-"`
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the node start an election at any step, unless it is Passive.
func (n *Node) Init(ctx actor.Context) {
	if !n.Passive {
		ctx.SetTimer(StartTimer, 0)
	}
}

// Timeout starts an election if the node takes no part in one and knows no coordinator.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	if t != StartTimer || n.Participant || n.Coordinator != 0 {
		return
	}
	n.Participant = true
	ctx.Send(n.Next, Election{ID: n.ID})
}

// Handle forwards, replaces or discards an Election, and notes and forwards Elected.
func (n *Node) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Election:
		switch {
		case m.ID == n.ID:
			n.Participant = false
			n.Coordinator = n.ID
			ctx.CancelTimer(StartTimer)
			ctx.Send(n.Next, Elected{ID: n.ID})
		case n.Participant && n.Bug == BugParticipantDiscards:
			// The bug: a participant discards every Election.
		case n.better(m.ID, n.ID):
			n.Participant = true
			ctx.Send(n.Next, m)
		case !n.Participant:
			n.Participant = true
			ctx.Send(n.Next, Election{ID: n.ID})
		}
	case Elected:
		n.Participant = false
		n.Coordinator = m.ID
		ctx.CancelTimer(StartTimer)
		if m.ID != n.ID {
			ctx.Send(n.Next, m)
		}
	}
}

// better reports whether identifier a beats b: it is larger (smaller in BugLowestWins).
func (n *Node) better(a, b int) bool {
	if n.Bug == BugLowestWins {
		return a < b
	}
	return a > b
}

// String shows the node's identifier, whether it takes part and whom it knows, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("id %d", n.ID)
	if n.Participant {
		s += ", participant"
	}
	if n.Coordinator != 0 {
		s += fmt.Sprintf(", coordinator %d", n.Coordinator)
	}
	return s
}

// Config configures a ring.
type Config struct {
	// Nodes is the number of nodes (at least 2).
	Nodes int
	// IDs are the nodes' identifiers, positive and distinct, in ring order; nil means Nodes,
	// Nodes-1, ..., 1.
	IDs []int
	// Faults are the fault budgets. The algorithm tolerates none; they are there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the ring election for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("nodes", cfg.Nodes, 2)); err != nil {
		return nil, err
	}
	ids := cfg.IDs
	if ids == nil {
		for i := range cfg.Nodes {
			ids = append(ids, cfg.Nodes-i)
		}
	}
	if len(ids) != cfg.Nodes {
		return nil, fmt.Errorf("ring-election: IDs has %d identifiers for %d nodes", len(ids), cfg.Nodes)
	}
	for i, id := range ids {
		if id <= 0 || slices.Index(ids, id) != i {
			return nil, fmt.Errorf("ring-election: IDs %v are not positive and distinct", ids)
		}
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{ID: ids[i], Next: model.NodeID((i + 1) % cfg.Nodes), Bug: cfg.Bug}
	}
	return &actor.System{
		Protocol: "ring-election",
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    Properties(ids),
	}, nil
}

// Member is what the properties read of a node of the ring: this package's Node, or another
// implementation's (package ringtest's suite).
type Member interface {
	actor.Node
	// Leader returns the identifier of the coordinator the node knows, or 0 for none.
	Leader() int
}

// Leader returns the identifier of the coordinator the node knows, or 0.
func (n *Node) Leader() int { return n.Coordinator }

// Properties returns the properties of a ring of Members whose identifiers, in node order,
// are ids: AtMostOneCoordinator and HighestElected (always), Elected (eventually) and
// CoordinatorKnown (sometimes), as the package documentation states them.
func Properties(ids []int) []model.Property[*actor.State] {
	highest := slices.Max(ids)
	return []model.Property[*actor.State]{
		properties.Always("AtMostOneCoordinator", func(s *actor.State) bool { return len(coordinators(s, ids)) <= 1 }),
		properties.Always("HighestElected", func(s *actor.State) bool { return known(s, func(c int) bool { return c == 0 || c == highest }) }),
		properties.Eventually("Elected", func(s *actor.State) bool { return known(s, func(c int) bool { return c == highest }) }),
		properties.Sometimes("CoordinatorKnown", func(s *actor.State) bool { return !known(s, func(c int) bool { return c == 0 }) }),
	}
}

// known reports whether ok holds of the coordinator every node knows (0 for none).
func known(s *actor.State, ok func(int) bool) bool {
	for i := range s.NumNodes() {
		if !ok(s.Node(model.NodeID(i)).(Member).Leader()) {
			return false
		}
	}
	return true
}

// Coordinators returns the nodes of a ring of this package's Nodes that have elected
// themselves in s.
func Coordinators(s *actor.State) []model.NodeID {
	ids := make([]int, s.NumNodes())
	for i := range ids {
		ids[i] = actor.NodeAs[*Node](s, model.NodeID(i)).ID
	}
	return coordinators(s, ids)
}

// coordinators returns the nodes of s, whose identifiers are ids, that know themselves as
// coordinator.
func coordinators(s *actor.State, ids []int) []model.NodeID {
	var out []model.NodeID
	for i, id := range ids {
		if s.Node(model.NodeID(i)).(Member).Leader() == id {
			out = append(out, model.NodeID(i))
		}
	}
	return out
}

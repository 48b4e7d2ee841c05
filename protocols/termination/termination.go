package termination

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages of the computation and of the detection.
type (
	// Work is a message of the diffusing computation: it makes its receiver active.
	Work struct{}
	// Ack acknowledges one Work.
	Ack struct{}
)

// The timers of an active node.
const (
	// WorkTimer: the node sends Work.
	WorkTimer = "work"
	// PassiveTimer: the node becomes passive.
	PassiveTimer = "passive"
)

// Root is the node where the computation starts and that detects its termination.
const Root model.NodeID = 0

// The named buggy variants.
const (
	// BugAckAtOnce acknowledges every Work at once, the engaging one too.
	BugAckAtOnce bugs.Bug = "ack-at-once"
	// BugLeaveEarly leaves the tree when passive, whatever its deficit.
	BugLeaveEarly bugs.Bug = "leave-early"
	// BugNoAckWhenEngaged does not acknowledge Work that reaches an engaged node.
	BugNoAckWhenEngaged bugs.Bug = "no-ack-when-engaged"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "termination", Variants: []bugs.Variant{
	{Bug: BugAckAtOnce, Summary: "every Work acknowledged on arrival, no tree (default flags: announced while a node works, NoFalseDetection)"},
	{Bug: BugLeaveEarly, Summary: "a passive node acks its parent before its own Work is acknowledged (default flags: NoFalseDetection)"},
	{Bug: BugNoAckWhenEngaged, Summary: "Work reaching an engaged node is never acknowledged (default flags: never announced, Detected)"},
}}

// Node is a node of the diffusing computation.
type Node struct {
	// Active says the node is active; Worked, that it has been; Left is the Work it may still
	// send.
	Active, Worked bool
	Left           int
	// Deficit counts the node's Work not yet acknowledged.
	Deficit int
	// Engaged says the node is in the tree, with Parent as its parent (the root is engaged
	// while active or in deficit, without a parent).
	Engaged bool
	Parent  model.NodeID
	// Announced says the root has announced termination.
	Announced bool
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init starts the computation at the root.
func (n *Node) Init(ctx actor.Context) {
	if ctx.ID() == Root {
		n.activate(ctx)
	}
}

// activate makes the node active.
func (n *Node) activate(ctx actor.Context) {
	n.Active, n.Worked = true, true
	if n.Left > 0 {
		ctx.SetTimer(WorkTimer, 0)
	}
	ctx.SetTimer(PassiveTimer, 0)
}

// Timeout sends Work to a node of the node's choice, or makes the node passive.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == WorkTimer && n.Active && n.Left > 0:
		peers := ctx.Peers()
		ctx.Send(peers[ctx.Choose(len(peers))], Work{})
		n.Deficit++
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(WorkTimer, 0)
		}
	case t == PassiveTimer && n.Active:
		n.Active = false
		ctx.CancelTimer(WorkTimer)
		n.leave(ctx)
	}
}

// Handle takes Work in, engaging the node or acknowledging it, and counts Acks.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case Work:
		switch {
		case n.Bug == BugAckAtOnce:
			ctx.Send(from, Ack{})
		case !n.Engaged && ctx.ID() != Root:
			n.Engaged, n.Parent = true, from
		case n.Bug != BugNoAckWhenEngaged:
			ctx.Send(from, Ack{})
		}
		if !n.Active {
			n.activate(ctx)
		}
	case Ack:
		n.Deficit--
		n.leave(ctx)
	}
}

// leave announces termination at the root, or sends the parent its Ack elsewhere, when the
// node is passive and has no deficit.
func (n *Node) leave(ctx actor.Context) {
	if n.Active || n.Deficit > 0 && n.Bug != BugLeaveEarly {
		return
	}
	switch {
	case ctx.ID() == Root:
		if n.Deficit == 0 {
			n.Announced = true
		}
	case n.Engaged:
		ctx.Send(n.Parent, Ack{})
		n.Engaged, n.Parent = false, model.NoNode
	}
}

// String shows the node's activity and place in the tree, for diagrams.
func (n *Node) String() string {
	s := "passive"
	if n.Active {
		s = "active"
	}
	s += fmt.Sprintf(", deficit %d", n.Deficit)
	if n.Engaged {
		s += fmt.Sprintf(", parent n%d", n.Parent)
	}
	if n.Announced {
		s += ", ANNOUNCED"
	}
	return s
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes (at least 2).
	Nodes int
	// Sends is how much Work each node may send (at least 1).
	Sends int
	// Faults are the fault budgets. The algorithm tolerates none; they are there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the diffusing computation and its termination detection for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2), setup.AtLeast("sends", cfg.Sends, 1)); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{Left: cfg.Sends, Parent: model.NoNode, Bug: cfg.Bug}
	}
	return &actor.System{
		Protocol: "termination",
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "sends": cfg.Sends}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props: []model.Property[*actor.State]{
			properties.Always("NoFalseDetection", func(s *actor.State) bool { return !Announced(s) || Terminated(s) }),
			properties.Eventually("Detected", Announced),
			properties.Sometimes("DetectedAfterEveryoneWorked", func(s *actor.State) bool {
				if !Announced(s) {
					return false
				}
				for i := range s.NumNodes() {
					if !actor.NodeAs[*Node](s, model.NodeID(i)).Worked {
						return false
					}
				}
				return true
			}),
		},
	}, nil
}

// Announced reports whether the root has announced termination in s.
func Announced(s *actor.State) bool { return actor.NodeAs[*Node](s, Root).Announced }

// Terminated reports whether the computation has terminated in s: every node is passive and
// no Work is in flight.
func Terminated(s *actor.State) bool {
	for i := range s.NumNodes() {
		if actor.NodeAs[*Node](s, model.NodeID(i)).Active {
			return false
		}
	}
	for _, e := range s.InFlight() {
		if _, ok := e.Msg.(Work); ok {
			return false
		}
	}
	return true
}

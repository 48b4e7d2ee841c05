package multicast

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// BroadcastTimer is the timer at which a process broadcasts its next message.
const BroadcastTimer = "broadcast"

// Config configures a system of processes that each broadcast a few messages over reliable
// links, none crashing.
type Config struct {
	// Nodes is the number of processes (at least 2).
	Nodes int
	// Messages is how many messages each process broadcasts (at least 1).
	Messages int
	// Faults are the fault budgets. The systems assume reliable links and no crash; they are
	// there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// NewSystem checks cfg against the protocol's catalog and returns the system of cfg.Nodes
// processes, process i made by node(i), fair under weak fairness of actions, checked by
// Properties with orders.
func NewSystem(cat bugs.Catalog, cfg Config, node func(i int) actor.Node, orders Order) (*actor.System, error) {
	if err := setup.Check(cat, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2), setup.AtLeast("messages", cfg.Messages, 1)); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = node(i)
	}
	return &actor.System{
		Protocol: cat.Protocol,
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "messages": cfg.Messages}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    Properties(cfg.Nodes, cfg.Messages, orders),
	}, nil
}

// Sender counts the messages a process has left to broadcast and keeps its BroadcastTimer
// set while it has some. A node embeds one beside its Record.
type Sender struct {
	// Left is how many more messages the process will broadcast.
	Left int
}

// Start sets the timer if the process has messages to broadcast; call it from Init.
func (b *Sender) Start(ctx actor.Context) {
	if b.Left > 0 {
		ctx.SetTimer(BroadcastTimer, 0)
	}
}

// Sent counts a broadcast and sets the timer again if more are left; call it once the
// process has broadcast.
func (b *Sender) Sent(ctx actor.Context) {
	if b.Left--; b.Left > 0 {
		ctx.SetTimer(BroadcastTimer, 0)
	}
}

// CompareIDs orders IDs by sender, then number.
func CompareIDs(a, b ID) int {
	if a.Sender != b.Sender {
		return int(a.Sender) - int(b.Sender)
	}
	return a.Seq - b.Seq
}

package quorum

import (
	"strconv"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages.
type (
	// Write asks a node to store the value.
	Write struct{}
	// Ack says that the sender has stored it.
	Ack struct{}
)

// The named buggy variants.
const (
	// BugWaitForAll makes the coordinator wait for every node's acknowledgement, so one node
	// that crashes for good blocks the write.
	BugWaitForAll bugs.Bug = "wait-for-all"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "quorum", Variants: []bugs.Variant{
	{Bug: BugWaitForAll, Summary: "the coordinator waits for every node (--crashes 1: it never completes)"},
}}

// Majority returns the size of a majority of n nodes.
func Majority(n int) int { return n/2 + 1 }

// Coordinator is node 0: it stores the value, sends it to the others and counts their
// acknowledgements.
type Coordinator struct {
	// Stored says the coordinator has stored the value (it does so when it starts). Storage
	// survives a crash; the count of acknowledgements does not, and a coordinator that
	// restarts writes again.
	Stored bool `distcheck:"durable"`
	// Acked[i] says node i has stored the value; the coordinator's own entry is set when it
	// stores it.
	Acked []bool
	// Done says the write is complete.
	Done bool
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init stores the value and sends it to every other node.
func (c *Coordinator) Init(ctx actor.Context) {
	c.Stored = true
	c.Acked[ctx.ID()] = true
	ctx.Broadcast(Write{})
}

// Handle counts an acknowledgement and completes the write once there are enough.
func (c *Coordinator) Handle(_ actor.Context, from model.NodeID, msg actor.Message) {
	if _, ok := msg.(Ack); !ok || c.Done {
		return
	}
	c.Acked[from] = true
	acks := 0
	for _, a := range c.Acked {
		if a {
			acks++
		}
	}
	need := Majority(len(c.Acked))
	if c.Bug == BugWaitForAll {
		need = len(c.Acked)
	}
	c.Done = acks >= need
}

// Timeout is unused: the coordinator sets no timers.
func (c *Coordinator) Timeout(actor.Context, actor.Timer) {}

// String shows whether the write is done and who has acknowledged it, for diagrams.
func (c *Coordinator) String() string {
	acked := ""
	for i, a := range c.Acked {
		if a {
			acked += " n" + strconv.Itoa(i)
		}
	}
	if c.Done {
		return "done, acked:" + acked
	}
	return "waiting, acked:" + acked
}

// Replica is one of nodes 1 to N-1: it stores the value and acknowledges it.
type Replica struct {
	// Stored says the replica has stored the value. Storage survives a crash.
	Stored bool `distcheck:"durable"`
}

// Init does nothing: a replica waits for the value.
func (r *Replica) Init(actor.Context) {}

// Handle stores the value and acknowledges it.
func (r *Replica) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if _, ok := msg.(Write); ok {
		r.Stored = true
		ctx.Send(from, Ack{})
	}
}

// Timeout is unused: replicas set no timers.
func (r *Replica) Timeout(actor.Context, actor.Timer) {}

// String shows whether the replica has stored the value, for diagrams.
func (r *Replica) String() string {
	if r.Stored {
		return "stored"
	}
	return "empty"
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes, the coordinator included (at least 2).
	Nodes int
	// Faults are the fault budgets: crashes, lost messages, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the quorum-write system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2, "a coordinator and a replica")); err != nil {
		return nil, err
	}
	nodes := []actor.Node{&Coordinator{Acked: make([]bool, cfg.Nodes), Bug: cfg.Bug}}
	for range cfg.Nodes - 1 {
		nodes = append(nodes, &Replica{})
	}
	return &actor.System{
		Protocol: "quorum",
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Props: []model.Property[*actor.State]{
			properties.Always("MajorityStored", properties.Implies(done, func(s *actor.State) bool { return stored(s) >= Majority(s.NumNodes()) })),
			properties.Sometimes("CanComplete", done),
			// A crashed coordinator cannot complete anything: liveness is owed only by a
			// coordinator that is up.
			properties.Eventually("Completes", func(s *actor.State) bool { return done(s) || !s.Up(0) }),
		},
	}, nil
}

// done reports whether the coordinator has completed the write.
func done(s *actor.State) bool { return actor.NodeAs[*Coordinator](s, 0).Done }

// stored counts the nodes that have stored the value, crashed ones included.
func stored(s *actor.State) int {
	n := 0
	if actor.NodeAs[*Coordinator](s, 0).Stored {
		n++
	}
	for i := 1; i < s.NumNodes(); i++ {
		if actor.NodeAs[*Replica](s, model.NodeID(i)).Stored {
			n++
		}
	}
	return n
}

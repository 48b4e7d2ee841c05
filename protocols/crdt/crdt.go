package crdt

import (
	"cmp"
	"fmt"
	"strconv"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugNoTiebreak orders writes by clock only: of two writes with the same clock, each
	// replica keeps the one it has.
	BugNoTiebreak bugs.Bug = "no-tiebreak"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "crdt", Variants: []bugs.Variant{
	{Bug: BugNoTiebreak, Summary: "writes are ordered by clock only: two concurrent writes leave the replicas with different values"},
}}

// Stamp is a write's timestamp: the Lamport clock of the replica that took the write, and that
// replica's ID.
type Stamp struct {
	Clock int
	ID    model.NodeID
}

// Gossip carries a replica's register to the others.
type Gossip struct {
	Stamp Stamp
	Value string
}

// Replica holds a last-writer-wins register: the value of the write with the greatest stamp it
// knows of. It takes clients' writes and reads, and gossips every write it takes to the other
// replicas, which merge it into theirs.
type Replica struct {
	// Replicas is the number of replicas (nodes 0 to Replicas-1); Bug selects a variant.
	Replicas int      `distcheck:"-"`
	Bug      bugs.Bug `distcheck:"-"`

	// Clock is the replica's Lamport clock; Stamp and Value its register.
	Clock int
	Stamp Stamp
	Value string
}

// Init starts with the empty register, stamped (0, own ID).
func (r *Replica) Init(ctx actor.Context) { r.Stamp = Stamp{ID: ctx.ID()} }

// Timeout is unused: replicas set no timers.
func (r *Replica) Timeout(actor.Context, actor.Timer) {}

// Handle serves a client's write or read, or merges gossip.
func (r *Replica) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case checks.Request:
		var res checks.Result
		switch m.Op.Kind {
		case checks.KindWrite:
			r.Clock++
			r.Stamp, r.Value = Stamp{Clock: r.Clock, ID: ctx.ID()}, m.Op.Value
			for i := range r.Replicas {
				if model.NodeID(i) != ctx.ID() {
					ctx.Send(model.NodeID(i), Gossip{Stamp: r.Stamp, Value: r.Value})
				}
			}
		case checks.KindRead:
			res.Value = r.Value
		}
		ctx.Send(from, checks.Reply{Seq: m.Seq, Result: res})
	case Gossip:
		r.Clock = max(r.Clock, m.Stamp.Clock)
		if r.newer(m.Stamp) {
			r.Stamp, r.Value = m.Stamp, m.Value
		}
	}
}

// newer reports whether a write stamped s wins over the register's.
func (r *Replica) newer(s Stamp) bool {
	if r.Bug == BugNoTiebreak {
		return s.Clock > r.Stamp.Clock
	}
	return cmp.Or(cmp.Compare(s.Clock, r.Stamp.Clock), cmp.Compare(s.ID, r.Stamp.ID)) > 0
}

// String shows the register, for diagrams.
func (r *Replica) String() string {
	return fmt.Sprintf("%s @(%d,%d) clock %d", strconv.Quote(r.Value), r.Stamp.Clock, r.Stamp.ID, r.Clock)
}

// Config configures a system.
type Config struct {
	// Replicas is the number of replicas (at least 1).
	Replicas int
	// Clients is the number of clients (at least 1); Ops the operations each invokes (at least
	// 1): client i writes a value of its own, then reads, then alternately writes new values
	// and reads.
	Clients, Ops int
	// Faults are the fault budgets: duplicated messages (which merging absorbs), crashes, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Workload returns client i's operations: a write of "A" for client 0 ("B" for client 1, ...),
// a read, then alternately writes of new values and reads.
func Workload(i, ops int) checks.Workload {
	return checks.WritesAndReads(i, ops, checks.Write, checks.Read())
}

// New returns the system for cfg: replicas r0, r1, ... (nodes 0 to Replicas-1) and clients
// c0, c1, ...; client i sends its k-th operation to replica (i+k) mod Replicas.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("replicas", cfg.Replicas, 1),
		setup.AtLeast("clients", cfg.Clients, 1),
		setup.AtLeast("ops", cfg.Ops, 1)); err != nil {
		return nil, err
	}
	var nodes []actor.Node
	var names []string
	var ids []model.NodeID
	for i := range cfg.Replicas {
		nodes = append(nodes, &Replica{Replicas: cfg.Replicas, Bug: cfg.Bug})
		names = append(names, "r"+strconv.Itoa(i))
		ids = append(ids, model.NodeID(i))
	}
	for i := range cfg.Clients {
		c, err := checks.NewClient(Workload(i, cfg.Ops), ids...)
		if err != nil {
			return nil, fmt.Errorf("crdt: %w", err)
		}
		nodes = append(nodes, c)
		names = append(names, "c"+strconv.Itoa(i))
	}
	return &actor.System{
		Protocol: "lww",
		Params: actor.TraceParams(map[string]int{"replicas": cfg.Replicas, "clients": cfg.Clients, "ops": cfg.Ops},
			string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:  nodes,
		Names:  names,
		Faults: cfg.Faults,
		Props:  checks.Converges("Converges", Values),
	}, nil
}

// Values returns the registers' values of the replicas that are up.
func Values(s *actor.State) []any {
	var out []any
	for i, n := range s.Nodes() {
		if r, ok := n.(*Replica); ok && s.Up(model.NodeID(i)) {
			out = append(out, r.Value)
		}
	}
	return out
}

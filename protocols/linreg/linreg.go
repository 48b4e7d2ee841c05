package linreg

import (
	"fmt"
	"strconv"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugTwoCopies copies the register on two servers that do not coordinate: each applies
	// the writes it receives and answers reads from its own copy.
	BugTwoCopies bugs.Bug = "two-copies"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "linreg", Variants: []bugs.Variant{
	{Bug: BugTwoCopies, Summary: "the register is copied on two servers that do not coordinate: a client reads the copy it did not write (not linearizable)"},
}}

// Server holds a copy of the register and serves the clients' requests from it, one at a time.
type Server struct {
	Value string
}

// Init does nothing: the register starts empty.
func (s *Server) Init(actor.Context) {}

// Handle applies a write or answers a read, and replies.
func (s *Server) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	req, ok := msg.(checks.Request)
	if !ok {
		return
	}
	var res checks.Result
	switch req.Op.Kind {
	case checks.KindWrite:
		s.Value = req.Op.Value
	case checks.KindRead:
		res.Value = s.Value
	}
	ctx.Send(from, checks.Reply{Seq: req.Seq, Result: res})
}

// Timeout is unused: servers set no timers.
func (s *Server) Timeout(actor.Context, actor.Timer) {}

// String shows the server's copy.
func (s *Server) String() string { return "value=" + strconv.Quote(s.Value) }

// Config configures a system.
type Config struct {
	// Clients is the number of clients (at least 1).
	Clients int
	// Ops is the number of operations each client invokes (at least 1; Workload says which).
	Ops int
	// Faults are the fault budgets: lost and duplicated messages, crashes, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Workload returns client i's operations: a write of its own value ("A" for client 0, "B"
// for client 1, ...), then a read, then alternately writes of new values and reads. With two
// operations it is the workload of Stateright's register clients: a put, then a get.
func Workload(i, ops int) checks.Workload {
	return checks.WritesAndReads(i, ops, checks.Write, checks.Read())
}

// New returns the register system for cfg: the servers (one, or two for BugTwoCopies) are
// nodes s0, s1 and the clients c0, c1, ...; client i sends its k-th operation to server
// (i+k) mod servers, counting nodes from the first server as Stateright does.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("clients", cfg.Clients, 1),
		setup.AtLeast("ops", cfg.Ops, 1)); err != nil {
		return nil, err
	}
	servers := 1
	if cfg.Bug == BugTwoCopies {
		servers = 2
	}
	var nodes []actor.Node
	var names []string
	var ids []model.NodeID
	for i := range servers {
		nodes = append(nodes, &Server{})
		names = append(names, "s"+strconv.Itoa(i))
		ids = append(ids, model.NodeID(i))
	}
	for i := range cfg.Clients {
		c, err := checks.NewClient(Workload(i, cfg.Ops), ids...)
		if err != nil {
			return nil, fmt.Errorf("linreg: %w", err)
		}
		nodes = append(nodes, c)
		names = append(names, "c"+strconv.Itoa(i))
	}
	return &actor.System{
		Protocol: "linreg",
		Params:   actor.TraceParams(map[string]int{"clients": cfg.Clients, "ops": cfg.Ops}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Names:    names,
		Faults:   cfg.Faults,
		Props: []model.Property[*actor.State]{
			checks.Linearizable("Linearizable", checks.RegisterModel()),
			properties.Sometimes("ValueRead", ValueRead),
		},
	}, nil
}

// ValueRead reports whether a read has returned a value that was written (not the initial
// empty value): the register is used, not only correct.
func ValueRead(s *actor.State) bool {
	for _, op := range s.History() {
		if op.Returned && op.Input == checks.Read() && op.Output.(checks.Result).Value != "" {
			return true
		}
	}
	return false
}

// Values returns the servers' copies, for tests and diagrams.
func Values(s *actor.State) []string {
	var out []string
	for _, n := range s.Nodes() {
		if srv, ok := n.(*Server); ok {
			out = append(out, srv.Value)
		}
	}
	return out
}

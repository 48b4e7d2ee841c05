package raft

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Peer is what the system needs of a Raft server — Server, a buggy variant, or a student's
// implementation (see package rafttest): a deterministic actor.Node that reports the state the
// properties are about, and accepts client commands while it leads.
//
// Persistent state (currentTerm, votedFor, the log) lives in fields tagged
// `distcheck:"durable"`, which survive a crash; everything else is lost, and Init runs again
// when the server recovers. The tags count on the fields of the server's own struct (the one
// its pointer points to), not on those of structs embedded or nested in it, as for any node
// (actor.Faults.Recoveries).
type Peer interface {
	actor.Node
	// Term returns currentTerm.
	Term() int
	// Role returns the server's role.
	Role() Role
	// Log returns the log, index 1 first. The system only reads it.
	Log() []Entry
	// CommitIndex returns commitIndex: the log's entries up to it are committed.
	CommitIndex() int
	// Propose submits client command cmd. The system calls it only while Role returns
	// Leader; the leader appends the command to its log in its current term and replicates
	// it (§5.3).
	Propose(ctx actor.Context, cmd int)
}

// ClientTimer is the timer with which the system submits client commands: it is pending at a
// leader whose log holds fewer than Config.Commands entries, and when it fires, the leader is
// given the next command (Peer.Propose): command k+1 to a leader whose log holds k entries.
type ClientTimer struct{}

// String returns "client".
func (ClientTimer) String() string { return "client" }

// NewPeer makes the server with the given ID; peers are the other servers' IDs.
type NewPeer = func(id model.NodeID, peers []model.NodeID) Peer

// Config configures a system of Raft servers.
type Config struct {
	// Nodes is the number of servers (at least 2).
	Nodes int
	// MaxTerm bounds the terms, so that exhaustive search ends: a server whose term is
	// MaxTerm and that does not lead starts no election (its timers are ignored).
	MaxTerm int
	// Commands is the number of client commands: a leader is given command k+1 when its log
	// holds k < Commands entries, so that logs stay at most Commands long.
	Commands int
	// Faults are the fault budgets: crashes and recoveries, lost messages, partitions, ...
	Faults actor.Faults
	// Bug selects a buggy variant of Server.
	Bug bugs.Bug
	// NewPeer, if set, makes the servers instead of this package's Server: a student's, say
	// (package rafttest). Bug must then be bugs.None.
	NewPeer NewPeer
}

// Validate checks the configuration's bounds, fault budgets and bug.
func (c Config) Validate() error {
	switch {
	case c.Nodes < 2:
		return fmt.Errorf("raft: nodes is %d, want at least 2", c.Nodes)
	case c.MaxTerm < 1:
		return fmt.Errorf("raft: max-term is %d, want at least 1", c.MaxTerm)
	case c.Commands < 0:
		return fmt.Errorf("raft: commands is %d, want 0 or more", c.Commands)
	case c.NewPeer != nil && c.Bug != bugs.None:
		return fmt.Errorf("raft: bug %q is a variant of Server; it cannot apply to the servers of Config.NewPeer", c.Bug)
	}
	if err := c.Faults.ValidateBudgets(); err != nil {
		return fmt.Errorf("raft: %w", err)
	}
	return Catalog.Check(c.Bug)
}

// Params returns the configuration as trace parameters.
func (c Config) Params() map[string]string {
	return actor.TraceParams(map[string]int{"nodes": c.Nodes, "max-term": c.MaxTerm, "commands": c.Commands},
		string(c.Bug), c.Faults, actor.Byzantine{})
}

// New returns the system of cfg.Nodes servers — Server (or its variant cfg.Bug), or those
// cfg.NewPeer makes — with the properties of Properties. Messages are lost, duplicated, held
// back by partitions and reordered as cfg.Faults allows, and timers fire only when no message
// can be delivered (actor.TimersWhenQuiet: see the package documentation for why). A server's
// message identical to one already in flight on the same link is not sent again
// (System.MaxCopies 1), which keeps retries finite.
//
// Each server runs inside a harness node that gives a leader client commands (ClientTimer),
// ignores the timers of a server that may not start another election (Config.MaxTerm), and
// records the entries each server applies — its state machine — for the properties.
//
// A system of this package's servers is named "raft" in traces, and its servers are
// interchangeable (its symmetry, for symmetry reduction); one of cfg.NewPeer's servers has no
// Protocol name and no symmetry — its caller (package rafttest) names it, and nothing says
// that a server's behaviour does not depend on its ID.
func New(cfg Config) (*actor.System, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	newPeer := cfg.NewPeer
	if newPeer == nil {
		newPeer = func(model.NodeID, []model.NodeID) Peer { return newServer(cfg.Bug) }
	}
	nodes := make([]actor.Node, cfg.Nodes)
	servers := make([]model.NodeID, cfg.Nodes)
	for i := range nodes {
		id := model.NodeID(i)
		servers[i] = id
		var peers []model.NodeID
		for j := range cfg.Nodes {
			if j != i {
				peers = append(peers, model.NodeID(j))
			}
		}
		p := newPeer(id, peers)
		if p == nil {
			return nil, fmt.Errorf("raft: the constructor returned a nil server for node %d", i)
		}
		if err := value.Check(p); err != nil {
			return nil, fmt.Errorf("raft: node %d: %w", i, err)
		}
		nodes[i] = &host{P: p, bounds: &bounds{orig: value.CloneAny(p).(Peer), maxTerm: cfg.MaxTerm, commands: cfg.Commands}}
	}
	sys := &actor.System{
		Params:    cfg.Params(),
		Nodes:     nodes,
		Faults:    cfg.Faults,
		Timers:    actor.TimersWhenQuiet,
		MaxCopies: 1,
		Props:     Properties(),
	}
	if cfg.NewPeer == nil {
		sys.Protocol = "raft"
		sys.Symmetry = [][]model.NodeID{servers}
	}
	return sys, nil
}

// Applied is an entry a server has applied to its state machine, and the server's term when
// it did.
type Applied struct {
	Entry
	InTerm int
}

// host runs a Peer inside the system: it is the node the explorer sees.
type host struct {
	// P is the server. The whole of it is tagged durable so that it reaches Init after a
	// crash, where only its own durable fields are kept (restart).
	P Peer `distcheck:"durable"`
	// Applied are the entries the server has applied, in log order: its state machine, which
	// outlives crashes as the effects of applied commands do.
	Applied []Applied `distcheck:"durable"`
	// Started is set by the first Init, so that Init knows when it runs after a crash.
	Started bool `distcheck:"durable"`

	bounds *bounds `distcheck:"-"`
}

// bounds are a host's configuration, shared by its clones.
type bounds struct {
	orig              Peer // the server before it started, for restarts; never modified
	maxTerm, commands int
}

func (h *host) Init(ctx actor.Context) {
	if h.Started {
		h.P = restart(h.bounds.orig, h.P)
	}
	h.Started = true
	h.P.Init(ctx)
	h.after(ctx)
}

func (h *host) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	h.P.Handle(ctx, from, msg)
	h.after(ctx)
}

func (h *host) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == (ClientTimer{}):
		if h.P.Role() == Leader {
			h.P.Propose(ctx, len(h.P.Log())+1)
		}
	case h.P.Term() >= h.bounds.maxTerm && h.P.Role() != Leader:
		// The bound on terms: no more elections.
	default:
		h.P.Timeout(ctx, t)
	}
	h.after(ctx)
}

// after applies newly committed entries and keeps the client timer pending exactly while the
// server leads with room in its log.
func (h *host) after(ctx actor.Context) {
	log := h.P.Log()
	for i := len(h.Applied); i < min(h.P.CommitIndex(), len(log)); i++ {
		h.Applied = append(h.Applied, Applied{Entry: log[i], InTerm: h.P.Term()})
	}
	if h.P.Role() == Leader && len(log) < h.bounds.commands {
		ctx.SetTimer(ClientTimer{}, 0)
	} else {
		ctx.CancelTimer(ClientTimer{})
	}
}

// String shows the server (its String method, if it has one) and what it applied.
func (h *host) String() string {
	var s string
	if st, ok := h.P.(fmt.Stringer); ok {
		s = st.String()
	} else {
		s = value.Format(h.P)
	}
	if len(h.Applied) > 0 {
		s += " applied ["
		for i, a := range h.Applied {
			if i > 0 {
				s += " "
			}
			s += a.Entry.String()
		}
		s += "]"
	}
	return s
}

// restart returns a fresh copy of orig with the durable fields of crashed, as the explorer does
// for the nodes it runs directly (actor.Faults.Recoveries).
func restart(orig, crashed Peer) Peer {
	return actor.RestoreDurable(value.CloneAny(orig).(Peer), crashed)
}

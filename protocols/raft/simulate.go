package raft

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/smr"
)

// SimConfig configures a timed simulation of Raft (package sim): servers running Server (or
// the variant Bug) inside the harness NewSystem builds, and clients sending commands.
type SimConfig struct {
	// Servers and Clients count them; the servers are nodes 0 to Servers−1.
	Servers, Clients int
	// Every is the time between two commands of a client, Until when clients stop issuing
	// them, and ClientTimeout how long a client waits before it tries the next server.
	Every, Until, ClientTimeout time.Duration
	// ElectionTimeout is the least election timeout: each is drawn uniformly between it and
	// twice it. By default it is 150 ms (§5.6: 150–300 ms), or ten times Latency, the mean
	// latency of a message, if that is more: an election needs a round trip well within it.
	// Heartbeat is the leader's heartbeat interval (default a third of ElectionTimeout).
	ElectionTimeout, Heartbeat, Latency time.Duration
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Simulation is what a timed simulation of Raft needs: the peers (servers, then clients), the
// timing of the servers' timers, and the properties of Properties judged on the servers.
type Simulation struct {
	Types    []sim.PeerType
	Timeouts sim.TimeoutFunc
	Props    []model.Property[*actor.State]
}

// Simulate returns the simulation c describes. Each server is the node the model checker
// explores (the harness of NewSystem, which applies committed entries) with heartbeats on,
// inside a harness of its own that takes clients' commands: a leader proposes a command it
// has not yet in its log (Peer.Propose) and replies once it has applied it; another server
// replies with the leader it last heard from.
func Simulate(c SimConfig) (*Simulation, error) {
	switch {
	case c.Servers < 2:
		return nil, fmt.Errorf("raft: servers %d: want at least 2", c.Servers)
	case c.Clients < 0:
		return nil, fmt.Errorf("raft: clients %d: want 0 or more", c.Clients)
	case c.Clients > 0 && c.Every <= 0:
		return nil, fmt.Errorf("raft: time between commands %v: want a positive duration", c.Every)
	case c.ElectionTimeout < 0:
		return nil, fmt.Errorf("raft: election timeout %v: want a positive duration", c.ElectionTimeout)
	}
	election := cmpOr(c.ElectionTimeout, max(150*time.Millisecond, 10*c.Latency))
	heartbeat := cmpOr(c.Heartbeat, election/3)
	if heartbeat <= 0 || heartbeat >= election {
		return nil, fmt.Errorf("raft: heartbeat %v: want a positive duration less than the election timeout %v", heartbeat, election)
	}
	if err := Catalog.Check(c.Bug); err != nil {
		return nil, err
	}
	newPeer := func(model.NodeID, []model.NodeID) Peer {
		s := newServer(c.Bug)
		s.heartbeat = true
		return s
	}
	sys, err := New(Config{Nodes: c.Servers, MaxTerm: 1 << 30, NewPeer: newPeer})
	if err != nil {
		return nil, err
	}
	n := c.Servers
	servers := make([]model.NodeID, n)
	for i := range servers {
		servers[i] = model.NodeID(i)
	}
	timeout := cmpOr(c.ClientTimeout, 4*election)
	out := &Simulation{
		Types: []sim.PeerType{{Name: "server", Count: n, New: func(id model.NodeID) actor.Node {
			return &simServer{H: freshHost(sys.Nodes[id]), n: n, Leader: model.NoNode}
		}}},
		Timeouts: func(_ model.NodeID, t actor.Timer, after time.Duration, rnd *rand.Rand) time.Duration {
			switch t {
			case ElectionTimer:
				return election + time.Duration(rnd.Int64N(int64(election)))
			case RetryTimer:
				return heartbeat
			}
			return after
		},
		Props: smr.Lift(Properties(), n),
	}
	if c.Clients > 0 {
		cc := smr.ClientConfig{Servers: servers, Every: c.Every, Until: c.Until, Timeout: timeout}
		out.Types = append(out.Types, sim.PeerType{Name: "client", Count: c.Clients, Attach: 1,
			New: func(model.NodeID) actor.Node { return smr.NewClient(cc) }})
	}
	return out, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// freshHost returns a fresh copy of a host of NewSystem, for one run.
func freshHost(n actor.Node) *host {
	h := n.(*host)
	c := *h
	c.P = restart(h.bounds.orig, h.P)
	return &c
}

// simServer is a server's harness in a simulation: it takes clients' commands.
type simServer struct {
	H *host `distcheck:"durable"`
	// Reported counts the applied entries reported to the simulation.
	Reported int `distcheck:"durable"`
	// Clients are the clients waiting for each command proposed; Leader the server that
	// sent the latest AppendEntries of the current term.
	Clients map[uint64][]model.NodeID
	Leader  model.NodeID
	n       int
	sc      *smr.ServerContext `distcheck:"-"` // the servers, for each step's Context (In gives it the step's)
}

// ctx returns the Context the server steps with.
func (s *simServer) ctx(ctx actor.Context) smr.ServerContext {
	if s.sc == nil {
		sc := smr.NewServerContext(ctx, s.n)
		s.sc = &sc
	}
	return s.sc.In(ctx)
}

// Inner returns the host the model checker explores (smr.Wrapper).
func (s *simServer) Inner() actor.Node { return s.H }

// String shows the server.
func (s *simServer) String() string { return s.H.String() }

func (s *simServer) Init(ctx actor.Context) {
	s.Leader = model.NoNode
	s.Clients = nil
	s.H.Init(s.ctx(ctx))
	s.report(ctx)
}

func (s *simServer) Timeout(ctx actor.Context, t actor.Timer) {
	s.H.Timeout(s.ctx(ctx), t)
	s.report(ctx)
}

func (s *simServer) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	sc := s.ctx(ctx)
	switch m := msg.(type) {
	case smr.Request:
		s.request(sc, from, m.Cmd)
	case AppendEntries:
		s.H.Handle(sc, from, m)
		if m.Term == s.H.P.Term() {
			s.Leader = from
		}
	default:
		s.H.Handle(sc, from, msg)
	}
	s.report(ctx)
}

// request proposes a client's command at a leader, unless it is in the log already.
func (s *simServer) request(ctx smr.ServerContext, client model.NodeID, cmd uint64) {
	p := s.H.P
	if p.Role() != Leader {
		leader := s.Leader
		if p.Role() == Candidate {
			leader = model.NoNode
		}
		ctx.Send(client, smr.Reply{Cmd: cmd, Leader: leader})
		return
	}
	for _, a := range s.H.Applied {
		if uint64(a.Cmd) == cmd {
			ctx.Send(client, smr.Reply{Cmd: cmd, OK: true})
			return
		}
	}
	if s.Clients == nil {
		s.Clients = map[uint64][]model.NodeID{}
	}
	if !slices.Contains(s.Clients[cmd], client) {
		s.Clients[cmd] = append(s.Clients[cmd], client)
	}
	if !slices.ContainsFunc(p.Log(), func(e Entry) bool { return uint64(e.Cmd) == cmd }) {
		p.Propose(ctx, int(cmd))
		s.H.after(ctx)
	}
}

// report tells the simulation the server's role and what it applied, and replies to the
// clients whose commands it applied.
func (s *simServer) report(ctx actor.Context) {
	sim.ReportRole(ctx, s.H.P.Role().String(), s.H.P.Term())
	for ; s.Reported < len(s.H.Applied); s.Reported++ {
		cmd := uint64(s.H.Applied[s.Reported].Cmd)
		sim.ReportCommit(ctx, cmd)
		for _, c := range s.Clients[cmd] {
			ctx.Send(c, smr.Reply{Cmd: cmd, OK: true})
		}
		delete(s.Clients, cmd)
	}
}

// Sizes on the wire, for the simulator's bandwidth and byte counts (sim.Sizer): a header of
// 16 bytes, 8 per number, 16 per log entry.

// Size returns the request's size in bytes.
func (RequestVote) Size() int { return 16 + 3*8 }

// Size returns the reply's size in bytes.
func (RequestVoteReply) Size() int { return 16 + 2*8 }

// Size returns the request's size in bytes.
func (m AppendEntries) Size() int { return 16 + 4*8 + 16*len(m.Entries) }

// Size returns the reply's size in bytes.
func (AppendEntriesReply) Size() int { return 16 + 3*8 }

package abd

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugNoWriteBack returns a read's value as soon as a quorum has answered the query,
	// without recording it at a quorum first.
	BugNoWriteBack bugs.Bug = "no-write-back"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "abd", Variants: []bugs.Variant{
	{Bug: BugNoWriteBack, Summary: "reads return without writing back: a second reader sees the old value after a first saw the new one (not linearizable)"},
}}

// Seq orders the values written: a logical clock, ties broken by the ID of the server that
// coordinated the write.
type Seq struct {
	Clock int
	ID    model.NodeID
}

// compare orders sequence numbers.
func (s Seq) compare(t Seq) int {
	return cmp.Or(cmp.Compare(s.Clock, t.Clock), cmp.Compare(s.ID, t.ID))
}

// String renders the sequence number as (clock,server).
func (s Seq) String() string { return fmt.Sprintf("(%d,%d)", s.Clock, s.ID) }

// ReqID identifies a client's request: the client and the operation's number (checks.Request.Seq).
type ReqID struct {
	Client model.NodeID
	Seq    int
}

// Messages between servers. Each names the request it serves.
type (
	// Query asks a server for its sequence number and value (phase 1).
	Query struct{ Req ReqID }
	// AckQuery answers a Query.
	AckQuery struct {
		Req ReqID
		Seq Seq
		Val string
	}
	// Record asks a server to adopt a value if its sequence number is newer (phase 2).
	Record struct {
		Req ReqID
		Seq Seq
		Val string
	}
	// AckRecord answers a Record.
	AckRecord struct{ Req ReqID }
)

// Phase is the request a server is coordinating.
type Phase struct {
	Req ReqID
	// Write says the request is a write of Val; otherwise it is a read, which in phase 2
	// writes back and then returns Val.
	Write bool
	Val   string
	// Second says the server is recording (phase 2) rather than querying (phase 1).
	Second bool
	// Got[i] says server i answered this phase; Seqs and Vals hold phase 1's answers.
	Got  []bool
	Seqs []Seq
	Vals []string
}

// count returns the number of servers that answered.
func (p *Phase) count() int {
	n := 0
	for _, g := range p.Got {
		if g {
			n++
		}
	}
	return n
}

// Server is a replica of the register and, for the clients that send it their requests, the
// coordinator of ABD's two phases.
type Server struct {
	// Servers is the number of servers (nodes 0 to Servers-1); Bug selects a buggy variant.
	Servers int      `distcheck:"-"`
	Bug     bugs.Bug `distcheck:"-"`

	// Seq and Val are the replica's value and its sequence number.
	Seq Seq
	Val string
	// Phase is the request being coordinated, or nil.
	Phase *Phase
	// Waiting are the requests that arrived while the server was coordinating another, in
	// order; the next starts when the current one is answered.
	Waiting []Waiting
}

// Waiting is a client's request that waits for its turn.
type Waiting struct {
	From    model.NodeID
	Request checks.Request
}

// majority returns the size of a majority of n servers.
func majority(n int) int { return n/2 + 1 }

// Init sets the replica to the initial value, sequence number (0, own ID).
func (s *Server) Init(ctx actor.Context) { s.Seq = Seq{ID: ctx.ID()} }

// Timeout is unused: servers set no timers.
func (s *Server) Timeout(actor.Context, actor.Timer) {}

// Handle serves clients' requests and the other servers' phases.
func (s *Server) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case checks.Request:
		if s.Phase != nil {
			s.Waiting = append(s.Waiting, Waiting{From: from, Request: m})
			return
		}
		s.start(ctx, from, m)
	case Query:
		ctx.Send(from, AckQuery{Req: m.Req, Seq: s.Seq, Val: s.Val})
	case AckQuery:
		p := s.Phase
		if p == nil || p.Second || p.Req != m.Req || p.Got[from] {
			return
		}
		p.Got[from], p.Seqs[from], p.Vals[from] = true, m.Seq, m.Val
		s.queried(ctx)
	case Record:
		ctx.Send(from, AckRecord{Req: m.Req})
		s.adopt(m.Seq, m.Val)
	case AckRecord:
		p := s.Phase
		if p == nil || !p.Second || p.Req != m.Req || p.Got[from] {
			return
		}
		p.Got[from] = true
		s.recorded(ctx)
	}
}

// start begins phase 1 of a client's request: ask every other server, and count itself.
func (s *Server) start(ctx actor.Context, from model.NodeID, req checks.Request) {
	p := &Phase{Req: ReqID{Client: from, Seq: req.Seq}, Got: make([]bool, s.Servers), Seqs: make([]Seq, s.Servers), Vals: make([]string, s.Servers)}
	switch req.Op.Kind {
	case checks.KindWrite:
		p.Write, p.Val = true, req.Op.Value
	case checks.KindRead:
	default:
		ctx.Send(from, checks.Reply{Seq: req.Seq}) // not a register operation: ignored
		return
	}
	s.Phase = p
	me := ctx.ID()
	p.Got[me], p.Seqs[me], p.Vals[me] = true, s.Seq, s.Val
	s.broadcast(ctx, Query{Req: p.Req})
	s.queried(ctx)
}

// broadcast sends msg to the other servers.
func (s *Server) broadcast(ctx actor.Context, msg actor.Message) {
	for i := range s.Servers {
		if model.NodeID(i) != ctx.ID() {
			ctx.Send(model.NodeID(i), msg)
		}
	}
}

// queried moves to phase 2 once a majority has answered the query: a write records its value
// with a newer sequence number than any answer; a read records (writes back) the newest value.
func (s *Server) queried(ctx actor.Context) {
	p := s.Phase
	if p.count() != majority(s.Servers) {
		return
	}
	best := -1
	for i, g := range p.Got {
		if g && (best < 0 || p.Seqs[i].compare(p.Seqs[best]) > 0) {
			best = i
		}
	}
	seq, val := p.Seqs[best], p.Vals[best]
	if p.Write {
		seq, val = Seq{Clock: seq.Clock + 1, ID: ctx.ID()}, p.Val
	} else if s.Bug == BugNoWriteBack {
		s.finish(ctx, checks.Result{Value: val})
		return
	}
	p.Val, p.Second = val, true
	p.Got, p.Seqs, p.Vals = make([]bool, s.Servers), nil, nil
	s.broadcast(ctx, Record{Req: p.Req, Seq: seq, Val: val})
	s.adopt(seq, val)
	p.Got[ctx.ID()] = true
	s.recorded(ctx)
}

// recorded answers the client once a majority has recorded the value.
func (s *Server) recorded(ctx actor.Context) {
	p := s.Phase
	if p.count() != majority(s.Servers) {
		return
	}
	var res checks.Result
	if !p.Write {
		res.Value = p.Val
	}
	s.finish(ctx, res)
}

// finish answers the request being coordinated and starts the next waiting one.
func (s *Server) finish(ctx actor.Context, res checks.Result) {
	ctx.Send(s.Phase.Req.Client, checks.Reply{Seq: s.Phase.Req.Seq, Result: res})
	s.Phase = nil
	if len(s.Waiting) > 0 {
		w := s.Waiting[0]
		s.Waiting = s.Waiting[1:]
		if len(s.Waiting) == 0 {
			s.Waiting = nil
		}
		s.start(ctx, w.From, w.Request)
	}
}

// adopt takes a value whose sequence number is newer than the replica's.
func (s *Server) adopt(seq Seq, val string) {
	if seq.compare(s.Seq) > 0 {
		s.Seq, s.Val = seq, val
	}
}

// String shows the replica and the request in progress, for diagrams.
func (s *Server) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s=%s", s.Seq, strconv.Quote(s.Val))
	if p := s.Phase; p != nil {
		phase := 1
		if p.Second {
			phase = 2
		}
		op := "read"
		if p.Write {
			op = "write " + strconv.Quote(p.Val)
		}
		fmt.Fprintf(&b, " phase %d of node %d's %s (%d answers)", phase, p.Req.Client, op, p.count())
	}
	if len(s.Waiting) > 0 {
		fmt.Fprintf(&b, " +%d waiting", len(s.Waiting))
	}
	return b.String()
}

// Config configures a system.
type Config struct {
	// Servers is the number of servers (at least 1); a majority of them is a quorum.
	Servers int
	// Clients is the number of clients (at least 1); the first Writers of them write a value of
	// their own and then read (Stateright's register clients) from the start; the others read
	// once, when they like (checks.Client.Wait): perhaps after other operations have ended.
	Clients, Writers int
	// Faults are the fault budgets: lost messages, crashed servers, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the ABD system for cfg: servers s0, s1, ... (nodes 0 to Servers-1) and clients
// c0, c1, ...; client i sends its k-th operation to server (i+k) mod Servers, counting nodes
// from the first server as Stateright does.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("servers", cfg.Servers, 1),
		setup.AtLeast("clients", cfg.Clients, 1),
		setup.Between("writers", cfg.Writers, 0, cfg.Clients, "the number of clients")); err != nil {
		return nil, err
	}
	var nodes []actor.Node
	var names []string
	var ids []model.NodeID
	for i := range cfg.Servers {
		nodes = append(nodes, &Server{Servers: cfg.Servers, Bug: cfg.Bug})
		names = append(names, "s"+strconv.Itoa(i))
		ids = append(ids, model.NodeID(i))
	}
	for i := range cfg.Clients {
		w := checks.Script(checks.Read())
		if i < cfg.Writers {
			w = checks.Script(checks.Write(string(rune('A'+i))), checks.Read())
		}
		c, err := checks.NewClient(w, ids...)
		if err != nil {
			return nil, fmt.Errorf("abd: %w", err)
		}
		c.Wait = i > cfg.Writers
		nodes = append(nodes, c)
		names = append(names, "c"+strconv.Itoa(i))
	}
	return &actor.System{
		Protocol: "abd",
		Params: actor.TraceParams(map[string]int{"servers": cfg.Servers, "clients": cfg.Clients, "writers": cfg.Writers},
			string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:  nodes,
		Names:  names,
		Faults: cfg.Faults,
		Props: []model.Property[*actor.State]{
			checks.Linearizable("Linearizable", checks.RegisterModel()),
			properties.Sometimes("ValueRead", ValueRead),
		},
	}, nil
}

// ValueRead reports whether a read has returned a value that was written.
func ValueRead(s *actor.State) bool {
	for _, op := range s.History() {
		if op.Returned && op.Input == checks.Read() && op.Output.(checks.Result).Value != "" {
			return true
		}
	}
	return false
}

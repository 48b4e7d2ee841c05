// Package smr runs consensus protocols as replicated state machines in timed simulations
// (package sim): clients that send commands at a rate and retry them (Client), the requests
// and replies they exchange with the servers (Request, Reply), a Context that shows a server
// only the other servers (ServerContext), and the protocol's own safety properties judged on
// the servers a simulation harness wraps (Lift). Each protocol package has the harness that
// hands a client's command to its own nodes — the same code the model checker explores.
package smr

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Request asks a server to commit client command Cmd.
type Request struct{ Cmd uint64 }

// Reply answers a Request: OK says Cmd is committed; otherwise the server does not lead, and
// Leader is the server it believes does, or model.NoNode.
type Reply struct {
	Cmd    uint64
	OK     bool
	Leader model.NodeID
}

// Size is the request's size on the wire: a header and the command.
func (Request) Size() int { return 24 }

// Size is the reply's size on the wire.
func (Reply) Size() int { return 32 }

// String shows the request, e.g. Request(c1.7).
func (r Request) String() string { return "Request(" + CmdString(r.Cmd) + ")" }

// String shows the reply, e.g. Reply(c1.7 ok) or Reply(c1.7 leader=n2).
func (r Reply) String() string {
	if r.OK {
		return "Reply(" + CmdString(r.Cmd) + " ok)"
	}
	return fmt.Sprintf("Reply(%s leader=n%d)", CmdString(r.Cmd), r.Leader)
}

// CmdsPerClient bounds the commands of one client, so that a command's number says whose it
// is: client c's command k is c × CmdsPerClient + k.
const CmdsPerClient = 1_000_000

// Cmd returns the command a client numbers seq (1 to CmdsPerClient−1): unique across clients,
// and readable in logs (client 5's 11th command is 5000011).
func Cmd(client model.NodeID, seq int) uint64 { return uint64(client)*CmdsPerClient + uint64(seq) }

// CmdString shows a command as c<client>.<seq>.
func CmdString(cmd uint64) string { return fmt.Sprintf("c%d.%d", cmd/CmdsPerClient, cmd%CmdsPerClient) }

// ClientConfig configures a client.
type ClientConfig struct {
	// Servers are the servers' IDs.
	Servers []model.NodeID
	// Every is the time between two new commands; Until is when the client stops issuing
	// them (0: never): it issues the commands due (at Every, 2 × Every, ...) before Until.
	Every, Until time.Duration
	// Timeout is how long the client waits for a reply before it sends the command to the
	// next server.
	Timeout time.Duration
}

// Client issues a new command every Every, sends it to the server it takes for the leader,
// and sends it again, to the next server or the one a Reply names, until it is committed.
// Commands are client operations (Context.Invoke, Return), so a simulation measures their
// latency.
type Client struct {
	Config ClientConfig
	// Seq is the number of commands issued, kept across a crash so that a command's number
	// is never reused; Leader is the index in Servers of the server the client sends to.
	Seq    int `distcheck:"durable"`
	Leader int
	// Pending are the commands not yet committed.
	Pending map[uint64]Pending
}

// Pending is a command waiting for its commit: its operation, and the index in Servers of the
// server it was last sent to.
type Pending struct {
	Op actor.OpID
	To int
}

// NewClient returns a client.
func NewClient(cfg ClientConfig) *Client { return &Client{Config: cfg, Pending: map[uint64]Pending{}} }

type (
	issueTimer struct{}
	retryTimer struct{ Cmd uint64 }
)

func (issueTimer) String() string   { return "issue" }
func (t retryTimer) String() string { return "retry " + CmdString(t.Cmd) }

// String shows the client's progress, e.g. "client: 12 commands, 2 pending, sends to n3".
func (c *Client) String() string {
	return fmt.Sprintf("client: %d commands, %d pending, sends to n%d", c.Seq, len(c.Pending), c.Config.Servers[c.Leader])
}

// Init starts the stream of commands.
func (c *Client) Init(ctx actor.Context) { ctx.SetTimer(issueTimer{}, c.Config.Every) }

// Timeout issues a new command, or sends a pending one again to the next server.
func (c *Client) Timeout(ctx actor.Context, t actor.Timer) {
	switch t := t.(type) {
	case issueTimer:
		// The command due at (Seq+1) × Every is issued if that is before Until: counted, not
		// read from the clock, so that a replay on the actor layer (where Now is 0) agrees.
		if c.Config.Until > 0 && time.Duration(c.Seq+1)*c.Config.Every >= c.Config.Until || c.Seq+1 >= CmdsPerClient {
			return
		}
		c.Seq++
		cmd := Cmd(ctx.ID(), c.Seq)
		c.Pending[cmd] = Pending{Op: ctx.Invoke(cmd)}
		c.send(ctx, cmd)
		ctx.SetTimer(issueTimer{}, c.Config.Every)
	case retryTimer:
		if p, ok := c.Pending[t.Cmd]; ok {
			if p.To == c.Leader {
				// No answer from the server taken for the leader: try the next one.
				c.Leader = (c.Leader + 1) % len(c.Config.Servers)
			}
			c.send(ctx, t.Cmd)
		}
	}
}

// send sends cmd to the server taken for the leader, and waits for the reply until Timeout.
func (c *Client) send(ctx actor.Context, cmd uint64) {
	p := c.Pending[cmd]
	p.To = c.Leader
	c.Pending[cmd] = p
	ctx.Send(c.Config.Servers[c.Leader], Request{Cmd: cmd})
	ctx.SetTimer(retryTimer{cmd}, c.Config.Timeout)
}

// Handle takes a reply: a commit returns the operation; a redirect sends the command to the
// leader named.
func (c *Client) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	r, ok := msg.(Reply)
	if !ok {
		return
	}
	p, pending := c.Pending[r.Cmd]
	switch {
	case !pending:
	case r.OK:
		delete(c.Pending, r.Cmd)
		ctx.CancelTimer(retryTimer{r.Cmd})
		ctx.Return(p.Op, r.Cmd)
	case r.Leader != model.NoNode && r.Leader != from:
		for i, s := range c.Config.Servers {
			if s == r.Leader {
				c.Leader = i
				c.send(ctx, r.Cmd)
			}
		}
	}
}

// ServerContext is the Context a harness gives the server it wraps: Nodes are the servers
// only, and Peers the other servers, so that the server counts its quorums among servers and
// broadcasts to them, not to the clients of the simulation.
type ServerContext struct {
	actor.Context
	Servers, Others []model.NodeID
}

// Nodes returns the servers.
func (c ServerContext) Nodes() []model.NodeID { return c.Servers }

// Peers returns the other servers.
func (c ServerContext) Peers() []model.NodeID { return c.Others }

// Broadcast sends msg to the other servers.
func (c ServerContext) Broadcast(msg actor.Message) {
	for _, p := range c.Others {
		c.Context.Send(p, msg)
	}
}

// NewServerContext returns the ServerContext of server id among servers 0 to n−1. A harness
// that steps often can keep one and change only its Context (In).
func NewServerContext(ctx actor.Context, n int) ServerContext {
	servers := make([]model.NodeID, n)
	others := make([]model.NodeID, 0, n-1)
	for i := range n {
		servers[i] = model.NodeID(i)
		if model.NodeID(i) != ctx.ID() {
			others = append(others, model.NodeID(i))
		}
	}
	return ServerContext{Context: ctx, Servers: servers, Others: others}
}

// In returns c acting through ctx (the Context of the current step).
func (c ServerContext) In(ctx actor.Context) ServerContext {
	c.Context = ctx
	return c
}

// Wrapper is a harness node around the node a model-checked System runs.
type Wrapper interface {
	actor.Node
	// Inner returns the node it wraps.
	Inner() actor.Node
}

// Lift returns props judged on the inner nodes of the first n nodes of a state (Wrappers: the
// servers), with the same names and kinds: a protocol's own safety properties, for a
// simulation (sim.Config.Props) whose servers are harnesses and whose other peers are clients.
func Lift(props []model.Property[*actor.State], n int) []model.Property[*actor.State] {
	inner := func(s *actor.State) *actor.State {
		nodes := make([]actor.Node, n)
		down := make([]bool, n)
		for i := range n {
			nodes[i] = s.Node(model.NodeID(i)).(Wrapper).Inner()
			down[i] = !s.Up(model.NodeID(i))
		}
		return actor.Snapshot(nodes, down)
	}
	out := make([]model.Property[*actor.State], len(props))
	for i, p := range props {
		holds := p.Holds
		out[i] = p
		out[i].Holds = func(s *actor.State) bool { return holds(inner(s)) }
		if p.Then != nil {
			then := p.Then
			out[i].Then = func(s *actor.State) bool { return then(inner(s)) }
		}
		out[i].Explain = nil
	}
	return out
}

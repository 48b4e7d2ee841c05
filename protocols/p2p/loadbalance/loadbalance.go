// Package loadbalance is a load balancer in front of servers of different speeds, with four
// policies: round robin, least connections, weighted round robin (smooth, as nginx does it)
// and consistent hashing of the request's key (package ring). Clients send requests to the
// balancer, which forwards each to a server and passes the answer back; a server works through
// its requests one at a time.
//
// Metrics (see Metrics) say how the load is spread — each server's share against its share of
// the capacity, the largest load over the mean, Jain's fairness index — and how long clients
// wait.
package loadbalance

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p/ring"
)

// Policy is how the balancer picks a server.
type Policy uint8

// The policies.
const (
	RoundRobin Policy = iota
	LeastConnections
	WeightedRoundRobin
	ConsistentHashing
)

var policyNames = [...]string{"round-robin", "least-connections", "weighted-round-robin", "consistent-hashing"}

// String returns the policy's name.
func (p Policy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("policy(%d)", uint8(p))
}

// ParsePolicy reads a policy's name.
func ParsePolicy(s string) (Policy, error) {
	for p, name := range policyNames {
		if name == s {
			return Policy(p), nil
		}
	}
	return 0, fmt.Errorf("unknown balancing policy %q (want round-robin, least-connections, weighted-round-robin or consistent-hashing)", s)
}

// Request is a client's request: a key (for consistent hashing) and the work it takes, in
// units a server of speed 1 does in a millisecond.
type Request struct {
	ID   int
	Key  int
	Work int
}

// Job is a request forwarded to a server.
type Job struct {
	Client model.NodeID
	Req    Request
}

// Done is a server's answer, through the balancer.
type Done struct {
	Client model.NodeID
	Req    Request
	Server model.NodeID
}

// Sizes on the wire.
func (Request) Size() int { return 64 }
func (Job) Size() int     { return 72 }
func (Done) Size() int    { return 72 }

// Balancer forwards requests to servers.
type Balancer struct {
	// Assigned counts the requests sent to each server, Outstanding those not answered yet,
	// Handled those answered; Current is the smooth weighted round robin's state; Next the
	// round robin's.
	Assigned    []int
	Outstanding []int
	Handled     []int
	Current     []int
	Next        int

	Policy  Policy         `distcheck:"-"`
	Servers []model.NodeID `distcheck:"-"`
	Weights []int          `distcheck:"-"`
	Ring    *ring.Ring     `distcheck:"-"`
}

// NewBalancer returns a balancer over servers with the given weights (their speeds).
func NewBalancer(policy Policy, servers []model.NodeID, weights []int) *Balancer {
	n := len(servers)
	return &Balancer{
		Assigned: make([]int, n), Outstanding: make([]int, n), Handled: make([]int, n), Current: make([]int, n),
		Policy: policy, Servers: servers, Weights: weights, Ring: ring.New(servers, 64),
	}
}

// Init does nothing.
func (b *Balancer) Init(actor.Context) {}

// Timeout is unused.
func (b *Balancer) Timeout(actor.Context, actor.Timer) {}

// Handle forwards requests and passes answers back.
func (b *Balancer) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Request:
		i := b.pick(m)
		b.Outstanding[i]++
		b.Assigned[i]++
		ctx.Send(b.Servers[i], Job{Client: from, Req: m})
	case Done:
		for i, s := range b.Servers {
			if s == m.Server {
				b.Outstanding[i]--
				b.Handled[i]++
			}
		}
		ctx.Send(m.Client, m)
	}
}

// pick returns the index of the server for r.
func (b *Balancer) pick(r Request) int {
	switch b.Policy {
	case LeastConnections:
		best := 0
		for i := range b.Servers {
			// Fewest outstanding per unit of weight; ties go to the first.
			if b.Outstanding[i]*b.Weights[best] < b.Outstanding[best]*b.Weights[i] {
				best = i
			}
		}
		return best
	case WeightedRoundRobin:
		total, best := 0, 0
		for i, w := range b.Weights {
			b.Current[i] += w
			total += w
			if b.Current[i] > b.Current[best] {
				best = i
			}
		}
		b.Current[best] -= total
		return best
	case ConsistentHashing:
		owner := b.Ring.Owner(r.Key)
		for i, s := range b.Servers {
			if s == owner {
				return i
			}
		}
	}
	i := b.Next % len(b.Servers)
	b.Next++
	return i
}

// workTimer fires when a server finishes its current job.
type workTimer struct{}

// Server does jobs one at a time, Speed work units a millisecond.
type Server struct {
	Queue []Job
	Done  int
	// Keys are the keys served (for consistent hashing's stickiness).
	Keys map[int]bool

	Speed int `distcheck:"-"`
}

// Init does nothing.
func (s *Server) Init(actor.Context) {}

// Handle queues a job, starting it if the server is idle.
func (s *Server) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	j, ok := msg.(Job)
	if !ok {
		return
	}
	s.Queue = append(s.Queue, j)
	if s.Keys == nil {
		s.Keys = map[int]bool{}
	}
	s.Keys[j.Req.Key] = true
	if len(s.Queue) == 1 {
		s.start(ctx)
	}
}

func (s *Server) start(ctx actor.Context) {
	work := time.Duration(s.Queue[0].Req.Work) * time.Millisecond / time.Duration(max(s.Speed, 1))
	ctx.SetTimer(workTimer{}, work)
}

// Timeout finishes the current job and starts the next.
func (s *Server) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(workTimer); !ok || len(s.Queue) == 0 {
		return
	}
	j := s.Queue[0]
	s.Queue = s.Queue[1:]
	s.Done++
	ctx.Send(model.NodeID(0), Done{Client: j.Client, Req: j.Req, Server: ctx.ID()})
	if len(s.Queue) > 0 {
		s.start(ctx)
	}
}

// sendTimer paces a client.
type sendTimer struct{}

// Client sends requests to the balancer (node 0) every Every, each of Work units, with keys
// chosen at random among Keys; it records each as an operation.
type Client struct {
	Sent    int
	Pending map[int]actor.OpID

	Every time.Duration `distcheck:"-"`
	Work  int           `distcheck:"-"`
	Keys  int           `distcheck:"-"`
	Max   int           `distcheck:"-"`
}

// Init starts sending.
func (c *Client) Init(ctx actor.Context) { ctx.SetTimer(sendTimer{}, c.Every) }

// Timeout sends a request.
func (c *Client) Timeout(ctx actor.Context, _ actor.Timer) {
	if c.Max > 0 && c.Sent >= c.Max {
		return
	}
	r := Request{ID: c.Sent, Key: ctx.Choose(max(c.Keys, 1)), Work: c.Work}
	c.Sent++
	if c.Pending == nil {
		c.Pending = map[int]actor.OpID{}
	}
	c.Pending[r.ID] = ctx.Invoke(r)
	ctx.Send(0, r)
	ctx.SetTimer(sendTimer{}, c.Every)
}

// Handle records an answer.
func (c *Client) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	if d, ok := msg.(Done); ok {
		if id, ok := c.Pending[d.Req.ID]; ok {
			delete(c.Pending, d.Req.ID)
			ctx.Return(id, d.Server)
		}
	}
}

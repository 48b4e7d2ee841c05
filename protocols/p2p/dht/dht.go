// Package dht is a distributed hash table in the manner of Dynamo: keys are placed on a ring by
// consistent hashing (package ring), with virtual nodes, and each key is kept by the first
// Replicas nodes clockwise from its hash. A client writes (put, delete) and reads (get) at
// those replicas and is done once a majority of them answered; a replica that does not answer
// in time is replaced by the next node on the ring (failover). Reads return the newest
// version among the answers.
//
// Each client owns its keys ("c3/k7") and remembers the last version of each it got
// acknowledged, so a read that returns an older one than was acknowledged before the read
// began is stale: the metric of what failover does not repair.
package dht

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p/ring"
)

// Version orders writes: a client's counter, then the client.
type Version struct {
	Counter int
	Client  model.NodeID
}

// Less reports whether v is older than w.
func (v Version) Less(w Version) bool {
	return v.Counter < w.Counter || v.Counter == w.Counter && v.Client < w.Client
}

// Entry is a stored value; a delete stores a tombstone.
type Entry struct {
	Value   int
	Version Version
	Deleted bool
}

// Put writes an entry (a delete writes a tombstone).
type Put struct {
	Op    int
	Key   string
	Entry Entry
}

// Get reads a key.
type Get struct {
	Op  int
	Key string
}

// Ack answers a Put.
type Ack struct{ Op int }

// Found answers a Get; Entry is the zero Entry if the node has none.
type Found struct {
	Op    int
	Entry Entry
	Has   bool
}

// Sizes on the wire.
func (m Put) Size() int { return 32 + len(m.Key) }
func (m Get) Size() int { return 16 + len(m.Key) }
func (Ack) Size() int   { return 12 }
func (Found) Size() int { return 40 }

// Config configures the table.
type Config struct {
	// Nodes are the storage nodes.
	Nodes []model.NodeID
	// VNodes is the number of virtual nodes per storage node.
	VNodes int
	// Replicas is how many nodes keep each key.
	Replicas int
	// Timeout is how long a client waits for a replica before failing over to the next node.
	Timeout time.Duration
	// Every is how often a client starts an operation; Keys how many keys it uses; Ops how many
	// operations it runs in all (0: no limit).
	Every time.Duration
	Keys  int
	Ops   int
}

// Validate checks the configuration.
func (c Config) Validate() error {
	switch {
	case len(c.Nodes) == 0:
		return fmt.Errorf("dht: no storage nodes")
	case c.Replicas < 1 || c.Replicas > len(c.Nodes):
		return fmt.Errorf("dht: replicas %d: want 1 to %d (the storage nodes)", c.Replicas, len(c.Nodes))
	case c.VNodes < 1:
		return fmt.Errorf("dht: vnodes %d: want at least 1", c.VNodes)
	case c.Timeout <= 0:
		return fmt.Errorf("dht: timeout %v: want a positive duration", c.Timeout)
	case c.Keys < 1:
		return fmt.Errorf("dht: keys %d: want at least 1", c.Keys)
	}
	return nil
}

// Node is a storage node.
type Node struct {
	Data map[string]Entry
}

// Init does nothing: storage nodes wait for requests.
func (n *Node) Init(actor.Context) {}

// Handle stores and reads entries.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Put:
		if old, ok := n.Data[m.Key]; !ok || old.Version.Less(m.Entry.Version) {
			if n.Data == nil {
				n.Data = map[string]Entry{}
			}
			n.Data[m.Key] = m.Entry
		}
		ctx.Send(from, Ack{m.Op})
	case Get:
		e, ok := n.Data[m.Key]
		ctx.Send(from, Found{m.Op, e, ok})
	}
}

// Timeout is unused.
func (n *Node) Timeout(actor.Context, actor.Timer) {}

// Kind is what an operation does.
type Kind uint8

// The operations.
const (
	OpPut Kind = iota
	OpGet
	OpDelete
)

// Request is a client operation as recorded in the history (Context.Invoke).
type Request struct {
	Kind Kind
	Key  string
}

// Result is what an operation returned (Context.Return).
type Result struct {
	OK      bool
	Value   int
	Found   bool
	Stale   bool
	Retries int
}

// pending is an operation in progress.
type pending struct {
	ID      actor.OpID
	Req     Request
	Entry   Entry
	Owners  []model.NodeID // the preference list: replicas, then failover nodes
	Asked   int            // how many of Owners were asked
	Answers []model.NodeID
	Best    Entry
	HasBest bool
	Retries int
	// Expect is the version a get must return at least: the last write of the key acknowledged
	// before the get began.
	Expect    Version
	HasExpect bool
}

// opTimer is an operation's timeout; startTimer paces the client.
type (
	opTimer    struct{ Op int }
	startTimer struct{}
)

// Client runs operations on its own keys.
type Client struct {
	Next    int
	Written map[string]Version // the last version acknowledged, per key
	Pending map[int]*pending

	Cfg  Config     `distcheck:"-"`
	Ring *ring.Ring `distcheck:"-"`
}

// NewClient returns a client of the table cfg describes.
func NewClient(cfg Config) *Client {
	return &Client{Cfg: cfg, Ring: ring.New(cfg.Nodes, cfg.VNodes)}
}

// Init starts the operations.
func (c *Client) Init(ctx actor.Context) { ctx.SetTimer(startTimer{}, c.Cfg.Every) }

// Timeout starts an operation, or fails an unanswering replica over.
func (c *Client) Timeout(ctx actor.Context, t actor.Timer) {
	switch t := t.(type) {
	case startTimer:
		if c.Cfg.Ops == 0 || c.Next < c.Cfg.Ops {
			c.start(ctx)
			ctx.SetTimer(startTimer{}, c.Cfg.Every)
		}
	case opTimer:
		p := c.Pending[t.Op]
		if p == nil {
			return
		}
		if p.Asked >= len(p.Owners) {
			c.finish(ctx, t.Op, Result{Retries: p.Retries})
			return
		}
		p.Retries++
		c.ask(ctx, t.Op, p, p.Asked)
		ctx.SetTimer(opTimer{t.Op}, c.Cfg.Timeout)
	}
}

// start begins a put (40%), a get (50%) or a delete (10%) of one of the client's keys.
func (c *Client) start(ctx actor.Context) {
	op := c.Next
	c.Next++
	kind := OpGet
	switch r := ctx.Choose(10); {
	case r < 4:
		kind = OpPut
	case r == 9:
		kind = OpDelete
	}
	key := fmt.Sprintf("c%d/k%d", ctx.ID(), ctx.Choose(c.Cfg.Keys))
	req := Request{Kind: kind, Key: key}
	p := &pending{ID: ctx.Invoke(req), Req: req, Owners: c.Ring.Owners(key, len(c.Cfg.Nodes))}
	p.Expect, p.HasExpect = c.Written[key]
	if kind != OpGet {
		p.Entry = Entry{Value: op, Version: Version{op + 1, ctx.ID()}, Deleted: kind == OpDelete}
	}
	if c.Pending == nil {
		c.Pending = map[int]*pending{}
	}
	c.Pending[op] = p
	for i := range c.Cfg.Replicas {
		c.ask(ctx, op, p, i)
	}
	ctx.SetTimer(opTimer{op}, c.Cfg.Timeout)
}

func (c *Client) ask(ctx actor.Context, op int, p *pending, i int) {
	p.Asked = i + 1
	if p.Req.Kind == OpGet {
		ctx.Send(p.Owners[i], Get{op, p.Req.Key})
	} else {
		ctx.Send(p.Owners[i], Put{op, p.Req.Key, p.Entry})
	}
}

// Handle counts answers; a majority of Replicas completes the operation.
func (c *Client) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	var op int
	switch m := msg.(type) {
	case Ack:
		op = m.Op
	case Found:
		op = m.Op
		if p := c.Pending[op]; p != nil && m.Has && (!p.HasBest || p.Best.Version.Less(m.Entry.Version)) {
			p.Best, p.HasBest = m.Entry, true
		}
	default:
		return
	}
	p := c.Pending[op]
	if p == nil {
		return
	}
	for _, a := range p.Answers {
		if a == from {
			return
		}
	}
	p.Answers = append(p.Answers, from)
	if len(p.Answers) < c.Cfg.Replicas/2+1 {
		return
	}
	res := Result{OK: true, Retries: p.Retries}
	if p.Req.Kind == OpGet {
		res.Found = p.HasBest && !p.Best.Deleted
		res.Value = p.Best.Value
		if p.HasExpect && (!p.HasBest || p.Best.Version.Less(p.Expect)) {
			res.Stale = true
		}
	} else {
		if c.Written == nil {
			c.Written = map[string]Version{}
		}
		if w := c.Written[p.Req.Key]; w.Less(p.Entry.Version) {
			c.Written[p.Req.Key] = p.Entry.Version
		}
	}
	c.finish(ctx, op, res)
}

func (c *Client) finish(ctx actor.Context, op int, res Result) {
	p := c.Pending[op]
	delete(c.Pending, op)
	ctx.CancelTimer(opTimer{op})
	ctx.Return(p.ID, res)
}

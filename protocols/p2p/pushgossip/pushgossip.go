// Package pushgossip is push gossip ("infect and die" with a hop limit): a peer that gets an
// item it does not hold yet keeps it and, while the item's time to live (TTL) lasts, pushes it
// to Fanout overlay neighbours chosen at random. It is fast and costs about Fanout copies of
// every item per peer, but it never repairs: a peer that is offline while an item spreads
// misses it for good.
package pushgossip

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p"
)

// Push carries an item, with the hops it may still travel.
type Push struct {
	Tx  p2p.Tx
	TTL int
}

// Size is the message's size on the wire.
func (m Push) Size() int { return m.Tx.Size() + 2 }

// Carried returns the item.
func (m Push) Carried() []p2p.Tx { return []p2p.Tx{m.Tx} }

// Carry returns the message carrying txs[0] instead.
func (m Push) Carry(txs []p2p.Tx) actor.Message { return Push{txs[0], m.TTL} }

// Config configures a peer.
type Config struct {
	// Fanout is how many neighbours a peer pushes a new item to.
	Fanout int
	// TTL is how many hops an item travels from the peer that first gets it.
	TTL int
	// Produce is how the peer produces items of its own (none by default).
	Produce p2p.Production
	// Verify drops items without their origin's valid signature.
	Verify bool
}

// Node is a push-gossip peer.
type Node struct {
	Store p2p.Store
	Seq   int

	Cfg Config `distcheck:"-"`
}

// New returns a peer with configuration cfg.
func New(cfg Config) *Node { return &Node{Cfg: cfg} }

// Init starts the production.
func (n *Node) Init(ctx actor.Context) { n.Cfg.Produce.Begin(ctx) }

// Handle takes an item, submitted by a client or pushed by a peer.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case p2p.Submit:
		n.receive(ctx, m.Tx, n.Cfg.TTL, from)
	case Push:
		n.receive(ctx, m.Tx, m.TTL, from)
	}
}

// Timeout produces an item and pushes it.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(p2p.ProduceTimer); !ok {
		return
	}
	if tx, ok := n.Cfg.Produce.Next(ctx, &n.Seq); ok {
		n.receive(ctx, tx, n.Cfg.TTL, ctx.ID())
	}
}

func (n *Node) receive(ctx actor.Context, tx p2p.Tx, ttl int, from model.NodeID) {
	if n.Cfg.Verify && !tx.Valid() {
		return
	}
	sim.Seen(ctx, tx.ID, tx.Data)
	if !n.Store.Add(tx) || ttl <= 0 {
		return
	}
	for _, p := range p2p.Sample(ctx, ctx.Peers(), n.Cfg.Fanout, from) {
		ctx.Send(p, Push{tx, ttl - 1})
	}
}

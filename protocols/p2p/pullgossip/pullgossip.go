// Package pullgossip is pull gossip, or anti-entropy: every Period a peer sends an overlay
// neighbour chosen at random the index of the items it holds, and the neighbour answers with
// the items missing from it. Items spread more slowly than by pushing, but each travels to a
// peer about once, and a peer that was offline catches up when it is back.
//
// The plain index lists every item held, so it grows with the history. The ranged variant
// (Config.Ranged) sends instead, for each origin, how many of its items the peer holds
// without a gap — items are numbered by their origin's counter — and the neighbour answers
// with those beyond.
package pullgossip

import (
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p"
)

// Index asks for the items missing from the sender, which holds IDs (sorted).
type Index struct{ IDs []sim.ItemID }

// Size is the message's size on the wire.
func (m Index) Size() int { return 8 + 12*len(m.IDs) }

// RangedIndex asks for the items beyond the sender's ranges.
type RangedIndex struct{ Ranges []p2p.Range }

// Size is the message's size on the wire.
func (m RangedIndex) Size() int { return 8 + 12*len(m.Ranges) }

// Items answers an index with the items missing from it.
type Items struct{ Txs []p2p.Tx }

// Size is the message's size on the wire.
func (m Items) Size() int {
	n := 8
	for _, tx := range m.Txs {
		n += tx.Size()
	}
	return n
}

// Carried returns the items.
func (m Items) Carried() []p2p.Tx { return m.Txs }

// Carry returns the message carrying txs instead.
func (Items) Carry(txs []p2p.Tx) actor.Message { return Items{txs} }

// PullTimer paces the pulls.
type PullTimer struct{}

// Config configures a peer.
type Config struct {
	// Period is the time between two pulls of a peer.
	Period time.Duration
	// Ranged sends ranged indices.
	Ranged bool
	// Produce is how the peer produces items of its own (none by default).
	Produce p2p.Production
	// Verify drops items without their origin's valid signature.
	Verify bool
}

// Node is a pull-gossip peer.
type Node struct {
	Store p2p.Store
	Seq   int

	Cfg Config `distcheck:"-"`
}

// New returns a peer with configuration cfg.
func New(cfg Config) *Node { return &Node{Cfg: cfg} }

// Init starts the production and the pulls, spread over the first period by peer ID.
func (n *Node) Init(ctx actor.Context) {
	n.Cfg.Produce.Begin(ctx)
	ctx.SetTimer(PullTimer{}, n.Cfg.Period*time.Duration(int(ctx.ID())%16+1)/16)
}

// Handle takes items, and answers indices.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case p2p.Submit:
		n.receive(ctx, m.Tx)
	case Items:
		for _, tx := range m.Txs {
			n.receive(ctx, tx)
		}
	case Index:
		if txs := n.Store.Missing(m.IDs); len(txs) > 0 {
			ctx.Send(from, Items{txs})
		}
	case RangedIndex:
		if txs := n.Store.After(m.Ranges); len(txs) > 0 {
			ctx.Send(from, Items{txs})
		}
	}
}

// Timeout pulls from a random neighbour, or produces an item.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch t.(type) {
	case PullTimer:
		if peers := ctx.Peers(); len(peers) > 0 {
			to := peers[ctx.Choose(len(peers))]
			if n.Cfg.Ranged {
				ctx.Send(to, RangedIndex{n.Store.Ranges()})
			} else {
				ctx.Send(to, Index{n.Store.Index()})
			}
		}
		ctx.SetTimer(PullTimer{}, n.Cfg.Period)
	case p2p.ProduceTimer:
		if tx, ok := n.Cfg.Produce.Next(ctx, &n.Seq); ok {
			n.receive(ctx, tx)
		}
	}
}

func (n *Node) receive(ctx actor.Context, tx p2p.Tx) {
	if n.Cfg.Verify && !tx.Valid() {
		return
	}
	sim.Seen(ctx, tx.ID, tx.Data)
	n.Store.Add(tx)
}

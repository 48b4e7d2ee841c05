// Package flooding spreads items by flooding: a peer that gets an item it does not hold yet
// keeps it and passes it on to every overlay neighbour but the one it came from. Every peer
// reachable through honest peers gets every item, at the cost of one copy per overlay link.
//
// Two defences against malicious peers (see p2p.Malicious) can be turned on. Verify drops
// items without their origin's valid signature, which stops bogus data. Quorum > 0 makes a
// peer vouch for the first content it gets of an item, to every node (Echo), and deliver the
// item only once Quorum distinct identities vouched for the same content; with Quorum above
// (n + f) / 2 no two honest peers deliver different contents of an item an equivocating
// origin signed twice. MembersOnly counts only the vouches of members (Context.Nodes), so that
// Sybil identities cannot make up a quorum.
package flooding

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p"
)

// Flood carries an item from peer to peer.
type Flood struct{ Tx p2p.Tx }

// Size is the message's size on the wire.
func (m Flood) Size() int { return m.Tx.Size() }

// Carried returns the item.
func (m Flood) Carried() []p2p.Tx { return []p2p.Tx{m.Tx} }

// Carry returns the message carrying txs[0] instead.
func (m Flood) Carry(txs []p2p.Tx) actor.Message { return Flood{txs[0]} }

// Echo vouches for an item's content (with Quorum > 0).
type Echo struct {
	ID   sim.ItemID
	Data uint64
}

// Size is the message's size on the wire.
func (Echo) Size() int { return 24 }

// Vouched returns the item and content vouched for.
func (m Echo) Vouched() (sim.ItemID, uint64) { return m.ID, m.Data }

// Vouch returns an Echo of content data of item id.
func (Echo) Vouch(id sim.ItemID, data uint64) actor.Message { return Echo{id, data} }

// Config configures a peer.
type Config struct {
	// Produce is how the peer produces items of its own (none by default).
	Produce p2p.Production
	// Verify drops items without their origin's valid signature.
	Verify bool
	// Quorum > 0 delivers an item only once Quorum distinct identities vouched for its
	// content.
	Quorum int
	// MembersOnly counts only the vouches of members.
	MembersOnly bool
}

// Node is a flooding peer.
type Node struct {
	// Store holds the items delivered.
	Store p2p.Store
	// Seq counts the items produced.
	Seq int
	// Copies are the contents got of items not delivered yet, and Votes who vouched for which
	// content (with Quorum > 0).
	Copies map[sim.ItemID][]p2p.Tx
	Votes  map[sim.ItemID]map[uint64][]model.NodeID

	Cfg Config `distcheck:"-"`
}

// New returns a peer with configuration cfg.
func New(cfg Config) *Node { return &Node{Cfg: cfg} }

// Init starts the production.
func (n *Node) Init(ctx actor.Context) { n.Cfg.Produce.Begin(ctx) }

// Handle takes items and vouches.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case p2p.Submit:
		n.receive(ctx, m.Tx, from)
	case Flood:
		n.receive(ctx, m.Tx, from)
	case Echo:
		if n.Cfg.Quorum > 0 && (!n.Cfg.MembersOnly || int(from) < len(ctx.Nodes())) {
			n.vote(ctx, m.ID, m.Data, from)
		}
	}
}

// Timeout produces an item and floods it.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(p2p.ProduceTimer); !ok {
		return
	}
	if tx, ok := n.Cfg.Produce.Next(ctx, &n.Seq); ok {
		n.receive(ctx, tx, ctx.ID())
	}
}

func (n *Node) receive(ctx actor.Context, tx p2p.Tx, from model.NodeID) {
	if n.Cfg.Verify && !tx.Valid() {
		return
	}
	if n.Store.Has(tx.ID) {
		sim.Seen(ctx, tx.ID, tx.Data)
		return
	}
	if n.Cfg.Quorum == 0 {
		n.deliver(ctx, tx)
		n.forward(ctx, tx, from)
		return
	}
	copies := n.Copies[tx.ID]
	if slices.ContainsFunc(copies, func(c p2p.Tx) bool { return c.Data == tx.Data }) {
		return
	}
	if n.Copies == nil {
		n.Copies = map[sim.ItemID][]p2p.Tx{}
	}
	n.Copies[tx.ID] = append(copies, tx)
	if len(copies) == 0 { // the first content got: vouch for it and pass it on
		for _, p := range ctx.Nodes() {
			if p != ctx.ID() {
				ctx.Send(p, Echo{tx.ID, tx.Data})
			}
		}
		n.forward(ctx, tx, from)
		n.vote(ctx, tx.ID, tx.Data, ctx.ID())
		return
	}
	n.check(ctx, tx.ID, tx.Data)
}

func (n *Node) forward(ctx actor.Context, tx p2p.Tx, from model.NodeID) {
	for _, p := range ctx.Peers() {
		if p != from {
			ctx.Send(p, Flood{tx})
		}
	}
}

func (n *Node) deliver(ctx actor.Context, tx p2p.Tx) {
	n.Store.Add(tx)
	sim.Seen(ctx, tx.ID, tx.Data)
}

// vote records that voter vouched for content data of item id.
func (n *Node) vote(ctx actor.Context, id sim.ItemID, data uint64, voter model.NodeID) {
	if n.Store.Has(id) {
		return
	}
	if n.Votes == nil {
		n.Votes = map[sim.ItemID]map[uint64][]model.NodeID{}
	}
	byData := n.Votes[id]
	if byData == nil {
		byData = map[uint64][]model.NodeID{}
		n.Votes[id] = byData
	}
	if slices.Contains(byData[data], voter) {
		return
	}
	byData[data] = append(byData[data], voter)
	n.check(ctx, id, data)
}

// check delivers content data of item id once a quorum vouched for it and a copy is here.
func (n *Node) check(ctx actor.Context, id sim.ItemID, data uint64) {
	if len(n.Votes[id][data]) < n.Cfg.Quorum {
		return
	}
	for _, tx := range n.Copies[id] {
		if tx.Data == data {
			n.deliver(ctx, tx)
			delete(n.Copies, id)
			delete(n.Votes, id)
			return
		}
	}
}

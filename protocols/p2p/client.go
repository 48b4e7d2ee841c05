package p2p

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// Submit hands an item to a peer: a client's new item, or one a malicious peer forged.
type Submit struct{ Tx Tx }

// Size is the message's size on the wire.
func (m Submit) Size() int { return m.Tx.Size() }

// Carried returns the item.
func (m Submit) Carried() []Tx { return []Tx{m.Tx} }

// Carry returns the message with txs[0] instead.
func (m Submit) Carry(txs []Tx) actor.Message { return Submit{txs[0]} }

// Carrier is a message that carries items: Malicious hides or changes them.
type Carrier interface {
	actor.Message
	// Carried returns the items carried.
	Carried() []Tx
	// Carry returns the same message carrying txs instead (as many as Carried returned).
	Carry(txs []Tx) actor.Message
}

// Voucher is a message by which a peer vouches for an item's content (a confirmation, an
// echo): Malicious vouches for content of its own choosing.
type Voucher interface {
	actor.Message
	// Vouched returns the item and the content vouched for.
	Vouched() (id sim.ItemID, data uint64)
	// Vouch returns the same message vouching for content data of item id instead.
	Vouch(id sim.ItemID, data uint64) actor.Message
}

// Client produces items and hands each to every peer it is attached to (its Peers), which
// spread it; it takes no part in spreading. In a simulation, give its peer type Attach > 0.
type Client struct {
	Seq     int
	Produce Production `distcheck:"-"`
}

// Init starts the production.
func (c *Client) Init(ctx actor.Context) { c.Produce.Begin(ctx) }

// Handle ignores messages: clients only produce.
func (c *Client) Handle(actor.Context, model.NodeID, actor.Message) {}

// Timeout produces an item and submits it to every attached peer.
func (c *Client) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(ProduceTimer); !ok {
		return
	}
	if tx, ok := c.Produce.Next(ctx, &c.Seq); ok {
		for _, p := range ctx.Peers() {
			ctx.Send(p, Submit{tx})
		}
	}
}

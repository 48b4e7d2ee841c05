package p2p

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// Behavior is what a malicious peer does.
type Behavior uint8

// The malicious behaviours, each with the defence that stops it.
const (
	// Hide forwards no item and vouches for none: the items it should pass on go no further.
	// Defence: clients hand their items to several peers (PeerType.Attach > the malicious
	// peers), and the overlay has more than one path.
	Hide Behavior = iota + 1
	// Bogus changes the content of every item of others it passes on, and forges items in
	// honest peers' names. Defence: peers check the origin's signature (Tx.Valid).
	Bogus
	// Equivocate sends its own items as produced to one half of the network (peers below
	// len(Nodes)/2) and, signed just as well, with other content to the other half. Signatures
	// do not help; defence: deliver an item only once a majority of distinct peers vouch for
	// the same content.
	Equivocate
	// Sybil equivocates and vouches for both contents as each of its Sybil identities too,
	// which buys it a majority of distinct identities. Defence: count only the vouches of
	// admitted members (Context.Nodes), not of any identity.
	Sybil
)

var behaviorNames = [...]string{Hide: "hide", Bogus: "bogus", Equivocate: "equivocate", Sybil: "sybil"}

// String returns the behaviour's name.
func (b Behavior) String() string {
	if b > 0 && int(b) < len(behaviorNames) {
		return behaviorNames[b]
	}
	return fmt.Sprintf("behavior(%d)", uint8(b))
}

// ParseBehavior reads a behaviour's name.
func ParseBehavior(s string) (Behavior, error) {
	for b, name := range behaviorNames {
		if name != "" && name == s {
			return Behavior(b), nil
		}
	}
	return 0, fmt.Errorf("unknown malicious behaviour %q (want hide, bogus, equivocate or sybil)", s)
}

// BogusMask is what Malicious xors into content it changes.
const BogusMask = 0xbadbadbad

// ForgedSeq is where the counters of items Malicious forges start: far beyond honest ones.
const ForgedSeq = 1 << 20

// forgeTimer paces the items Malicious forges.
type forgeTimer struct{}

// Malicious runs an honest peer's code (Node) and tampers with what it sends, as Behavior
// says. It never crashes. In a simulation its peer type must be Malicious (and have Sybils
// for Sybil); under the model checker it runs without Sybil identities.
type Malicious struct {
	Node actor.Node
	// Forged counts the items forged so far.
	Forged int

	Behavior Behavior `distcheck:"-"`
	// ForgeEvery is how often Bogus forges an item in an honest peer's name; 0 means never.
	ForgeEvery time.Duration `distcheck:"-"`
}

// Init starts the honest code, and the forging.
func (m *Malicious) Init(ctx actor.Context) {
	if m.Behavior == Bogus && m.ForgeEvery > 0 {
		ctx.SetTimer(forgeTimer{}, m.ForgeEvery)
	}
	m.Node.Init(m.wrap(ctx))
}

// Handle runs the honest code.
func (m *Malicious) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	m.Node.Handle(m.wrap(ctx), from, msg)
}

// Timeout forges an item, or runs the honest code.
func (m *Malicious) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(forgeTimer); ok {
		m.forge(ctx)
		ctx.SetTimer(forgeTimer{}, m.ForgeEvery)
		return
	}
	m.Node.Timeout(m.wrap(ctx), t)
}

// forge hands every peer an item in another peer's name, with content of its own, signed as
// itself (so a signature check rejects it).
func (m *Malicious) forge(ctx actor.Context) {
	nodes := ctx.Nodes()
	if len(nodes) < 2 {
		return
	}
	victim := nodes[ctx.Choose(len(nodes))]
	if victim == ctx.ID() {
		victim = nodes[(int(victim)+1)%len(nodes)]
	}
	id := sim.ItemID{Origin: victim, Seq: ForgedSeq + m.Forged}
	m.Forged++
	tx := Tx{ID: id, Data: Content(id) ^ BogusMask, Sig: ctx.Sign(body{id, Content(id) ^ BogusMask})}
	for _, p := range ctx.Peers() {
		ctx.Send(p, Submit{tx})
	}
}

func (m *Malicious) wrap(ctx actor.Context) actor.Context {
	adv, _ := sim.AdversaryOf(ctx)
	return &tamperCtx{Context: ctx, m: m, adv: adv}
}

// tamperCtx is the Context the honest code of a malicious peer runs with: what it sends goes
// through Malicious.out.
type tamperCtx struct {
	actor.Context
	m   *Malicious
	adv sim.Adversary // nil outside a simulation
}

func (c *tamperCtx) Send(to model.NodeID, msg actor.Message) { c.m.out(c, to, msg) }

func (c *tamperCtx) Broadcast(msg actor.Message) {
	for _, p := range c.Context.Peers() {
		c.m.out(c, p, msg)
	}
}

// ProducedItem records the peer's own items in the simulation; SeenItem records nothing.
func (c *tamperCtx) ProducedItem(id sim.ItemID, digest uint64) { sim.Produced(c.Context, id, digest) }
func (c *tamperCtx) SeenItem(sim.ItemID, uint64)               {}

// out sends msg to to as the behaviour says.
func (m *Malicious) out(c *tamperCtx, to model.NodeID, msg actor.Message) {
	self := c.Context.ID()
	secondHalf := int(to) >= len(c.Context.Nodes())/2
	switch m.Behavior {
	case Hide:
		if _, ok := msg.(Carrier); ok {
			return
		}
		if _, ok := msg.(Voucher); ok {
			return
		}
	case Bogus:
		msg = alter(c, msg, func(tx Tx) (Tx, bool) {
			if tx.ID.Origin == self {
				return tx, false
			}
			tx.Data ^= BogusMask // the signature no longer matches
			return tx, true
		})
	case Equivocate, Sybil:
		if secondHalf {
			msg = alter(c, msg, func(tx Tx) (Tx, bool) {
				if tx.ID.Origin != self {
					return tx, false
				}
				tx.Data ^= BogusMask
				return tx.Signed(c.Context), true // signed by its origin: valid
			})
		}
	}
	c.Context.Send(to, msg)
	if _, ok := msg.(Voucher); ok && m.Behavior == Sybil && c.adv != nil {
		for _, id := range c.adv.Identities()[1:] {
			c.adv.SendAs(id, to, msg)
		}
	}
}

// alter applies change to the items msg carries or vouches for.
func alter(c *tamperCtx, msg actor.Message, change func(Tx) (Tx, bool)) actor.Message {
	switch m := msg.(type) {
	case Carrier:
		txs := m.Carried()
		out := make([]Tx, len(txs))
		changed := false
		for i, tx := range txs {
			var ok bool
			out[i], ok = change(tx)
			changed = changed || ok
		}
		if changed {
			return m.Carry(out)
		}
	case Voucher:
		id, data := m.Vouched()
		if tx, ok := change(Tx{ID: id, Data: data}); ok {
			return m.Vouch(id, tx.Data)
		}
	}
	return msg
}

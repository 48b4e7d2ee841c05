package sim

import (
	"fmt"
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// ItemID names a data item that a protocol spreads: the peer it originates at and that peer's
// counter.
type ItemID struct {
	Origin model.NodeID
	Seq    int
}

// String returns origin/seq.
func (id ItemID) String() string { return fmt.Sprintf("%d/%d", id.Origin, id.Seq) }

// Recorder is implemented by the simulator's Context: a protocol reports through it the
// events the delivery metrics are made of. Protocols call the functions Produced and Seen,
// which do nothing under the model checker.
type Recorder interface {
	// ProducedItem records that this peer produced item id, whose content has the given digest.
	ProducedItem(id ItemID, digest uint64)
	// SeenItem records that this peer got a copy of item id with the given digest and took it
	// as valid: the first time is its delivery, the others are overhead.
	SeenItem(id ItemID, digest uint64)
}

// Produced records, in a simulation, that the node produced item id with the given content
// digest.
func Produced(ctx actor.Context, id ItemID, digest uint64) {
	if r, ok := ctx.(Recorder); ok {
		r.ProducedItem(id, digest)
	}
}

// Seen records, in a simulation, that the node got a valid copy of item id with the given
// content digest. Call it for every copy, not only the first: the count is the overhead.
func Seen(ctx actor.Context, id ItemID, digest uint64) {
	if r, ok := ctx.(Recorder); ok {
		r.SeenItem(id, digest)
	}
}

// Adversary is what a malicious peer can do beyond an honest one: act as any of its
// identities (its own ID and its Sybil identities).
type Adversary interface {
	// Identities returns the peer's own ID, then its Sybil identities.
	Identities() []model.NodeID
	// SendAs sends msg to to, from identity as (which must be one of Identities).
	SendAs(as, to model.NodeID, msg actor.Message)
	// SignAs signs v as identity as (which must be one of Identities).
	SignAs(as model.NodeID, v any) actor.Signature
}

// AdversaryOf returns the Adversary of a malicious peer in a simulation; for any other node it
// returns false.
func AdversaryOf(ctx actor.Context) (Adversary, bool) {
	if a, ok := ctx.(interface{ adversary() (Adversary, bool) }); ok {
		return a.adversary()
	}
	return nil, false
}

// Sizer is implemented by messages that declare their size on the wire, in bytes. Messages
// without it are taken to be as long as their canonical text (value.Format), which is slower
// to work out.
type Sizer interface {
	Size() int
}

// simCtx is the Context of every step: it acts as the current peer.
type simCtx struct{ s *Sim }

func (c *simCtx) ID() model.NodeID      { return model.NodeID(c.s.cur) }
func (c *simCtx) Nodes() []model.NodeID { return c.s.ids }
func (c *simCtx) Peers() []model.NodeID { return c.s.peers[c.s.cur] }
func (c *simCtx) Now() time.Duration    { return time.Duration(c.s.now) }

func (c *simCtx) Send(to model.NodeID, msg actor.Message) {
	c.s.send(c.s.cur, int32(to), msg, -1)
}

func (c *simCtx) Broadcast(msg actor.Message) {
	size := -1
	for _, p := range c.s.peers[c.s.cur] {
		size = c.s.send(c.s.cur, int32(p), msg, size)
	}
}

func (c *simCtx) SetTimer(t actor.Timer, after time.Duration) {
	c.s.setTimer(c.s.cur, t, after)
}

func (c *simCtx) CancelTimer(t actor.Timer) {
	if m := c.s.timers[c.s.cur]; m != nil {
		delete(m, t)
	}
}

func (c *simCtx) Choose(n int) int {
	if n < 1 {
		panic(fmt.Sprintf("Choose(%d): there must be at least one option", n))
	}
	v := 0
	if n > 1 {
		v = c.s.choice.IntN(n)
	}
	c.s.logChoice(v, n)
	return v
}

func (c *simCtx) Sign(v any) actor.Signature { return actor.SignAs(model.NodeID(c.s.cur), v) }

func (c *simCtx) Invoke(input any) actor.OpID {
	return c.s.rec.invoke(c.s.cur, input, c.s.now)
}

func (c *simCtx) Return(id actor.OpID, output any) {
	c.s.rec.ret(c.s.cur, id, output, c.s.now)
}

func (c *simCtx) ProducedItem(id ItemID, digest uint64) {
	c.s.rec.produced(c.s.cur, id, digest, c.s.now)
}

func (c *simCtx) SeenItem(id ItemID, digest uint64) {
	if !c.s.malicious[c.s.cur] {
		c.s.rec.seen(c.s.cur, id, digest, c.s.now)
	}
}

func (c *simCtx) adversary() (Adversary, bool) {
	if !c.s.malicious[c.s.cur] {
		return nil, false
	}
	return advCtx{c.s, c.s.cur}, true
}

// advCtx is a malicious peer's Adversary.
type advCtx struct {
	s    *Sim
	peer int32
}

func (a advCtx) Identities() []model.NodeID { return a.s.identities[a.peer] }

func (a advCtx) check(as model.NodeID, what string) {
	if !slices.Contains(a.s.identities[a.peer], as) {
		panic(fmt.Sprintf("%s: peer %d cannot act as %d: its identities are %v", what, a.peer, as, a.s.identities[a.peer]))
	}
}

func (a advCtx) SendAs(as, to model.NodeID, msg actor.Message) {
	a.check(as, "SendAs")
	a.s.sendAs(a.peer, int32(as), int32(to), msg, -1)
}

func (a advCtx) SignAs(as model.NodeID, v any) actor.Signature {
	a.check(as, "SignAs")
	return actor.SignAs(as, v)
}

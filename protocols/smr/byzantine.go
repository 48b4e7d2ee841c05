package smr

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Byzantine makes servers of an Instances malicious, with the actor layer's Equivocate
// behaviour: in every instance, the node a malicious server hosts runs the protocol's own
// code, but each message it sends goes, recipient by recipient, either as it is or as one of
// the protocol's mutations of it (actor.Byzantine.Mutate, e.g. PBFT's re-signed pre-prepares
// of the other request), chosen at random through Context.Choose, so that a trace of the run
// replays the choice. The instances' properties judge the correct nodes only: the node of a
// malicious server is judged as the instance's fresh node, which has decided nothing.
type Byzantine struct {
	// Servers are the malicious servers.
	Servers []model.NodeID
	// Mutate returns the ways a malicious node may change a message that it (identity from,
	// within its instance) sends; the protocol's actor.Byzantine.Mutate.
	Mutate func(adv actor.Adversary, from model.NodeID, msg actor.Message) []actor.Message
	// Forge, if set, returns the messages a malicious node may send of its own accord, from
	// what it has seen in its instance (actor.Byzantine.Forge: bogus data); Replay lets it
	// send again any message it has seen there. After each of its steps in an instance, while
	// it has sent fewer than Sends such messages there, it decides at random (Context.Choose)
	// whether to send one; which one, and to whom, follow from what it has seen (a hash of
	// the slot and its counts), so that a replay of the run branches in two there, not in as
	// many ways as there are messages to forge.
	Forge  func(adv actor.Adversary) []actor.Message
	Replay bool
	Sends  int
}

// seen records that the malicious node of slot k here got msg, for Forge and Replay.
func (s *instanceServer) seen(ctx actor.Context, k int, msg actor.Message) {
	if b := s.In.Byzantine; b != nil && (b.Forge != nil || b.Replay) && s.In.malicious(ctx.ID()) {
		s.Slots[k].Seen = append(s.Slots[k].Seen, msg)
	}
}

// own lets the malicious node i of slot k send a forged or replayed message of its own accord,
// within the budget.
func (s *instanceServer) own(ctx actor.Context, k, i int) {
	b, sl := s.In.Byzantine, s.Slots[k]
	if b == nil || b.Sends <= sl.Sends || !s.In.malicious(ctx.ID()) {
		return
	}
	c := &instanceCtx{Context: ctx, s: s, slot: k, node: i, n: len(sl.Nodes)}
	var opts []actor.Message
	if b.Forge != nil {
		opts = b.Forge(slotAdversary{c})
	}
	if b.Replay {
		opts = append(opts, sl.Seen...)
	}
	if len(opts) == 0 {
		return
	}
	if ctx.Choose(2) == 0 {
		return
	}
	h := mix(mix(mix(uint64(k), uint64(len(sl.Seen))), uint64(sl.Sends)), uint64(len(opts)))
	msg := opts[h%uint64(len(opts))]
	to := int(mix(h, 1) % uint64(c.n-1))
	if to >= i {
		to++
	}
	sl.Sends++
	starter := model.NodeID(k % s.In.Servers)
	ctx.Send(s.In.Host(starter, to), Slotted{Slot: k, From: i, To: to, Cmd: sl.Cmd, Msg: msg})
}

// mix is a step of SplitMix64: a well-spread hash of h and v.
func mix(h, v uint64) uint64 {
	z := h + v + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// malicious reports whether server id is malicious.
func (in *Instances) malicious(id model.NodeID) bool {
	return in.Byzantine != nil && slices.Contains(in.Byzantine.Servers, id)
}

// mutated returns msg, or one of its mutations, as the malicious node of c sends it to one
// recipient.
func (c *instanceCtx) mutated(msg actor.Message) actor.Message {
	b := c.s.In.Byzantine
	if b == nil || b.Mutate == nil || !c.s.In.malicious(c.Context.ID()) {
		return msg
	}
	opts := b.Mutate(slotAdversary{c}, model.NodeID(c.node), msg)
	if len(opts) == 0 {
		return msg
	}
	if k := c.Context.Choose(len(opts) + 1); k > 0 {
		return opts[k-1]
	}
	return msg
}

// slotAdversary is the actor.Adversary of a malicious node within its instance: it signs as
// that node only, and knows the messages it got there.
type slotAdversary struct{ c *instanceCtx }

func (a slotAdversary) Identities() []model.NodeID { return []model.NodeID{model.NodeID(a.c.node)} }
func (a slotAdversary) Nodes() []model.NodeID      { return a.c.Nodes() }
func (a slotAdversary) Seen() []actor.Message      { return a.c.s.Slots[a.c.slot].Seen }
func (a slotAdversary) Known() []actor.Message     { return a.Seen() }

func (a slotAdversary) Sign(as model.NodeID, v any) actor.Signature {
	if int(as) != a.c.node {
		panic(fmt.Sprintf("Sign as %d: the malicious node is %d of its instance", as, a.c.node))
	}
	return actor.SignAs(as, v)
}

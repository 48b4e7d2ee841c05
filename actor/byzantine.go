package actor

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Behavior is what the adversary does with the steps of its Byzantine nodes.
type Behavior uint8

// The behaviours of Byzantine nodes.
const (
	// Follow runs the nodes' own code unchanged: they misbehave only through the messages the
	// adversary sends of its own accord (Byzantine.Forge, Byzantine.Replay).
	Follow Behavior = iota
	// Silent nodes never act: they start no timers, send nothing, and messages to them are
	// only observed by the adversary.
	Silent
	// Equivocate runs the nodes' code and lets the adversary replace each message it sends,
	// recipient by recipient, with one of its mutations (Byzantine.Mutate): different peers
	// can get different values.
	Equivocate
	// Corrupt runs the nodes' code and lets the adversary replace each message it sends with
	// one of its mutations, the same for every recipient.
	Corrupt
)

var behaviorNames = [...]string{Follow: "follow", Silent: "silent", Equivocate: "equivocate", Corrupt: "corrupt"}

// String returns the behaviour's name: "follow", "silent", "equivocate" or "corrupt".
func (b Behavior) String() string {
	if int(b) < len(behaviorNames) {
		return behaviorNames[b]
	}
	return fmt.Sprintf("behavior(%d)", uint8(b))
}

// ParseBehavior is the inverse of Behavior.String.
func ParseBehavior(s string) (Behavior, error) {
	for b, name := range behaviorNames {
		if name == s {
			return Behavior(b), nil
		}
	}
	return 0, fmt.Errorf("unknown Byzantine behaviour %q (want follow, silent, equivocate or corrupt)", s)
}

// Adversary is what a protocol's mutation and forgery functions may use: the adversary's
// identities, its signing keys (for those identities only), and the messages it has seen.
type Adversary interface {
	// Identities returns the Byzantine nodes and the Sybil identities, in ascending order.
	Identities() []model.NodeID
	// Nodes returns every node of the system (honest and Byzantine), not the Sybils.
	Nodes() []model.NodeID
	// Sign signs v as identity as, which must be one of Identities; for any other it panics.
	Sign(as model.NodeID, v any) Signature
	// Seen returns the messages delivered to the adversary's identities so far (recorded when
	// Byzantine.Replay is set), in a canonical order.
	Seen() []Message
	// Known returns every message the adversary knows, each once, in a canonical order: those
	// it has Seen and, when Byzantine.Eavesdrop is set, every message in flight (to Forge; to
	// Mutate, only what it has Seen). It is the
	// material from which Forge builds what it sends: values (views, ballots, requests) to
	// reuse and honest nodes' signed messages to relay or to assemble into certificates.
	Known() []Message
}

// Byzantine configures an adversary that controls some nodes, and possibly extra Sybil
// identities. Links are authenticated: the adversary sends only as its own identities.
//
// Its nodes may stay Silent, Equivocate or Corrupt their messages (with the protocol's Mutate),
// and send forged or replayed messages (Forge, Replay), also from Sybil identities, within a
// Sends budget per path. Forge is the protocol's generator of Byzantine messages: from what the
// adversary knows (Adversary.Known — what it was sent and, with Eavesdrop, everything in flight)
// it makes any message the adversary's identities can sign, drawn from finite domains so that
// exhaustive search stays finite. Signature models unforgeable signatures.
type Byzantine struct {
	// Nodes are the nodes the adversary controls.
	Nodes []model.NodeID
	// Sybils is how many extra identities the adversary has. They get the NodeIDs after the
	// system's nodes; honest nodes know of them only from the messages they receive.
	Sybils int
	// Behavior is what the adversary does with its nodes' own steps.
	Behavior Behavior
	// Mutate returns the ways the adversary may change a message that identity from is
	// sending (Equivocate, Corrupt). It must return finitely many messages, and may re-sign
	// them as from through adv.Sign.
	Mutate func(adv Adversary, from model.NodeID, msg Message) []Message
	// Forge returns the messages the adversary may send of its own accord, from any of its
	// identities to any node it does not control, each recipient its own choice, as long as
	// Sends allows. It is the protocol's generator of Byzantine messages: from what the
	// adversary knows (adv.Known) and the protocol's message types it makes any message the
	// adversary's identities can sign — equivocating ones, ones of stale and future views or
	// ballots, certificates assembled from honest nodes' signed messages it has seen. It must
	// return finitely many, drawn from finite domains (the values seen and the configuration's
	// bounds), so that with the Sends budget an exhaustive search stays finite.
	Forge func(adv Adversary) []Message
	// Eavesdrop lets the adversary read every message in flight (Adversary.Known), as an
	// adversary that controls the network's scheduling can: not only those delivered to its
	// identities. It adds nothing to a state (what is in flight is already part of it).
	Eavesdrop bool
	// Replay lets the adversary send of its own accord any message it has seen.
	Replay bool
	// Sends is how many messages the adversary may send of its own accord (forged or
	// replayed) on one path.
	Sends int
}

// validate checks the configuration against a system of n nodes.
func (b *Byzantine) validate(n int) error {
	if len(b.Nodes) > n {
		return fmt.Errorf("byzantine: %d Byzantine nodes but only %d nodes", len(b.Nodes), n)
	}
	seen := map[model.NodeID]bool{}
	for _, id := range b.Nodes {
		if id < 0 || int(id) >= n {
			return fmt.Errorf("byzantine: unknown node %d (nodes are 0 to %d)", id, n-1)
		}
		if seen[id] {
			return fmt.Errorf("byzantine: node %d is listed twice", id)
		}
		seen[id] = true
	}
	switch {
	case b.Sybils < 0:
		return fmt.Errorf("byzantine: Sybils is %d, want ≥ 0", b.Sybils)
	case b.Sends < 0:
		return fmt.Errorf("byzantine: Sends is %d, want ≥ 0", b.Sends)
	case b.Behavior > Corrupt:
		return fmt.Errorf("byzantine: unknown behaviour %d", b.Behavior)
	case (b.Behavior == Equivocate || b.Behavior == Corrupt) && b.Mutate == nil && len(b.Nodes) > 0:
		return fmt.Errorf("byzantine: behaviour %s needs a Mutate function", b.Behavior)
	case b.Sends > 0 && b.Forge == nil && !b.Replay && len(b.Nodes)+b.Sybils > 0:
		return fmt.Errorf("byzantine: Sends is %d but there is nothing to send: set Forge or Replay", b.Sends)
	case b.Eavesdrop && b.Forge == nil:
		return fmt.Errorf("byzantine: Eavesdrop is set but there is no Forge to use what the adversary reads")
	}
	return nil
}

// adversary is the adversary's part of a State: what it has seen.
type adversary struct {
	seen []seenMsg // sorted by hash, unique
	hash uint64    // sum of the seen messages' hashes
}

type seenMsg struct {
	msg  Message
	hash uint64
}

func (a *adversary) contrib() uint64 {
	if a == nil || len(a.seen) == 0 {
		return 0
	}
	return value.Finalize(value.Mix(0xad7e, a.hash))
}

// withSeen returns the adversary after it has seen msg (whose hash is h).
func (a *adversary) withSeen(msg Message, h uint64) *adversary {
	i, found := slices.BinarySearchFunc(a.seen, h, func(s seenMsg, h uint64) int {
		switch {
		case s.hash < h:
			return -1
		case s.hash > h:
			return 1
		}
		return 0
	})
	if found {
		return a
	}
	return &adversary{seen: slices.Insert(slices.Clip(a.seen), i, seenMsg{msg, h}), hash: a.hash + h}
}

// advView is the Adversary handed to Mutate and Forge.
type advView struct {
	sys *System
	adv *adversary
	net *network // the messages in flight, read when the adversary eavesdrops; nil in Mutate
}

func (v advView) Identities() []model.NodeID { return v.sys.advIDs }
func (v advView) Nodes() []model.NodeID      { return v.sys.ids }
func (v advView) Sign(as model.NodeID, x any) Signature {
	if !slices.Contains(v.sys.advIDs, as) {
		panic(fmt.Sprintf("the adversary cannot sign as node %d: its identities are %v", as, v.sys.advIDs))
	}
	return sign(as, x)
}
func (v advView) Seen() []Message {
	out := make([]Message, len(v.adv.seen))
	for i, s := range v.adv.seen {
		out[i] = s.msg
	}
	return out
}
func (v advView) Known() []Message {
	type known struct {
		msg  Message
		hash uint64
	}
	var all []known
	for _, s := range v.adv.seen {
		all = append(all, known{s.msg, s.hash})
	}
	if v.sys.Byzantine.Eavesdrop && v.net != nil {
		for _, e := range v.net.list() {
			all = append(all, known{e.Msg, e.hash})
		}
	}
	slices.SortFunc(all, func(a, b known) int { return cmpUint64(a.hash, b.hash) })
	all = slices.CompactFunc(all, func(a, b known) bool { return a.hash == b.hash })
	out := make([]Message, len(all))
	for i, k := range all {
		out[i] = k.msg
	}
	return out
}

func cmpUint64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// isByzantine reports whether node id is controlled by the adversary.
func (sys *System) isByzantine(id model.NodeID) bool {
	return int(id) < len(sys.byz) && sys.byz[id]
}

// isSybil reports whether id is one of the adversary's Sybil identities.
func (sys *System) isSybil(id model.NodeID) bool { return int(id) >= len(sys.Nodes) }

// runsCode reports whether node id runs its own code: every honest node, and Byzantine nodes
// that are not Silent.
func (sys *System) runsCode(id model.NodeID) bool {
	return !sys.isByzantine(id) || sys.Byzantine.Behavior != Silent
}

// tamper lets the adversary change what Byzantine node id sent during a step, through ctx's
// choices so that each outcome is explored (and recorded in the trace).
func (sys *System) tamper(ctx *stepCtx, adv *adversary) {
	b := &sys.Byzantine
	if !sys.isByzantine(ctx.id) || (b.Behavior != Equivocate && b.Behavior != Corrupt) || len(ctx.sent) == 0 {
		return
	}
	view := advView{sys: sys, adv: adv}
	if adv == nil {
		view.adv = &adversary{}
	}
	variants := func(m Message) []Message {
		return append([]Message{m}, b.Mutate(view, ctx.id, m)...)
	}
	if b.Behavior == Equivocate {
		for i, e := range ctx.sent {
			vs := variants(e.Msg)
			if k := ctx.Choose(len(vs)); k > 0 {
				ctx.sent[i] = newEnvelope(e.From, e.To, vs[k])
			}
		}
		return
	}
	// Corrupt: one choice per distinct message, applied to all of its recipients.
	chosen := map[uint64]Message{}
	for i, e := range ctx.sent {
		m, ok := chosen[e.hash]
		if !ok {
			vs := variants(e.Msg)
			m = vs[ctx.Choose(len(vs))]
			chosen[e.hash] = m
		}
		ctx.sent[i] = newEnvelope(e.From, e.To, m)
	}
}

// advSends emits the messages the adversary may send of its own accord from s: each forged and
// each seen message, from each of its identities, to each node it does not control.
func (sys *System) advSends(s *State, emit func(model.Action, *State)) {
	b := &sys.Byzantine
	if b.Sends == 0 || s.used.ByzantineSends >= b.Sends {
		return
	}
	adv := s.adv
	if adv == nil {
		adv = &adversary{}
	}
	type pooled struct {
		name string
		msg  Message
		hash uint64
	}
	var pool []pooled
	have := map[uint64]bool{}
	if b.Forge != nil {
		for _, m := range b.Forge(advView{sys: sys, adv: adv, net: &s.net}) {
			if h := value.Hash(m); !have[h] {
				have[h] = true
				pool = append(pool, pooled{"forge", m, h})
			}
		}
	}
	if b.Replay {
		for _, m := range adv.seen {
			if !have[m.hash] {
				have[m.hash] = true
				pool = append(pool, pooled{"replay", m.msg, m.hash})
			}
		}
	}
	for _, from := range sys.advIDs {
		for _, p := range pool {
			for _, to := range sys.ids {
				if sys.isByzantine(to) {
					continue
				}
				env := Envelope{From: from, To: to, Msg: p.msg, hash: p.hash}
				t := s.derive()
				t.used.ByzantineSends++
				t.net = s.net.with(sys.Network, -1, sys.keep(s, []Envelope{env}))
				emit(model.Action{Kind: model.ActionByzantine, Name: p.name, Node: to, From: from, Msg: p.msg}, t)
			}
		}
	}
}

// advNames returns the names of the Sybil identities: s0, s1, ...
func advNames(sybils int) []string {
	var out []string
	for i := range sybils {
		out = append(out, "s"+strconv.Itoa(i))
	}
	return out
}

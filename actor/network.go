package actor

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// NetworkKind selects how the network holds messages in flight.
type NetworkKind uint8

// The network kinds.
const (
	// Unordered is the default: a multiset of messages; any message in flight may be delivered
	// next, and delivery consumes one copy.
	Unordered NetworkKind = iota
	// Duplicating is a set of messages; delivery leaves the message in flight, which models
	// duplication and re-delivery.
	Duplicating
	// Ordered keeps a FIFO queue per directed link; only a link's oldest message can be
	// delivered.
	Ordered
)

// String returns the kind's name: "unordered", "duplicating" or "ordered".
func (k NetworkKind) String() string {
	switch k {
	case Unordered:
		return "unordered"
	case Duplicating:
		return "duplicating"
	case Ordered:
		return "ordered"
	}
	return fmt.Sprintf("network(%d)", uint8(k))
}

// ParseNetworkKind is the inverse of NetworkKind.String.
func ParseNetworkKind(s string) (NetworkKind, error) {
	for _, k := range []NetworkKind{Unordered, Duplicating, Ordered} {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown network kind %q (want unordered, duplicating or ordered)", s)
}

// Envelope is a message in flight.
type Envelope struct {
	From, To model.NodeID
	Msg      Message
	// hash is the fingerprint of Msg's content.
	hash uint64
}

func newEnvelope(from, to model.NodeID, msg Message) Envelope {
	return Envelope{From: from, To: to, Msg: msg, hash: value.Hash(msg)}
}

// same reports whether two envelopes carry the same message on the same link.
func (e Envelope) same(f Envelope) bool { return e.From == f.From && e.To == f.To && e.hash == f.hash }

// fingerprint hashes the envelope: its link and its message.
func (e Envelope) fingerprint() uint64 {
	return value.Finalize(value.Mix(value.Mix(uint64(e.From)+1, uint64(e.To)+1), e.hash))
}

// byLink orders envelopes by link (sender, then receiver); within a link, SortStableFunc keeps
// the order they were sent in.
func byLink(a, b Envelope) int {
	if c := cmp.Compare(a.From, b.From); c != 0 {
		return c
	}
	return cmp.Compare(a.To, b.To)
}

// byContent orders envelopes by receiver, sender and message, so that equal messages are
// adjacent and the order does not depend on the order of sending.
func byContent(a, b Envelope) int {
	if c := cmp.Compare(a.To, b.To); c != 0 {
		return c
	}
	if c := cmp.Compare(a.From, b.From); c != 0 {
		return c
	}
	return cmp.Compare(a.hash, b.hash)
}

// network is the messages in flight, immutable once built: a step builds a new one. For
// Unordered and Duplicating networks msgs is sorted byContent (copies of one message adjacent);
// for Ordered networks it is sorted byLink, each link's queue oldest first.
//
// A network made by a step is built lazily: its hash is computed from the change at once, but
// its messages are merged only when first listed, so a successor that turns out to be a state
// seen before never copies them.
type network struct {
	msgs []Envelope
	hash uint64 // the sum of the messages' fingerprints (Ordered: of the links' fingerprints)
	// base, when not nil, is the network this one is base's messages without the one at
	// remove (if ≥ 0) and with add (sorted, and for a set without copies) merged in.
	base   *network
	remove int32 // beside kind, to keep a State small
	kind   NetworkKind
	add    []Envelope
}

// list returns the messages in flight, merging them first if the network is lazy. A network is
// owned by one goroutine until it is shared, so building it in place is safe.
func (n *network) list() []Envelope {
	if n.base != nil {
		n.base.list()
		n.msgs = n.base.merged(n.kind, int(n.remove), n.add)
		n.base, n.add = nil, nil
	}
	return n.msgs
}

// linkHash fingerprints the queue of one link, in order.
func linkHash(q []Envelope) uint64 {
	h := value.Mix(uint64(q[0].From)+1, uint64(q[0].To)+1)
	for _, e := range q {
		h = value.Mix(h, e.hash)
	}
	return value.Finalize(h)
}

// link returns the bounds of the queue of the link of msgs[i] in an Ordered network.
func link(msgs []Envelope, i int) (lo, hi int) {
	lo, hi = i, i+1
	for lo > 0 && byLink(msgs[lo-1], msgs[i]) == 0 {
		lo--
	}
	for hi < len(msgs) && byLink(msgs[hi], msgs[i]) == 0 {
		hi++
	}
	return lo, hi
}

// deliverable calls f with the index of each message that may be delivered next, once per
// distinct message: every distinct message (Unordered, Duplicating), or the head of each link
// (Ordered).
func (n *network) deliverable(kind NetworkKind, f func(i int)) {
	msgs := n.list()
	for i := range msgs {
		if i > 0 {
			prev := msgs[i-1]
			if kind == Ordered && byLink(prev, msgs[i]) == 0 {
				continue // not the head of its link
			}
			if kind != Ordered && prev.same(msgs[i]) {
				continue // another copy of the message before it
			}
		}
		f(i)
	}
}

// droppable calls f with the index of each message a fault may drop, once per distinct
// message: for every kind, any message in flight.
func (n *network) droppable(f func(i int)) {
	msgs := n.list()
	for i := range msgs {
		if i > 0 && msgs[i-1].same(msgs[i]) {
			continue
		}
		f(i)
	}
}

// with returns the network after removing the message at index remove (if ≥ 0) and adding
// sent, as a network of the given kind. For Unordered and Duplicating networks the result is
// lazy: its hash (the sum of its messages' fingerprints) is updated at once from the change, and
// its messages are merged on first use. Ordered networks, whose hash is per link, are built at
// once.
func (n *network) with(kind NetworkKind, remove int, sent []Envelope) network {
	if remove < 0 && len(sent) == 0 {
		return *n
	}
	msgs := n.list()
	order := byContent
	if kind == Ordered {
		order = byLink
	}
	add := sent
	if len(sent) > 1 {
		add = slices.Clone(sent)
		slices.SortStableFunc(add, order)
	}
	if kind == Ordered {
		out := network{msgs: (&network{msgs: msgs}).merged(kind, remove, add)}
		for i := 0; i < len(out.msgs); {
			_, hi := link(out.msgs, i)
			out.hash += linkHash(out.msgs[i:hi])
			i = hi
		}
		return out
	}
	if kind == Duplicating {
		// A set holds one copy: leave out what is in flight already, or twice in add.
		kept := add[:0:0]
		for k, e := range add {
			if (k > 0 && add[k-1].same(e)) || n.has(e) {
				continue
			}
			kept = append(kept, e)
		}
		add = kept
	}
	hash := n.hash
	if remove >= 0 {
		hash -= msgs[remove].fingerprint()
	}
	for _, e := range add {
		hash += e.fingerprint()
	}
	return network{hash: hash, base: n, remove: int32(remove), add: add, kind: kind}
}

// has reports whether a copy of e's message is in flight on e's link (Unordered and Duplicating
// networks, sorted byContent).
func (n *network) has(e Envelope) bool {
	msgs := n.list()
	i, _ := slices.BinarySearchFunc(msgs, e, byContent)
	for ; i < len(msgs) && byContent(msgs[i], e) == 0; i++ {
		if msgs[i].same(e) {
			return true
		}
	}
	return false
}

// merged returns n's messages without the one at remove (if ≥ 0) and with add, sorted in the
// same order, merged in. Old messages go first on ties, so a link's queue keeps the order of
// sending; for a set, add holds no copies of what is in flight.
func (n *network) merged(kind NetworkKind, remove int, add []Envelope) []Envelope {
	order := byContent
	if kind == Ordered {
		order = byLink
	}
	old := n.msgs
	size := len(old) + len(add)
	if remove >= 0 {
		size-- // exactly as many as it holds: a network in the frontier lives a whole level
	}
	msgs := make([]Envelope, 0, size)
	merge(old, remove, add, order, func(e Envelope) { msgs = append(msgs, e) })
	return msgs
}

// merge calls f with old's messages but the one at remove (if ≥ 0) and add's, both sorted by
// order, merged in that order; old messages go first on ties.
func merge(old []Envelope, remove int, add []Envelope, order func(a, b Envelope) int, f func(Envelope)) {
	i, j := 0, 0
	for i < len(old) || j < len(add) {
		if i == remove {
			i++
			continue
		}
		if j == len(add) || (i < len(old) && order(old[i], add[j]) <= 0) {
			f(old[i])
			i++
			continue
		}
		f(add[j])
		j++
	}
}

// without returns the network with every message for which drop is true removed.
func (n *network) without(kind NetworkKind, drop func(Envelope) bool) network {
	var kept []Envelope
	msgs := n.list()
	for _, e := range msgs {
		if !drop(e) {
			kept = append(kept, e)
		}
	}
	if len(kept) == len(msgs) {
		return *n
	}
	return (&network{}).with(kind, -1, kept)
}

package model

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/model/value"
)

// NetworkKind selects how the network holds messages in flight.
type NetworkKind uint8

// The network kinds (DESIGN.md, "Actor layer defaults").
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
	From, To NodeID
	Msg      Message
	// hash is the fingerprint of Msg's content.
	hash uint64
}

func newEnvelope(from, to NodeID, msg Message) Envelope {
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
type network struct {
	msgs []Envelope
	hash uint64 // the sum of the messages' fingerprints (Ordered: of the links' fingerprints)
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
	for i := range n.msgs {
		if i > 0 {
			prev := n.msgs[i-1]
			if kind == Ordered && byLink(prev, n.msgs[i]) == 0 {
				continue // not the head of its link
			}
			if kind != Ordered && prev.same(n.msgs[i]) {
				continue // another copy of the message before it
			}
		}
		f(i)
	}
}

// droppable calls f with the index of each message a fault may drop, once per distinct
// message: for every kind, any message in flight.
func (n *network) droppable(f func(i int)) {
	for i := range n.msgs {
		if i > 0 && n.msgs[i-1].same(n.msgs[i]) {
			continue
		}
		f(i)
	}
}

// with returns the network after removing the message at index remove (if ≥ 0) and adding
// sent, as a network of the given kind. The messages in flight are sorted already, so the new
// ones are merged in: a step costs one copy of the slice, not a sort.
func (n *network) with(kind NetworkKind, remove int, sent []Envelope) network {
	if remove < 0 && len(sent) == 0 {
		return *n
	}
	order := byContent
	if kind == Ordered {
		order = byLink
	}
	add := sent
	if len(sent) > 1 {
		add = slices.Clone(sent)
		slices.SortStableFunc(add, order)
	}
	msgs := make([]Envelope, 0, len(n.msgs)+len(add))
	hash := n.hash
	if remove >= 0 && kind != Ordered {
		hash -= n.msgs[remove].fingerprint()
	}
	i, j := 0, 0
	for i < len(n.msgs) || j < len(add) {
		if i == remove {
			i++
			continue
		}
		// Old messages go first on ties, so a link's queue keeps the order of sending.
		if j == len(add) || (i < len(n.msgs) && order(n.msgs[i], add[j]) <= 0) {
			msgs = append(msgs, n.msgs[i])
			i++
			continue
		}
		e := add[j]
		j++
		// Equal messages sort next to each other, and old ones first: a set holds one copy.
		if kind == Duplicating && len(msgs) > 0 && msgs[len(msgs)-1].same(e) {
			continue
		}
		msgs = append(msgs, e)
		if kind != Ordered {
			hash += e.fingerprint()
		}
	}
	if kind != Ordered {
		// The hash of a multiset is the sum of its elements' fingerprints, so it was updated
		// above in time proportional to the change.
		return network{msgs: msgs, hash: hash}
	}
	out := network{msgs: msgs}
	for i := 0; i < len(msgs); {
		_, hi := link(msgs, i)
		out.hash += linkHash(msgs[i:hi])
		i = hi
	}
	return out
}

// without returns the network with every message for which drop is true removed.
func (n *network) without(kind NetworkKind, drop func(Envelope) bool) network {
	var kept []Envelope
	for _, e := range n.msgs {
		if !drop(e) {
			kept = append(kept, e)
		}
	}
	if len(kept) == len(n.msgs) {
		return *n
	}
	return (&network{}).with(kind, -1, kept)
}

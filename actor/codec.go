package actor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/distcheck/distcheck/model/value"
)

// A State's encoding (explore.StateEncoder) is a few bytes of ids: each part of a state —
// a node's slot, a message in flight, the history, the adversary's knowledge, a failure — is
// interned once in the System's codec and written as its id, so the thousands of states that
// share a node state or a message share one copy of it, and the breadth-first frontier (which
// the explorer keeps encoded, explore.FrontierEncoder) holds no pointers. On Stateright's Paxos
// example with 3 clients, 1,194,428 states have 2,184 distinct node states and 240 distinct
// messages; the port's states with 2 clients take 16 bytes on average, instead of about 600.
//
// Layout: a flags byte (which optional parts follow); a uvarint slot id per node; the number
// of messages in flight and a uvarint id per message, in the network's order; then, as the
// flags say, the faults used (six uvarints), the partition (its group), the adversary, the
// history and the failure ids; and last the nodes a step sent to (State.sentTo).
//
// Parts are interned by a 64-bit key — a node's position and its state's and timers' hashes, a
// message's link and hash, a history's hash — so two parts with one key are taken to be the same, with the odds
// of two states sharing a fingerprint (the step memo and the visited set rely on the same).

// The bits of an encoded state's flags byte.
const (
	hasUsed = 1 << iota
	hasPart
	partOneWay
	hasAdv
	hasHist
	hasFailure
	flagsMask = hasFailure<<1 - 1
)

// codec interns the parts of the states of one System. Ids are never reused: its memory grows
// with the distinct parts encoded, not with the states.
type codec struct {
	slots    interner[*nodeSlot]
	envs     interner[Envelope]
	hists    interner[*history]
	advs     interner[*adversary]
	failures interner[*Failure]
}

func newCodec() *codec {
	c := &codec{}
	c.slots.cache = newInternTable[uint32](1 << 13)
	c.envs.cache = newInternTable[uint32](1 << 11)
	c.hists.cache = newInternTable[uint32](1 << 10)
	return c
}

// codec returns the system's codec, made on first use.
func (sys *System) codec() *codec {
	sys.codecOnce.Do(func() { sys.states = newCodec() })
	return sys.states
}

// EncodeFrontier reports that a breadth-first search should keep its frontier encoded
// (explore.FrontierEncoder): an encoded state is a few dozen bytes of ids, an in-memory one
// hundreds of bytes of pointers and messages.
func (sys *System) EncodeFrontier() bool { return true }

// AppendState appends s's encoding to buf and returns the extended buffer
// (explore.StateEncoder). s may be lazy (fresh from a step): it is read, not built.
func (sys *System) AppendState(buf []byte, s *State) []byte {
	c := sys.codec()
	var flags byte
	if s.used != nil {
		flags |= hasUsed
	}
	if s.part.active {
		flags |= hasPart
		if s.part.oneWay {
			flags |= partOneWay
		}
	}
	if s.adv != nil {
		flags |= hasAdv
	}
	if s.hist != nil {
		flags |= hasHist
	}
	if s.failure != nil {
		flags |= hasFailure
	}
	buf = append(buf, flags)
	nodes := s.nodes
	if s.slotBase != nil {
		nodes = s.slotBase.slots()
	}
	for i, slot := range nodes {
		if s.slotBase != nil && i == int(s.slotID) {
			slot = s.slot
		}
		buf = binary.AppendUvarint(buf, uint64(c.slots.intern(slot.key(i), slot)))
	}
	buf = binary.AppendUvarint(buf, uint64(s.net.size()))
	s.net.each(func(e Envelope) {
		buf = binary.AppendUvarint(buf, uint64(c.envs.intern(e.fingerprint(), e)))
	})
	if s.used != nil {
		u := s.used
		for _, n := range [...]int{u.Drops, u.Duplicates, u.Crashes, u.Recoveries, u.Partitions, u.ByzantineSends} {
			buf = binary.AppendUvarint(buf, uint64(n))
		}
	}
	if s.part.active {
		buf = binary.AppendUvarint(buf, s.part.group)
	}
	if s.adv != nil {
		buf = binary.AppendUvarint(buf, uint64(c.advs.intern(value.Mix(s.adv.hash, uint64(len(s.adv.seen))), s.adv)))
	}
	if s.hist != nil {
		buf = binary.AppendUvarint(buf, uint64(c.hists.intern(s.hist.hash, s.hist)))
	}
	if s.failure != nil {
		buf = binary.AppendUvarint(buf, uint64(c.failures.intern(s.failure.contrib(), s.failure)))
	}
	return binary.AppendUvarint(buf, s.sentTo)
}

// decoded is a State and room for its slots, allocated together.
type decoded struct {
	s     State
	slots [8]*nodeSlot
}

// errTruncated is returned for an encoding that ends too soon.
var errTruncated = errors.New("truncated")

// ReadState decodes the state at the front of buf, which AppendState encoded, and returns it
// and the rest of buf (explore.StateEncoder). The state shares its parts with every state
// decoded by this System that has them, and keeps nothing of buf.
func (sys *System) ReadState(buf []byte) (*State, []byte, error) {
	s, rest, err := sys.readState(buf)
	if err != nil {
		return nil, buf, fmt.Errorf("actor: system %s: decoding a state: %w", sys.label(), err)
	}
	return s, rest, nil
}

func (sys *System) readState(buf []byte) (*State, []byte, error) {
	c := sys.codec()
	r := reader{buf: buf}
	flags := r.byte()
	if flags&^flagsMask != 0 {
		return nil, buf, fmt.Errorf("flags %#x, want at most %#x", flags, flagsMask)
	}
	d := &decoded{}
	s := &d.s
	n := len(sys.Nodes)
	if n <= len(d.slots) {
		s.nodes = d.slots[:n:n]
	} else {
		s.nodes = make([]*nodeSlot, n)
	}
	for i := range s.nodes {
		slot, ok := c.slots.get(r.uvarint())
		if !ok {
			return nil, buf, r.fail("node %d's state", i)
		}
		s.nodes[i] = slot
		s.nodesHash += slot.contrib(i)
	}
	msgs := r.uvarint()
	if r.err == nil && msgs > uint64(len(r.buf)) {
		return nil, buf, errTruncated // each message takes a byte at least
	}
	if msgs > 0 {
		s.net.msgs = make([]Envelope, msgs)
	}
	for k := range s.net.msgs {
		e, ok := c.envs.get(r.uvarint())
		if !ok {
			return nil, buf, r.fail("message %d in flight", k)
		}
		s.net.msgs[k] = e
	}
	s.net.kind = sys.Network
	s.net.rehash()
	if flags&hasUsed != 0 {
		u := &FaultCounts{}
		for _, p := range [...]*int{&u.Drops, &u.Duplicates, &u.Crashes, &u.Recoveries, &u.Partitions, &u.ByzantineSends} {
			*p = int(r.uvarint())
		}
		s.used = u
	}
	if flags&hasPart != 0 {
		s.part = split{active: true, oneWay: flags&partOneWay != 0, group: r.uvarint()}
	}
	var ok bool
	if flags&hasAdv != 0 {
		if s.adv, ok = c.advs.get(r.uvarint()); !ok {
			return nil, buf, r.fail("the adversary's knowledge")
		}
	}
	if flags&hasHist != 0 {
		if s.hist, ok = c.hists.get(r.uvarint()); !ok {
			return nil, buf, r.fail("the history")
		}
	}
	if flags&hasFailure != 0 {
		if s.failure, ok = c.failures.get(r.uvarint()); !ok {
			return nil, buf, r.fail("the failure")
		}
	}
	s.sentTo = r.uvarint()
	if r.err != nil {
		return nil, buf, r.err
	}
	return s, r.buf, nil
}

// reader reads an encoded state; its first error sticks.
type reader struct {
	buf []byte
	err error
}

func (r *reader) byte() byte {
	if len(r.buf) == 0 {
		r.err = errTruncated
		return 0
	}
	b := r.buf[0]
	r.buf = r.buf[1:]
	return b
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.err = errTruncated
		return 0
	}
	r.buf = r.buf[n:]
	return x
}

// fail returns the reader's error, or one saying that the id of what is named is unknown.
func (r *reader) fail(format string, args ...any) error {
	if r.err != nil {
		return r.err
	}
	return fmt.Errorf("unknown id for %s", fmt.Sprintf(format, args...))
}

// key identifies the slot of node i for interning: the node, its state, its timers, whether it
// is down. (The node's position tells nodes apart whose states hash alike: nodes of different
// types, or fields left out of the hash, such as configuration.)
func (n *nodeSlot) key(i int) uint64 {
	h := value.Mix(value.Mix(uint64(i)+1, n.hash), n.thash)
	if n.down {
		h = value.Mix(h, 0xd0e5)
	}
	return value.Finalize(h)
}

// size returns the number of messages in flight, without building a lazy network.
func (n *network) size() int {
	if n.base == nil {
		return len(n.msgs)
	}
	size := n.base.size() + len(n.add)
	if n.remove >= 0 {
		size--
	}
	return size
}

// each calls f with the messages in flight in order, without building a lazy network: the
// order of merged.
func (n *network) each(f func(Envelope)) {
	if n.base == nil {
		for _, e := range n.msgs {
			f(e)
		}
		return
	}
	order := byContent
	if n.kind == Ordered {
		order = byLink
	}
	merge(n.base.list(), int(n.remove), n.add, order, f)
}

// rehash sets the hash of a built network from its messages (see network.hash).
func (n *network) rehash() {
	n.hash = 0
	if n.kind != Ordered {
		for _, e := range n.msgs {
			n.hash += e.fingerprint()
		}
		return
	}
	for i := 0; i < len(n.msgs); {
		_, hi := link(n.msgs, i)
		n.hash += linkHash(n.msgs[i:hi])
		i = hi
	}
}

// interner gives dense ids to values by a 64-bit key, and the values back by id; safe for
// concurrent use. A direct-mapped cache (see internTable) answers most lookups without the
// lock.
type interner[V any] struct {
	cache *internTable[uint32] // nil: every lookup takes the lock
	mu    sync.Mutex
	ids   map[uint64]uint32
	// chunks hold the values, chunkSize a chunk, appended under mu; count is the number of
	// ids given, stored once their values are in place.
	chunks atomic.Pointer[[]*[chunkSize]V]
	count  atomic.Uint32
}

const (
	chunkBits = 10
	chunkSize = 1 << chunkBits
)

// intern returns the id of the value of key, giving v that id if the key is new.
func (t *interner[V]) intern(key uint64, v V) uint32 {
	if id, ok := t.cache.get(key); ok {
		return id
	}
	t.mu.Lock()
	id, ok := t.ids[key]
	if !ok {
		id = t.count.Load()
		var chunks []*[chunkSize]V
		if p := t.chunks.Load(); p != nil {
			chunks = *p
		}
		if int(id>>chunkBits) == len(chunks) {
			grown := append(chunks[:len(chunks):len(chunks)], new([chunkSize]V))
			t.chunks.Store(&grown)
			chunks = grown
		}
		chunks[id>>chunkBits][id&(chunkSize-1)] = v
		if t.ids == nil {
			t.ids = map[uint64]uint32{}
		}
		t.ids[key] = id
		t.count.Store(id + 1)
	}
	t.mu.Unlock()
	t.cache.put(key, id)
	return id
}

// get returns the value of an id that intern gave.
func (t *interner[V]) get(id uint64) (V, bool) {
	if id >= uint64(t.count.Load()) {
		var zero V
		return zero, false
	}
	return (*t.chunks.Load())[id>>chunkBits][id&(chunkSize-1)], true
}

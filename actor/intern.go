package actor

import (
	"sync/atomic"

	"github.com/distcheck/distcheck/model/value"
)

// internTable maps 64-bit keys to shared immutable values: a direct-mapped table, safe for
// concurrent use, whose entries are replaced on collision, so its memory is bounded. The step
// memo keeps handler outcomes in one; histories are hash-consed through another, so that the
// many states that hold the same history share one copy of it instead of each owning its own.
// (Networks are not: in the Stateright Paxos port few states share their messages in flight,
// and a table of networks only kept dead ones alive.)
type internTable[T any] struct {
	slots []atomic.Pointer[internEntry[T]]
}

type internEntry[T any] struct {
	key uint64
	val T
}

func newInternTable[T any](size int) *internTable[T] {
	return &internTable[T]{slots: make([]atomic.Pointer[internEntry[T]], size)}
}

// slot spreads keys over the table (its size is a power of two); keys that are sums of
// fingerprints need the extra mixing.
func (t *internTable[T]) slot(key uint64) *atomic.Pointer[internEntry[T]] {
	return &t.slots[value.Finalize(key)&uint64(len(t.slots)-1)]
}

func (t *internTable[T]) get(key uint64) (T, bool) {
	if t == nil {
		var zero T
		return zero, false
	}
	e := t.slot(key).Load()
	if e == nil || e.key != key {
		var zero T
		return zero, false
	}
	return e.val, true
}

func (t *internTable[T]) put(key uint64, val T) {
	if t == nil {
		return
	}
	t.slot(key).Store(&internEntry[T]{key: key, val: val})
}

const (
	stepMemoSize  = 1 << 17
	histTableSize = 1 << 14
	// orbitTableSize holds the canonicalizations of a few BFS levels' worth of successors.
	orbitTableSize = 1 << 12
)

// internHistory returns a history equal to h that other states may already share, or h itself
// (which other states may then share). Equal histories have equal hashes; a hit is checked
// further on each client's operations, so that a collision of hashes costs sharing, not a
// wrong history.
func (sys *System) internHistory(h *history) *history {
	if h == nil || sys.hists == nil {
		return h
	}
	if old, ok := sys.hists.get(h.hash); ok && old.sameShape(h) {
		return old
	}
	sys.hists.put(h.hash, h)
	return h
}

// sameShape reports whether h and o record, client by client, as many operations with the same
// IDs, the same returned marks and as long Before lists: with equal hashes, the same history.
func (h *history) sameShape(o *history) bool {
	if len(h.clients) != len(o.clients) {
		return false
	}
	for c, ops := range h.clients {
		other := o.clients[c]
		if len(ops) != len(other) {
			return false
		}
		for k := range ops {
			if ops[k].ID != other[k].ID || ops[k].Returned != other[k].Returned || len(ops[k].Before) != len(other[k].Before) {
				return false
			}
		}
	}
	return true
}

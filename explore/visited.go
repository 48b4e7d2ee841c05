package explore

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// visited is the set of fingerprints seen so far: an open-addressing hash table of 64-bit keys,
// each with one 64-bit value (the parent's fingerprint in BFS, the least depth in bounded DFS).
// Inserts are lock-free (compare-and-swap on the key); workers hold mu shared while they insert
// and the table grows under mu held exclusively, between batches of work.
//
// Key 0 marks an empty slot, so fingerprints are passed through nonZero first.
type visited struct {
	mu    sync.RWMutex
	slots []slot
	mask  uint64
	shift uint8 // 64 - log2(len(slots)), for Fibonacci hashing of keys to slots
	count atomic.Int64
	// limit is the count above which the table should grow (a load factor of 3/4). It and size
	// are atomic because full and bytes are called without the lock.
	limit atomic.Int64
	size  atomic.Int64
}

type slot struct {
	key uint64
	val uint64
}

const minVisitedSlots = 1 << 12

func newVisited(capacityHint int64) *visited {
	n := uint64(minVisitedSlots)
	for int64(n)*3/4 < capacityHint && n < 1<<40 {
		n <<= 1
	}
	v := &visited{}
	v.alloc(n)
	return v
}

func (v *visited) alloc(n uint64) {
	v.slots = make([]slot, n)
	v.mask = n - 1
	v.shift = uint8(64 - bits.TrailingZeros64(n))
	v.limit.Store(int64(n) * 3 / 4)
	v.size.Store(int64(n))
}

// home returns the first slot to probe for key fp. Fingerprints from hand-written models are
// not always well mixed (think x<<32|y), so the slot comes from the key's top bits after a
// multiplication by 2⁶⁴/φ (Fibonacci hashing), which spreads such keys evenly.
func home(fp uint64, shift uint8) uint64 { return (fp * 0x9e3779b97f4a7c15) >> shift }

// nonZero maps the fingerprint 0, which marks empty slots, to another value.
func nonZero(fp uint64) uint64 {
	if fp == 0 {
		return 0x9e3779b97f4a7c15
	}
	return fp
}

// insert adds fp with value val. It reports whether fp is new; if it was there already, it
// returns the stored value. Callers hold v.mu shared (or are the only user of the table).
func (v *visited) insert(fp, val uint64) (isNew bool, old uint64) {
	slots, mask := v.slots, v.mask
	i := home(fp, v.shift)
	for probes := 0; ; probes++ {
		if probes > len(slots) {
			// Callers grow the table at a load of 3/4, so this means a caller forgot to.
			panic("explore: visited set is full")
		}
		s := &slots[i]
		k := atomic.LoadUint64(&s.key)
		if k == fp {
			return false, atomic.LoadUint64(&s.val)
		}
		if k == 0 {
			// Publish the value before the key is visible is impossible with one CAS, so
			// readers that race with this insert may see val 0; values are only read for
			// keys inserted by an earlier batch (paths) or by the same goroutine (DFS).
			if atomic.CompareAndSwapUint64(&s.key, 0, fp) {
				atomic.StoreUint64(&s.val, val)
				v.count.Add(1)
				return true, 0
			}
			continue
		}
		i = (i + 1) & mask
	}
}

// lookup returns the value stored for fp and whether fp is present.
func (v *visited) lookup(fp uint64) (uint64, bool) {
	slots, mask := v.slots, v.mask
	i := home(fp, v.shift)
	for {
		s := &slots[i]
		k := atomic.LoadUint64(&s.key)
		if k == fp {
			return atomic.LoadUint64(&s.val), true
		}
		if k == 0 {
			return 0, false
		}
		i = (i + 1) & mask
	}
}

// set overwrites the value of a present key. Only single-goroutine users (bounded DFS) call it.
func (v *visited) set(fp, val uint64) {
	slots, mask := v.slots, v.mask
	i := home(fp, v.shift)
	for {
		s := &slots[i]
		if s.key == fp {
			s.val = val
			return
		}
		if s.key == 0 {
			return
		}
		i = (i + 1) & mask
	}
}

// full reports whether the table has passed its load limit and should grow.
func (v *visited) full() bool { return v.count.Load() > v.limit.Load() }

// len returns the number of keys.
func (v *visited) len() int64 { return v.count.Load() }

// bytes returns the memory the table holds.
func (v *visited) bytes() int64 { return v.size.Load() * 16 }

// grow doubles the table (or more, until under the load limit). Callers must not hold v.mu.
func (v *visited) grow() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.full() {
		return // another worker grew it already
	}
	old := v.slots
	n := uint64(len(old)) * 2
	for int64(n)*3/4 < v.count.Load() {
		n <<= 1
	}
	v.alloc(n)
	slots, mask := v.slots, v.mask
	for _, s := range old {
		if s.key == 0 {
			continue
		}
		i := home(s.key, v.shift)
		for slots[i].key != 0 {
			i = (i + 1) & mask
		}
		slots[i] = s
	}
}

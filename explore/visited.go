package explore

import (
	"math/bits"
	"runtime"
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
	mu sync.RWMutex
	// keys and vals are parallel arrays: a lookup probes only keys, so a probe sequence
	// touches half as many cache lines as with key-value pairs.
	keys []uint64
	vals []uint64
	// ids, when the state graph is recorded, holds each key's dense id plus one (0 while the
	// inserting goroutine has not yet published it).
	ids    []uint32
	nextID atomic.Uint32
	mask   uint64
	shift  uint8 // 64 - log2(len(slots)), for Fibonacci hashing of keys to slots
	// count sits on a cache line of its own: it is written on every insert, and sharing a line
	// with keys and mask, which every probe reads, would bounce that line between workers.
	_     [64]byte
	count atomic.Int64
	_     [56]byte
	// limit is the count above which the table should grow (a load factor of 3/4). It and size
	// are atomic because full and bytes are called without the lock.
	limit atomic.Int64
	size  atomic.Int64
}

const minVisitedSlots = 1 << 12

func newVisited(capacityHint int64, withIDs bool) *visited {
	n := uint64(minVisitedSlots)
	for int64(n)*3/4 < capacityHint && n < 1<<40 {
		n <<= 1
	}
	v := &visited{}
	if withIDs {
		v.ids = []uint32{}
	}
	v.alloc(n)
	return v
}

func (v *visited) alloc(n uint64) {
	v.keys = make([]uint64, n)
	v.vals = make([]uint64, n)
	if v.ids != nil {
		v.ids = make([]uint32, n)
	}
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

// insert adds fp with value val and reports whether fp is new. Callers hold v.mu shared (or are
// the only user of the table). It does not read the value of a key already present, which
// would cost a second cache miss per duplicate.
func (v *visited) insert(fp, val uint64) bool {
	keys, mask := v.keys, v.mask
	i := home(fp, v.shift)
	for probes := 0; ; probes++ {
		if probes > len(keys) {
			// Callers grow the table at a load of 3/4, so this means a caller forgot to.
			panic("explore: visited set is full")
		}
		k := atomic.LoadUint64(&keys[i])
		if k == fp {
			return false
		}
		if k == 0 {
			// The value is published after the key, so a reader racing with this insert may
			// see val 0; values are only read for keys inserted by an earlier batch (paths)
			// or by the same goroutine (DFS).
			if atomic.CompareAndSwapUint64(&keys[i], 0, fp) {
				atomic.StoreUint64(&v.vals[i], val)
				v.count.Add(1)
				return true
			}
			continue
		}
		i = (i + 1) & mask
	}
}

// insertID is insert for a table with ids: it returns fp's dense id, assigning the next one if
// fp is new. Ids are assigned in insertion order from 0.
func (v *visited) insertID(fp, val uint64) (id uint32, isNew bool) {
	keys, ids, mask := v.keys, v.ids, v.mask
	i := home(fp, v.shift)
	for probes := 0; ; probes++ {
		if probes > len(keys) {
			panic("explore: visited set is full")
		}
		k := atomic.LoadUint64(&keys[i])
		if k == fp {
			for {
				// The inserting goroutine publishes the id right after the key.
				if x := atomic.LoadUint32(&ids[i]); x != 0 {
					return x - 1, false
				}
				runtime.Gosched()
			}
		}
		if k == 0 {
			if atomic.CompareAndSwapUint64(&keys[i], 0, fp) {
				id = v.nextID.Add(1) - 1
				atomic.StoreUint32(&ids[i], id+1)
				atomic.StoreUint64(&v.vals[i], val)
				v.count.Add(1)
				return id, true
			}
			continue
		}
		i = (i + 1) & mask
	}
}

// touch loads the first slot that a lookup of fp would probe, and returns it so the load is
// not optimised away. Touching the slots of a batch of keys before inserting them lets their
// cache misses overlap instead of being paid one after another.
func (v *visited) touch(fp uint64) uint64 { return atomic.LoadUint64(&v.keys[home(fp, v.shift)]) }

// lookup returns the value stored for fp and whether fp is present.
func (v *visited) lookup(fp uint64) (uint64, bool) {
	keys, mask := v.keys, v.mask
	i := home(fp, v.shift)
	for {
		k := atomic.LoadUint64(&keys[i])
		if k == fp {
			return atomic.LoadUint64(&v.vals[i]), true
		}
		if k == 0 {
			return 0, false
		}
		i = (i + 1) & mask
	}
}

// lower adds fp with value val, or lowers its value to val if it is present with a greater one.
// It reports whether it added or lowered. Only single-goroutine users (bounded DFS, where the
// value is the least depth a state was reached at) call it.
func (v *visited) lower(fp, val uint64) bool {
	keys, mask := v.keys, v.mask
	i := home(fp, v.shift)
	for {
		switch keys[i] {
		case fp:
			if val < v.vals[i] {
				v.vals[i] = val
				return true
			}
			return false
		case 0:
			keys[i], v.vals[i] = fp, val
			v.count.Add(1)
			return true
		}
		i = (i + 1) & mask
	}
}

// full reports whether the table has passed its load limit and should grow.
func (v *visited) full() bool { return v.count.Load() > v.limit.Load() }

// len returns the number of keys.
func (v *visited) len() int64 { return v.count.Load() }

// bytes returns the memory the table holds.
func (v *visited) bytes() int64 {
	if v.ids != nil {
		return v.size.Load() * 20
	}
	return v.size.Load() * 16
}

// grow doubles the table (or more, until under the load limit). Callers must not hold v.mu.
func (v *visited) grow() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.full() {
		return // another worker grew it already
	}
	oldKeys, oldVals, oldIDs := v.keys, v.vals, v.ids
	n := uint64(len(oldKeys)) * 2
	for int64(n)*3/4 < v.count.Load() {
		n <<= 1
	}
	v.alloc(n)
	keys, vals, ids, mask := v.keys, v.vals, v.ids, v.mask
	for j, k := range oldKeys {
		if k == 0 {
			continue
		}
		i := home(k, v.shift)
		for keys[i] != 0 {
			i = (i + 1) & mask
		}
		keys[i], vals[i] = k, oldVals[j]
		if ids != nil {
			ids[i] = oldIDs[j]
		}
	}
}

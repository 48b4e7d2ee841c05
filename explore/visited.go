package explore

import (
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
)

// visited is the set of fingerprints seen so far: an open-addressing hash table of 64-bit keys,
// each with one 64-bit value when the search needs one (the parent's fingerprint in a BFS that
// records the state graph, the least depth in bounded DFS). A plain BFS keeps keys only, 8
// bytes a slot, and finds parents again when it needs a path (see run.parents).
//
// The table is split into shards by the top bits of a key's hash, each an open-addressing table
// of its own size that grows by half when it is 3/4 full. A shard grows alone, so growing never
// holds two copies of the whole table (at 60 million states a doubling would need 1.5 GB for a
// moment), and sizes that are not powers of two keep the load between 1/2 and 3/4.
//
// Inserts are lock-free (compare-and-swap on the key); workers hold mu shared while they insert
// and shards grow under mu held exclusively, between batches of work. Key 0 marks an empty
// slot, so fingerprints are passed through nonZero first.
type visited struct {
	mu     sync.RWMutex
	shards [visitedShards]shard
	vals   bool // whether keys have values
	nextID atomic.Uint32
	// count sits on a cache line of its own: it is written on every insert.
	_     [64]byte
	count atomic.Int64
	_     [56]byte
	// over counts the shards past their load limit, which grow at the next call of grow.
	over atomic.Int32
	size atomic.Int64 // slots in all shards
	ids  bool         // whether keys have dense ids (the state graph is recorded)
}

// visitedShards is the number of shards; a key's shard is the top bits of its hash.
const visitedShards = 256

// shard is one open-addressing table of the visited set.
type shard struct {
	// keys and vals are parallel arrays: a lookup probes only keys, so a probe sequence
	// touches half as many cache lines as with key-value pairs. vals is nil in a table
	// without values.
	keys []uint64
	vals []uint64
	// ids, when the state graph is recorded, holds each key's dense id plus one (0 while the
	// inserting goroutine has not yet published it).
	ids   []uint32
	n     uint64 // len(keys)
	count atomic.Int64
	limit int64 // the count above which the shard grows: 3/4 of n
	_     [8]byte
}

// minShardSlots is a shard's first size: 512 slots, 1 MiB of keys over all shards. Growing a
// shard stops every worker for a moment (mu held exclusively), so a table that starts small
// grows thousands of times in a search of a few hundred thousand states: with 16 slots,
// pbft --byzantine 1 (104,576 states) ran 13% slower on two workers than with one table that
// doubled.
const minShardSlots = 512

func newVisited(capacityHint int64, withIDs, withVals bool) *visited {
	v := &visited{vals: withVals, ids: withIDs}
	v.reset(capacityHint)
	return v
}

func (v *visited) alloc(sh *shard, n uint64) {
	n = (n + 7) &^ 7 // whole cache lines
	v.size.Add(int64(n) - int64(sh.n))
	sh.keys = make([]uint64, n)
	sh.vals, sh.ids = nil, nil
	if v.vals {
		sh.vals = make([]uint64, n)
	}
	if v.ids {
		sh.ids = make([]uint32, n)
	}
	sh.n = n
	sh.limit = int64(n) * 3 / 4
}

// home returns the shard of key fp and the first slot to probe in it. Fingerprints from
// hand-written models are not always well mixed (think x<<32|y), so both come from the key
// multiplied by 2⁶⁴/φ (Fibonacci hashing): the shard from the top bits, the slot from the rest
// scaled to the shard's size (Lemire's reduction, which needs no power of two).
func (v *visited) home(fp uint64) (*shard, uint64) {
	h := fp * 0x9e3779b97f4a7c15
	sh := &v.shards[h>>56]
	i, _ := bits.Mul64(h<<8, sh.n)
	return sh, i
}

// nonZero maps the fingerprint 0, which marks empty slots, to another value.
func nonZero(fp uint64) uint64 {
	if fp == 0 {
		return 0x9e3779b97f4a7c15
	}
	return fp
}

// added counts a new key in sh, and marks sh for growing when it passes its limit.
func (v *visited) added(sh *shard) {
	if sh.count.Add(1) == sh.limit+1 {
		v.over.Add(1)
	}
	v.count.Add(1)
}

// insert adds fp with value val and reports whether fp is new. Callers hold v.mu shared (or are
// the only user of the table). It does not read the value of a key already present, which
// would cost a second cache miss per duplicate.
func (v *visited) insert(fp, val uint64) bool {
	sh, i := v.home(fp)
	keys, n := sh.keys, sh.n
	for probes := uint64(0); ; probes++ {
		if probes > n {
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
				if sh.vals != nil {
					atomic.StoreUint64(&sh.vals[i], val)
				}
				v.added(sh)
				return true
			}
			continue
		}
		if i++; i == n {
			i = 0
		}
	}
}

// insertID is insert for a table with ids: it returns fp's dense id, assigning the next one if
// fp is new. Ids are assigned in insertion order from 0.
func (v *visited) insertID(fp, val uint64) (id uint32, isNew bool) {
	sh, i := v.home(fp)
	keys, ids, n := sh.keys, sh.ids, sh.n
	for probes := uint64(0); ; probes++ {
		if probes > n {
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
				if sh.vals != nil {
					atomic.StoreUint64(&sh.vals[i], val)
				}
				v.added(sh)
				return id, true
			}
			continue
		}
		if i++; i == n {
			i = 0
		}
	}
}

// touch loads the first slot that a lookup of fp would probe, and returns it so the load is
// not optimised away. Touching the slots of a batch of keys before inserting them lets their
// cache misses overlap instead of being paid one after another.
func (v *visited) touch(fp uint64) uint64 {
	sh, i := v.home(fp)
	return atomic.LoadUint64(&sh.keys[i])
}

// lookup returns the value stored for fp and whether fp is present. The table must have values.
func (v *visited) lookup(fp uint64) (uint64, bool) {
	sh, i := v.home(fp)
	for {
		k := atomic.LoadUint64(&sh.keys[i])
		if k == fp {
			return atomic.LoadUint64(&sh.vals[i]), true
		}
		if k == 0 {
			return 0, false
		}
		if i++; i == sh.n {
			i = 0
		}
	}
}

// lower adds fp with value val, or lowers its value to val if it is present with a greater one.
// It reports whether it added or lowered. Only single-goroutine users (bounded DFS, where the
// value is the least depth a state was reached at) call it.
func (v *visited) lower(fp, val uint64) bool {
	sh, i := v.home(fp)
	for {
		switch sh.keys[i] {
		case fp:
			if val < sh.vals[i] {
				sh.vals[i] = val
				return true
			}
			return false
		case 0:
			sh.keys[i], sh.vals[i] = fp, val
			v.added(sh)
			return true
		}
		if i++; i == sh.n {
			i = 0
		}
	}
}

// each calls f with every key. No insert may run concurrently.
func (v *visited) each(f func(fp uint64)) {
	for s := range v.shards {
		for _, k := range v.shards[s].keys {
			if k != 0 {
				f(k)
			}
		}
	}
}

// reset empties the table and sizes it for capacityHint keys, as newVisited does. No insert
// may run concurrently.
func (v *visited) reset(capacityHint int64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	n := uint64(minShardSlots)
	for int64(n)*3/4*visitedShards < capacityHint && n < 1<<32 {
		n += n / 2
	}
	for i := range v.shards {
		sh := &v.shards[i]
		v.alloc(sh, n)
		sh.count.Store(0)
	}
	v.count.Store(0)
	v.over.Store(0)
}

// full reports whether a shard has passed its load limit and the table should grow.
func (v *visited) full() bool { return v.over.Load() > 0 }

// len returns the number of keys.
func (v *visited) len() int64 { return v.count.Load() }

// bytes returns the memory the table holds.
func (v *visited) bytes() int64 {
	per := int64(8)
	if v.vals {
		per += 8
	}
	if v.ids {
		per += 4
	}
	return v.size.Load() * per
}

// grow enlarges every shard past its load limit by half (or more, until under it). Callers
// must not hold v.mu.
func (v *visited) grow() {
	v.mu.Lock()
	defer v.mu.Unlock()
	for s := range v.shards {
		sh := &v.shards[s]
		if sh.count.Load() <= sh.limit {
			continue
		}
		oldKeys, oldVals, oldIDs := sh.keys, sh.vals, sh.ids
		n := sh.n + sh.n/2
		for int64(n)*3/4 < sh.count.Load() {
			n += n / 2
		}
		v.alloc(sh, n)
		for j, k := range oldKeys {
			if k == 0 {
				continue
			}
			_, i := v.home(k)
			for sh.keys[i] != 0 {
				if i++; i == sh.n {
					i = 0
				}
			}
			sh.keys[i] = k
			if sh.vals != nil {
				sh.vals[i] = oldVals[j]
			}
			if sh.ids != nil {
				sh.ids[i] = oldIDs[j]
			}
		}
		v.over.Add(-1)
	}
}

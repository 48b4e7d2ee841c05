package checks

import (
	"sync"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model/value"
)

// verdicts caches the verdicts of a history checker by history fingerprint. It is safe for
// concurrent use: the explorer's workers evaluate properties in parallel. Each shard forgets
// everything when it grows past its bound, which keeps the memory of a long search in check.
type verdicts struct {
	shards [verdictShards]verdictShard
}

const (
	verdictShards   = 32
	verdictPerShard = 1 << 16
)

type verdictShard struct {
	mu sync.Mutex
	m  map[uint64]bool
}

func (v *verdicts) get(key uint64) (ok, found bool) {
	s := &v.shards[key%verdictShards]
	s.mu.Lock()
	ok, found = s.m[key]
	s.mu.Unlock()
	return ok, found
}

func (v *verdicts) put(key uint64, ok bool) {
	s := &v.shards[key%verdictShards]
	s.mu.Lock()
	if s.m == nil || len(s.m) >= verdictPerShard {
		s.m = make(map[uint64]bool)
	}
	s.m[key] = ok
	s.mu.Unlock()
}

// historyKey fingerprints what a checker's verdict on ops depends on, and reports false if ops
// break the rules that make the fingerprint sound (FromOps then says how). Two histories with
// equal keys get the same verdict. The key leaves out what cannot change the verdict yet:
//
//   - a pending operation that only reads (see Input.ReadOnly);
//   - with realTime (linearizability), a pending operation invoked after every operation that
//     counts as returned had returned: it can take effect after everything else;
//   - with realTime, the return of an operation whose output the model ignores (a write; see
//     Input.ReturnsNothing), when no operation that counts was invoked after it: it counts as
//     pending, since taking effect just before its return is the same as later, for anyone
//     who saw nothing of it.
//
// These apply until nothing changes, so a step that only invokes an operation, or returns a
// write and invokes the client's next operation, keeps the key and costs no check. The rest is
// fingerprinted operation by operation: client, position, input, output if it counts as
// returned, and, with realTime, the Before vector.
func historyKey(ops []actor.Op, realTime bool) (uint64, bool) {
	clients := 0
	for i := range ops {
		clients = max(clients, int(ops[i].ID.Client)+1)
	}
	// byClient[c] lists the positions in ops of client c's operations, in order; ret[c] is how
	// many of them count as returned (a prefix, as clients run one operation at a time).
	byClient := make([][]int, clients)
	ret := make([]int, clients)
	for i := range ops {
		op := &ops[i]
		c := int(op.ID.Client)
		if c < 0 || op.ID.Index != len(byClient[c]) || c >= len(op.Before) || op.Before[c] != op.ID.Index {
			return 0, false
		}
		byClient[c] = append(byClient[c], i)
		if op.Returned {
			if ret[c] != op.ID.Index {
				return 0, false
			}
			ret[c]++
		}
	}
	kept := make([]bool, len(ops))
	for i := range kept {
		kept[i] = true
	}
	counts := func(op *actor.Op) bool { return op.ID.Index < ret[op.ID.Client] }
	for changed := true; changed; {
		changed = false
		for i := range ops {
			op := &ops[i]
			if kept[i] && !counts(op) && (isReadOnly(op.Input) || realTime && invokedAfterAll(op.Before, ret)) {
				kept[i], changed = false, true
			}
		}
		if !realTime {
			break
		}
		for c, list := range byClient {
			if ret[c] == 0 {
				continue
			}
			x := &ops[list[ret[c]-1]]
			if !returnsNothing(x.Input) {
				continue
			}
			seen := false
			for i := range ops {
				if kept[i] && c < len(ops[i].Before) && ops[i].Before[c] > x.ID.Index {
					seen = true
					break
				}
			}
			if !seen {
				ret[c]--
				changed = true
			}
		}
	}
	h := uint64(0x6c696e)
	for i := range ops {
		if !kept[i] {
			continue
		}
		op := &ops[i]
		x := value.Mix(uint64(op.ID.Client)+1, uint64(op.ID.Index))
		x = value.Mix(x, hashAny(op.Input))
		if counts(op) {
			x = value.Mix(x, hashAny(op.Output)^0x5e7)
		}
		if realTime {
			for _, b := range op.Before {
				x = value.Mix(x, uint64(b))
			}
		}
		h = value.Mix(h, value.Finalize(x))
	}
	return value.Finalize(h), true
}

// invokedAfterAll reports whether an operation with this Before vector was invoked after every
// operation that counts as returned (returned[d] of client d's, the first ones) had returned.
func invokedAfterAll(before, returned []int) bool {
	for d, n := range returned {
		b := 0
		if d < len(before) {
			b = before[d]
		}
		if b < n {
			return false
		}
	}
	return true
}

// hashAny hashes an operation's input or output: Ops and Results directly, anything else
// through package value.
func hashAny(v any) uint64 {
	switch v := v.(type) {
	case Input:
		return value.Mix(value.Mix(value.Mix(hashString(string(v.Kind)), hashString(v.Key)), hashString(v.Value)), hashString(v.Old))
	case Result:
		h := hashString(v.Value)
		if v.OK {
			h = value.Mix(h, 1)
		}
		return h
	}
	return value.Hash(v)
}

// hashString is FNV-1a: stable, and enough for the short strings of operations.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

package value

import (
	"encoding/binary"
	"math/bits"
	"reflect"
	"unsafe"
)

// Multipliers of xxHash64.
const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime4 uint64 = 9650029242287828579
)

// Seeds of the hash of a value, of a type name and of a map entry. Fixed, so that fingerprints
// are the same in every run and process.
const (
	hashSeed  uint64 = 0x6a09e667f3bcc908
	nameSeed  uint64 = 0xbb67ae8584caa73b
	entrySeed uint64 = 0x3c6ef372fe94f82b
)

// Hash returns a 64-bit fingerprint of v's content. It is deterministic across runs and
// processes on the same architecture: no random seed, no addresses. Equal content gives equal
// hashes however it was built:
//   - map iteration and insertion order never change it (entries are hashed on their own and
//     summed, together with the length);
//   - a nil and an empty slice (or map) hash the same; a nil pointer and a pointer to a zero
//     value differ;
//   - pointers hash their pointee (cycles terminate, with a marker of how far back the cycle
//     goes); interfaces hash their dynamic type's name with the value, so int(1) and int64(1)
//     in an `any` differ;
//   - strings, slices and maps are length-prefixed, so field boundaries matter:
//     {A:"ab", B:""} and {A:"a", B:"b"} differ;
//   - floats hash their bit pattern: -0 and +0 differ, and so may NaNs with different bits.
//
// A type with a method `Fingerprint() uint64` (value or pointer receiver) is hashed by that
// method. Struct fields tagged `distcheck:"-"` are skipped. Hash panics with a *Error if v
// holds a func, chan or unsafe.Pointer (see Check).
func Hash(v any) uint64 {
	if leakOn {
		leakSink = v
	}
	var st hashState
	h := anyPlan.hash(noescape(unsafe.Pointer(&v)), hashSeed, (*hashState)(noescape(unsafe.Pointer(&st))))
	return Finalize(h)
}

// HashValue is Hash for a typed value without boxing it in an interface: HashValue(v) ==
// Hash(v).
func HashValue[T any](v T) uint64 {
	if leakOn {
		leakSink = any(v)
	}
	pl := planOf(reflect.TypeFor[T]())
	if pl.err != nil {
		panic(pl.err)
	}
	p := noescape(unsafe.Pointer(&v))
	if pl.stackUnsafe {
		c := new(T)
		*c = v
		p = unsafe.Pointer(c)
	}
	h := hashSeed
	if pl.kind != reflect.Interface {
		h = Mix(Mix(h, 1), pl.nameHash)
	}
	var st hashState
	return Finalize(pl.hash(p, h, (*hashState)(noescape(unsafe.Pointer(&st)))))
}

// Mix returns a well-mixed 64-bit combination of h and x. It is order-dependent
// (Mix(Mix(h, a), b) != Mix(Mix(h, b), a) in general) and a bijection in each argument: it is
// the round xxHash64 applies to each 8-byte word of its input. Fold the words of a
// hand-written fingerprint into a seed with it, then call Finalize.
func Mix(h, x uint64) uint64 {
	h ^= round(0, x)
	return bits.RotateLeft64(h, 27)*prime1 + prime4
}

// Finalize avalanches h, so that every input bit affects every output bit: the fmix64
// finaliser of MurmurHash3.
func Finalize(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func round(acc, x uint64) uint64 {
	acc += x * prime2
	acc = bits.RotateLeft64(acc, 31)
	return acc * prime1
}

func mergeRound(acc, v uint64) uint64 {
	acc ^= round(0, v)
	return acc*prime1 + prime4
}

// hashMem folds the n bytes at p into h. The caller makes n unambiguous (a fixed size or a
// length folded in before), so the tail needs no length of its own.
func hashMem(h uint64, p unsafe.Pointer, n uintptr) uint64 {
	if n == 0 {
		return h
	}
	b := bytesAt(p, n)
	if n >= 64 {
		h = hashLong(h, b)
		b = b[len(b)&^31:]
	}
	for len(b) >= 8 {
		h = Mix(h, binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	if len(b) > 0 {
		h = Mix(h, tailWord(b))
	}
	return h
}

// hashLong hashes the 32-byte stripes of b in four independent lanes (as xxHash64 does), for
// throughput on long strings and slices.
func hashLong(h uint64, b []byte) uint64 {
	v1, v2, v3, v4 := h+prime1+prime2, h+prime2, h, h-prime1
	for len(b) >= 32 {
		v1 = round(v1, binary.LittleEndian.Uint64(b[0:8]))
		v2 = round(v2, binary.LittleEndian.Uint64(b[8:16]))
		v3 = round(v3, binary.LittleEndian.Uint64(b[16:24]))
		v4 = round(v4, binary.LittleEndian.Uint64(b[24:32]))
		b = b[32:]
	}
	h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
	h = mergeRound(h, v1)
	h = mergeRound(h, v2)
	h = mergeRound(h, v3)
	return mergeRound(h, v4)
}

// tailWord packs 1 to 7 bytes into a word; given the length, the word determines the bytes.
func tailWord(b []byte) uint64 {
	n := len(b)
	if n >= 4 {
		return uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<32
	}
	return uint64(b[0]) | uint64(b[n>>1])<<8 | uint64(b[n-1])<<16
}

// hashString folds the length and the bytes of s into h.
func hashString(h uint64, s string) uint64 {
	h = Mix(h, uint64(len(s)))
	return hashMem(h, unsafe.Pointer(unsafe.StringData(s)), uintptr(len(s)))
}

func hashStringAt(p unsafe.Pointer, h uint64, _ *hashState) uint64 {
	return hashString(h, *(*string)(p))
}

// hashState tracks the pointers being hashed, to find cycles.
type hashState struct {
	pathStack
}

// A pathEntry is an object on the path from the root to the value being visited.
type pathEntry struct {
	p  unsafe.Pointer
	pl *plan
}

// pathStack is the stack of objects entered through pointers. The first few live inline, and
// a long path (a long linked list) gets an index so that lookups stay cheap.
type pathStack struct {
	path   []pathEntry
	inline [8]pathEntry
	index  map[pathEntry]int
}

// find returns how many levels up e was entered, if it is on the path.
func (s *pathStack) find(e pathEntry) (uint64, bool) {
	if s.index != nil {
		i, ok := s.index[e]
		return uint64(len(s.path) - i), ok
	}
	for i := len(s.path) - 1; i >= 0; i-- {
		if s.path[i] == e {
			return uint64(len(s.path) - i), true
		}
	}
	return 0, false
}

func (s *pathStack) push(e pathEntry) {
	if s.path == nil {
		s.path = s.inline[:0]
	}
	s.path = append(s.path, e)
	switch {
	case s.index != nil:
		s.index[e] = len(s.path) - 1
	case len(s.path) > 32:
		s.index = make(map[pathEntry]int, 64)
		for i, x := range s.path {
			s.index[x] = i
		}
	}
}

func (s *pathStack) pop() {
	n := len(s.path) - 1
	if s.index != nil {
		delete(s.index, s.path[n])
	}
	s.path[n] = pathEntry{}
	s.path = s.path[:n]
}

// scalarHash hashes a bool or number by its bit pattern.
func scalarHash(t reflect.Type) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	size, align := t.Size(), uintptr(t.Align())
	switch {
	case size == 8 && align == 8:
		return func(p unsafe.Pointer, h uint64, _ *hashState) uint64 { return Mix(h, *(*uint64)(p)) }
	case size == 4 && align == 4:
		return func(p unsafe.Pointer, h uint64, _ *hashState) uint64 { return Mix(h, uint64(*(*uint32)(p))) }
	case size == 2 && align == 2:
		return func(p unsafe.Pointer, h uint64, _ *hashState) uint64 { return Mix(h, uint64(*(*uint16)(p))) }
	case size == 1:
		return func(p unsafe.Pointer, h uint64, _ *hashState) uint64 { return Mix(h, uint64(*(*uint8)(p))) }
	}
	return memHash(size)
}

// memHash hashes the value as its size raw bytes.
func memHash(size uintptr) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	return func(p unsafe.Pointer, h uint64, _ *hashState) uint64 { return hashMem(h, p, size) }
}

// hashPointer hashes whether the pointer is nil, then the pointee, or how far back the cycle
// it closes starts.
func hashPointer(ep *plan) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	return func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
		sp := *(*unsafe.Pointer)(p)
		if sp == nil {
			return Mix(h, 0)
		}
		e := pathEntry{sp, ep}
		if d, ok := st.find(e); ok {
			return Mix(Mix(h, 2), d)
		}
		st.push(e)
		h = ep.hash(sp, Mix(h, 1), st)
		st.pop()
		return h
	}
}

// hashSlice hashes the length, then the elements: in bulk when they are plain memory.
func hashSlice(ep *plan) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	es := ep.size
	return func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
		s := (*sliceHeader)(p)
		h = Mix(h, uint64(s.Len))
		if ep.mem {
			return hashMem(h, s.Data, uintptr(s.Len)*es)
		}
		for i := range uintptr(s.Len) {
			h = ep.hash(unsafe.Add(s.Data, i*es), h, st)
		}
		return h
	}
}

func hashArray(p, ep *plan, n int) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	if p.mem {
		return memHash(p.size)
	}
	es := ep.size
	return func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
		for i := range uintptr(n) {
			h = ep.hash(unsafe.Add(p, i*es), h, st)
		}
		return h
	}
}

// A hashOp hashes one field, or a run of adjacent plain-memory fields as raw bytes (pl nil).
type hashOp struct {
	off, n uintptr
	pl     *plan
}

// hashStruct hashes the fields that are not skipped, merging runs of adjacent plain-memory
// fields into one raw-bytes hash.
func hashStruct(p *plan, fs []field) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	if p.mem {
		return memHash(p.size)
	}
	var ops []hashOp
	for _, f := range fs {
		switch {
		case f.pl == nil:
		case f.pl.mem:
			if k := len(ops) - 1; k >= 0 && ops[k].pl == nil && ops[k].off+ops[k].n == f.off {
				ops[k].n += f.pl.size
			} else {
				ops = append(ops, hashOp{off: f.off, n: f.pl.size})
			}
		default:
			ops = append(ops, hashOp{off: f.off, pl: f.pl})
		}
	}
	return func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
		for _, op := range ops {
			if op.pl == nil {
				h = hashMem(h, unsafe.Add(p, op.off), op.n)
			} else {
				h = op.pl.hash(unsafe.Add(p, op.off), h, st)
			}
		}
		return h
	}
}

// hashMap sums well-mixed entry hashes, so that the order of the entries does not matter, and
// folds in the length. A nil map hashes as an empty one.
func hashMap(p *plan, m *mapPlan) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	t, kp, vp := p.t, m.kp, m.vp
	return func(at unsafe.Pointer, h uint64, st *hashState) uint64 {
		if *(*unsafe.Pointer)(at) == nil {
			return Mix(h, 0)
		}
		mv := mapValue(t, at)
		n := mv.Len()
		if n == 0 {
			return Mix(h, 0)
		}
		s := m.get(mv)
		var sum uint64
		for s.it.Next() {
			s.k.SetIterKey(&s.it)
			s.v.SetIterValue(&s.it)
			eh := kp.hash(s.kp, entrySeed, st)
			sum += Finalize(vp.hash(s.vp, eh, st))
		}
		m.put(s)
		return Mix(Mix(h, uint64(n)), sum)
	}
}

// ifaceHash hashes the dynamic type's name, then the dynamic value.
func ifaceHash(p *plan) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	return func(at unsafe.Pointer, h uint64, st *hashState) uint64 {
		e := loadIface(p, at)
		if e == nil {
			return Mix(h, 0)
		}
		dp := dynPlan(e)
		h = Mix(Mix(h, 1), dp.nameHash)
		switch {
		case !dp.direct:
			return dp.hash((*eface)(unsafe.Pointer(&e)).data, h, st)
		case !dp.stackUnsafe:
			return dp.hash(unsafe.Add(at, ptrSize), h, st)
		}
		w := new(unsafe.Pointer)
		*w = *(*unsafe.Pointer)(unsafe.Add(at, ptrSize))
		return dp.hash(unsafe.Pointer(w), h, st)
	}
}

// fingerprinter is implemented by types that hash themselves.
type fingerprinter interface{ Fingerprint() uint64 }

// methodHash hashes with the type's own Fingerprint method, called through an interface (the
// method set of *T holds it whatever its receiver).
func methodHash(p *plan) func(p unsafe.Pointer, h uint64, st *hashState) uint64 {
	t := p.t
	if p.kind == reflect.Pointer {
		et := t.Elem()
		return func(at unsafe.Pointer, h uint64, _ *hashState) uint64 {
			sp := *(*unsafe.Pointer)(at)
			if sp == nil {
				return Mix(h, 0)
			}
			return Mix(Mix(h, 1), reflect.NewAt(et, sp).Interface().(fingerprinter).Fingerprint())
		}
	}
	return func(at unsafe.Pointer, h uint64, _ *hashState) uint64 {
		return Mix(h, reflect.NewAt(t, at).Interface().(fingerprinter).Fingerprint())
	}
}

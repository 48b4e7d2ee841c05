package value

import (
	"reflect"
	"strings"
	"sync"
	"unsafe"
)

// ByIndexTag is the struct tag `distcheck:"bynode"`: it marks a slice or array whose index is
// an identifier (a node's ID), such as a leader's per-follower progress. A Renamer moves its
// elements when it renames identifiers.
const ByIndexTag = "bynode"

// SetTag is the struct tag `distcheck:"set"`: it marks a slice whose order does not matter, such
// as a sorted list of node IDs. A Renamer hashes its elements as a multiset, because renaming
// the IDs in a sorted list leaves it unsorted: without the tag, a state and its renamed copy
// would differ in the order of such a list and never share an orbit.
const SetTag = "set"

// HasTag reports whether a struct field's `distcheck` tag lists word, alone or among others
// separated by commas (`distcheck:"durable,set"`).
func HasTag(sf reflect.StructField, word string) bool {
	for _, w := range strings.Split(sf.Tag.Get("distcheck"), ",") {
		if strings.TrimSpace(w) == word {
			return true
		}
	}
	return false
}

// A Renamer hashes values as if every identifier in them — every value of one integer type,
// such as model.NodeID — had been renamed. Symmetry reduction uses it to fingerprint a state's
// image under a permutation of interchangeable nodes without building that image.
//
// Identifiers are found by type wherever they are: fields, slices, arrays, map keys and
// values, behind pointers and in interfaces. Slices and arrays tagged `distcheck:"bynode"` are
// indexed by identifier: their elements move with the renaming. Fields tagged `distcheck:"-"`
// are skipped, as by Hash. Types with a Fingerprint method are walked field by field like the
// others (their method cannot know about renaming); values whose type cannot hold an
// identifier are hashed by Hash's own code.
//
// A Renamer is safe for concurrent use.
type Renamer struct {
	id    reflect.Type
	holds sync.Map // reflect.Type → bool: may a value of the type hold an identifier?
	tags  sync.Map // reflect.Type (struct) → []renameField
}

// renameField is one struct field as a Renamer walks it.
type renameField struct {
	off    uintptr
	t      reflect.Type
	byNode bool
	set    bool
}

// NewRenamer returns a Renamer of the identifiers of type id, which must be a signed integer
// type.
func NewRenamer(id reflect.Type) *Renamer {
	switch id.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
	default:
		panic("value.NewRenamer: " + id.String() + " is not a signed integer type")
	}
	return &Renamer{id: id}
}

// Hash returns a 64-bit hash of v's content with every identifier x in [0, len(to)) replaced
// by to[x]; other identifiers are kept. Equal content under the same renaming gives equal
// hashes. When to is a permutation, Hash(v, to) is the hash of the renamed value, and values
// that differ give different hashes (up to 64-bit collisions); to may also map several
// identifiers to one (for instance to erase which node is which). The hash differs from
// value.Hash's.
func (r *Renamer) Hash(v any, to []int64) uint64 {
	if v == nil {
		return Finalize(Mix(hashSeed, 0))
	}
	w := walk{r: r, to: to}
	return Finalize(w.hash(anyPlan, unsafe.Pointer(&v), hashSeed))
}

// Holds reports whether v may hold an identifier (or a field tagged bynode): if not, Hash(v, to)
// is the same for every renaming to, and a caller may compute it once.
func (r *Renamer) Holds(v any) bool {
	return v != nil && r.mayHold(reflect.TypeOf(v))
}

// mayHold reports whether a value of type t can hold an identifier.
func (r *Renamer) mayHold(t reflect.Type) bool {
	if b, ok := r.holds.Load(t); ok {
		return b.(bool)
	}
	b := r.reaches(t, map[reflect.Type]bool{})
	r.holds.Store(t, b)
	return b
}

func (r *Renamer) reaches(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == r.id {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return r.reaches(t.Elem(), seen)
	case reflect.Map:
		return r.reaches(t.Key(), seen) || r.reaches(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			sf := t.Field(i)
			if !skipped(sf) && (r.reaches(sf.Type, seen) || HasTag(sf, ByIndexTag)) {
				return true
			}
		}
	}
	return false
}

// fields returns the fields of struct type t that a Renamer walks.
func (r *Renamer) fields(t reflect.Type) []renameField {
	if fs, ok := r.tags.Load(t); ok {
		return fs.([]renameField)
	}
	var fs []renameField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !skipped(sf) {
			fs = append(fs, renameField{off: sf.Offset, t: sf.Type, byNode: HasTag(sf, ByIndexTag), set: HasTag(sf, SetTag)})
		}
	}
	r.tags.Store(t, fs)
	return fs
}

// rename returns the new name of identifier x.
func rename(x int64, to []int64) int64 {
	if x >= 0 && x < int64(len(to)) {
		return to[x]
	}
	return x
}

// walk is one Hash call: the renaming, and the pointers on the path from the root, to find
// cycles.
type walk struct {
	r  *Renamer
	to []int64
	st hashState
}

// hash folds the value of plan pl at p into h, renaming identifiers.
func (w *walk) hash(pl *plan, p unsafe.Pointer, h uint64) uint64 {
	r, to := w.r, w.to
	if pl.err != nil {
		panic(pl.err)
	}
	if pl.t == r.id {
		return Mix(h, uint64(rename(reflect.NewAt(pl.t, p).Elem().Int(), to)))
	}
	if !r.mayHold(pl.t) {
		return pl.hash(p, h, &w.st)
	}
	switch pl.kind {
	case reflect.Pointer:
		sp := *(*unsafe.Pointer)(p)
		if sp == nil {
			return Mix(h, 0)
		}
		ep := planOf(pl.t.Elem())
		e := pathEntry{sp, ep}
		if d, ok := w.st.find(e); ok {
			return Mix(Mix(h, 2), d)
		}
		w.st.push(e)
		h = w.hash(ep, sp, Mix(h, 1))
		w.st.pop()
		return h
	case reflect.Slice:
		s := (*sliceHeader)(p)
		return w.elems(planOf(pl.t.Elem()), s.Data, s.Len, Mix(h, uint64(s.Len)))
	case reflect.Array:
		return w.elems(planOf(pl.t.Elem()), p, pl.t.Len(), h)
	case reflect.Struct:
		for _, f := range r.fields(pl.t) {
			fp := unsafe.Add(p, f.off)
			switch {
			case f.byNode || f.set:
				h = w.unordered(planOf(f.t), fp, h, f.byNode)
			default:
				h = w.hash(planOf(f.t), fp, h)
			}
		}
		return h
	case reflect.Map:
		return w.hashMap(pl, p, h)
	case reflect.Interface:
		e := loadIface(pl, p)
		if e == nil {
			return Mix(h, 0)
		}
		dp := dynPlan(e)
		h = Mix(Mix(h, 1), dp.nameHash)
		box := reflect.New(dp.t) // addressable room for the dynamic value
		box.Elem().Set(reflect.ValueOf(e))
		return w.hash(dp, box.UnsafePointer(), h)
	}
	return pl.hash(p, h, &w.st)
}

// elems folds n elements of plan ep starting at p into h, in order.
func (w *walk) elems(ep *plan, p unsafe.Pointer, n int, h uint64) uint64 {
	for i := range n {
		h = w.hash(ep, unsafe.Add(p, uintptr(i)*ep.size), h)
	}
	return h
}

// unordered folds a slice or array into h as the sum of its elements' hashes, so that their
// order does not matter. With byNode, the slice is indexed by identifier: each element's hash is
// mixed with its renamed index, so that the elements move with the renaming; without, it is a
// multiset (tagged set). A value that is neither a slice nor an array is hashed as usual.
func (w *walk) unordered(pl *plan, p unsafe.Pointer, h uint64, byNode bool) uint64 {
	var data unsafe.Pointer
	var n int
	switch pl.kind {
	case reflect.Slice:
		s := (*sliceHeader)(p)
		data, n = s.Data, s.Len
	case reflect.Array:
		data, n = p, pl.t.Len()
	default:
		return w.hash(pl, p, h)
	}
	ep := planOf(pl.t.Elem())
	var sum uint64
	for i := range n {
		seed := entrySeed
		if byNode {
			seed = Mix(entrySeed, uint64(rename(int64(i), w.to)))
		}
		sum += Finalize(w.hash(ep, unsafe.Add(data, uintptr(i)*ep.size), seed))
	}
	return Mix(Mix(h, uint64(n)), sum)
}

// hashMap sums the entries' hashes, so that neither order nor renamed keys matter.
func (w *walk) hashMap(pl *plan, p unsafe.Pointer, h uint64) uint64 {
	if *(*unsafe.Pointer)(p) == nil {
		return Mix(h, 0)
	}
	mv := mapValue(pl.t, p)
	if mv.Len() == 0 {
		return Mix(h, 0)
	}
	kp, vp := planOf(pl.t.Key()), planOf(pl.t.Elem())
	k, v := reflect.New(pl.t.Key()).Elem(), reflect.New(pl.t.Elem()).Elem()
	var sum uint64
	it := mv.MapRange()
	for it.Next() {
		k.SetIterKey(it)
		v.SetIterValue(it)
		eh := w.hash(kp, k.Addr().UnsafePointer(), entrySeed)
		sum += Finalize(w.hash(vp, v.Addr().UnsafePointer(), eh))
	}
	return Mix(Mix(h, uint64(mv.Len())), sum)
}

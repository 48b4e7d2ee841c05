package value

import (
	"reflect"
	"sync"
	"unsafe"
)

// Clone returns a deep copy of v. Unexported fields are copied too. A nil pointer, slice, map
// or interface stays nil; an empty non-nil slice or map stays empty and non-nil. Pointer
// aliasing inside v is preserved: two pointers to the same object clone to two pointers to one
// new object, and cycles terminate. Slices that share a backing array are copied separately,
// and a pointer into the middle of another object gets an object of its own. Strings are shared,
// since they are immutable.
//
// If a type T has a method `Clone() T` (value or pointer receiver, returning exactly T), Clone
// uses it for values of T instead of copying them field by field. Struct fields tagged
// `distcheck:"-"` are copied shallowly (shared), for configuration that never changes.
//
// Clone panics with a *Error if v holds a func, chan or unsafe.Pointer outside a field tagged
// `distcheck:"-"` (see Check).
func Clone[T any](v T) T {
	if leakOn {
		leakSink = any(v)
	}
	pl := planOf(reflect.TypeFor[T]())
	if pl.err != nil {
		panic(pl.err)
	}
	if !pl.deep {
		return v
	}
	if pl.methods.hasCloneFunc {
		return cloneByMethod(pl, v)
	}
	if pl.stackUnsafe {
		return cloneOnHeap(pl, v)
	}
	out := v
	var st cloneState
	pl.clone(noescape(unsafe.Pointer(&out)), noescape(unsafe.Pointer(&v)), (*cloneState)(noescape(unsafe.Pointer(&st))))
	st.release()
	return out
}

// CloneAny clones the dynamic value held in v and returns it with the same dynamic type: a
// *MyNode held in v comes back as a new *MyNode. It panics like Clone.
func CloneAny(v any) any {
	return Clone(v)
}

// cloner is implemented by types with their own Clone method.
type cloner[T any] interface{ Clone() T }

// cloneByMethod clones v with its type's Clone method, without reflection.
func cloneByMethod[T any](pl *plan, v T) T {
	if pl.kind == reflect.Pointer {
		if *(*unsafe.Pointer)(noescape(unsafe.Pointer(&v))) == nil {
			return v
		}
		return any(v).(cloner[T]).Clone()
	}
	if pl.methods.cloneByPtr {
		p := new(T)
		*p = v
		return any(p).(cloner[T]).Clone()
	}
	// A value receiver: the method wrapper on *T copies the value before calling it.
	return any((*T)(noescape(unsafe.Pointer(&v)))).(cloner[T]).Clone()
}

// cloneOnHeap clones v through heap copies, for types whose user methods might keep the
// address they are called on.
func cloneOnHeap[T any](pl *plan, v T) T {
	src, dst := new(T), new(T)
	*src, *dst = v, v
	var st cloneState
	pl.clone(unsafe.Pointer(dst), unsafe.Pointer(src), &st)
	st.release()
	return *dst
}

// memoKey identifies an object reached through a pointer: its address and its type's plan (a
// struct and its first field share an address).
type memoKey struct {
	p  unsafe.Pointer
	pl *plan
}

// cloneState maps the objects already cloned to their clones, so that aliasing is preserved and
// cycles terminate. The first few objects are kept inline (a linear search over them is faster
// than a map); a map is only taken, from a pool, for values with more pointers.
type cloneState struct {
	n      int
	inline [8]memoEntry
	m      map[memoKey]unsafe.Pointer
}

type memoEntry struct {
	k memoKey
	v unsafe.Pointer
}

var memoPool = sync.Pool{New: func() any { return make(map[memoKey]unsafe.Pointer) }}

func (st *cloneState) lookup(k memoKey) (unsafe.Pointer, bool) {
	if st.m != nil {
		v, ok := st.m[k]
		return v, ok
	}
	for i := range st.n {
		if st.inline[i].k == k {
			return st.inline[i].v, true
		}
	}
	return nil, false
}

func (st *cloneState) remember(k memoKey, v unsafe.Pointer) {
	if st.m != nil {
		st.m[k] = v
		return
	}
	if st.n < len(st.inline) {
		st.inline[st.n] = memoEntry{k, v}
		st.n++
		return
	}
	st.m = memoPool.Get().(map[memoKey]unsafe.Pointer)
	for _, e := range st.inline {
		st.m[e.k] = e.v
	}
	st.m[k] = v
}

func (st *cloneState) release() {
	if st.m != nil {
		if len(st.m) <= 1<<12 {
			clear(st.m)
			memoPool.Put(st.m)
		}
		st.m = nil
	}
}

// clonePointer clones the pointee into a new object, or reuses the clone of an object already
// met.
func clonePointer(ep *plan) func(dst, src unsafe.Pointer, st *cloneState) {
	et := ep.t
	return func(dst, src unsafe.Pointer, st *cloneState) {
		sp := *(*unsafe.Pointer)(src)
		if sp == nil || ep.size == 0 {
			return // nil, or a zero-size object that nothing can change: keep it
		}
		k := memoKey{sp, ep}
		if np, ok := st.lookup(k); ok {
			*(*unsafe.Pointer)(dst) = np
			return
		}
		var np unsafe.Pointer
		if ep.direct || ep.kind == reflect.Interface {
			np = reflect.New(et).UnsafePointer()
			ep.copyTo(np, sp)
		} else {
			// Interface copies an addressable value into a new box: allocation and copy in
			// one step.
			x := reflect.NewAt(et, sp).Elem().Interface()
			np = (*eface)(unsafe.Pointer(&x)).data
		}
		st.remember(k, np)
		if ep.deep {
			ep.clone(np, sp, st)
		}
		*(*unsafe.Pointer)(dst) = np
	}
}

// cloneSlice gives the slice a new backing array (len == cap), copied in one go, then clones
// the elements that need it. The array is allocated and copied through the runtime's entry
// points for package reflect, without building reflect.Values (whose pointer-type lookups cost
// more than the copy of a small slice).
func cloneSlice(p, ep *plan) func(dst, src unsafe.Pointer, st *cloneState) {
	et, es := abiType(p.t.Elem()), ep.size
	return func(dst, src unsafe.Pointer, st *cloneState) {
		old := *(*sliceHeader)(src)
		if old.Data == nil {
			return
		}
		d := (*sliceHeader)(dst)
		if old.Len == 0 {
			*d = sliceHeader{Data: unsafe.Pointer(&emptyBase)}
			return
		}
		nw := sliceHeader{Data: unsafeNewArray(et, old.Len), Len: old.Len, Cap: old.Len}
		if ep.ptrFree {
			memcopy(nw.Data, old.Data, uintptr(old.Len)*es)
		} else {
			typedslicecopy(et, nw, old)
		}
		*d = nw
		if ep.deep {
			for i := range uintptr(old.Len) {
				ep.clone(unsafe.Add(d.Data, i*es), unsafe.Add(old.Data, i*es), st)
			}
		}
	}
}

// cloneArray clones the elements of an array in place (the array itself was copied with its
// parent).
func cloneArray(ep *plan, n int) func(dst, src unsafe.Pointer, st *cloneState) {
	es := ep.size
	return func(dst, src unsafe.Pointer, st *cloneState) {
		for i := range uintptr(n) {
			ep.clone(unsafe.Add(dst, i*es), unsafe.Add(src, i*es), st)
		}
	}
}

// cloneStruct clones the fields that need more than the shallow copy already made.
func cloneStruct(fs []field) func(dst, src unsafe.Pointer, st *cloneState) {
	var deep []field
	for _, f := range fs {
		if f.pl != nil && f.pl.deep {
			deep = append(deep, f)
		}
	}
	if len(deep) == 1 {
		off, fp := deep[0].off, deep[0].pl
		return func(dst, src unsafe.Pointer, st *cloneState) {
			fp.clone(unsafe.Add(dst, off), unsafe.Add(src, off), st)
		}
	}
	return func(dst, src unsafe.Pointer, st *cloneState) {
		for _, f := range deep {
			f.pl.clone(unsafe.Add(dst, f.off), unsafe.Add(src, f.off), st)
		}
	}
}

// cloneMap builds a new map of the same type with cloned keys and elements. A map whose keys
// and elements need no more than a shallow copy is copied whole by the runtime, as maps.Clone
// does.
func cloneMap(p *plan, m *mapPlan) func(dst, src unsafe.Pointer, st *cloneState) {
	t, kp, vp := p.t, m.kp, m.vp
	return func(dst, src unsafe.Pointer, st *cloneState) {
		if *(*unsafe.Pointer)(src) == nil {
			return
		}
		if !kp.deep && !vp.deep {
			c := mapclone(reflect.NewAt(t, src).Elem().Interface())
			*(*unsafe.Pointer)(dst) = (*eface)(unsafe.Pointer(&c)).data
			return
		}
		mv := mapValue(t, src)
		nm := reflect.MakeMapWithSize(t, mv.Len())
		s := m.get(mv)
		for s.it.Next() {
			s.k.SetIterKey(&s.it)
			s.v.SetIterValue(&s.it)
			s.k2.Set(s.k)
			kp.clone(s.k2p, s.kp, st)
			v := s.v
			if vp.deep {
				s.v2.Set(s.v)
				vp.clone(s.v2p, s.vp, st)
				v = s.v2
			}
			nm.SetMapIndex(s.k2, v)
		}
		m.put(s)
		*(*unsafe.Pointer)(dst) = nm.UnsafePointer()
	}
}

// ifaceClone clones the dynamic value of the interface at src into the interface at dst, which
// holds the same dynamic type and data word. A direct (pointer-shaped) value is cloned in the
// data word itself; an indirect one gets a new box.
func ifaceClone(p *plan) func(dst, src unsafe.Pointer, st *cloneState) {
	return func(dst, src unsafe.Pointer, st *cloneState) {
		e := loadIface(p, src)
		if e == nil {
			return
		}
		dp := dynPlan(e)
		if !dp.deep {
			return // the box is immutable and shared
		}
		dw := (*unsafe.Pointer)(unsafe.Add(dst, ptrSize))
		if dp.direct {
			if !dp.stackUnsafe {
				dp.clone(unsafe.Pointer(dw), unsafe.Add(src, ptrSize), st)
				return
			}
			s, d := new(unsafe.Pointer), new(unsafe.Pointer)
			*s, *d = *dw, *dw
			dp.clone(unsafe.Pointer(d), unsafe.Pointer(s), st)
			*dw = *d
			return
		}
		data := (*eface)(unsafe.Pointer(&e)).data
		box := reflect.NewAt(dp.t, data).Elem().Interface() // a new box holding a shallow copy
		np := (*eface)(unsafe.Pointer(&box)).data
		dp.clone(np, data, st)
		*dw = np
	}
}

// methodClone clones with the type's own Clone method, called through reflection (the
// top-level Clone calls it directly).
func methodClone(p *plan) func(dst, src unsafe.Pointer, st *cloneState) {
	t, fn, byPtr := p.t, p.methods.clone, p.methods.cloneByPtr
	isPtr := p.kind == reflect.Pointer
	if isPtr { // func(*E) *E: called directly, without reflect.Value.Call's allocations
		call := pointerFunc(fn)
		return func(dst, src unsafe.Pointer, _ *cloneState) {
			if sp := *(*unsafe.Pointer)(src); sp != nil {
				*(*unsafe.Pointer)(dst) = call(sp)
			}
		}
	}
	return func(dst, src unsafe.Pointer, _ *cloneState) {
		var recv reflect.Value
		switch {
		case isPtr:
			if *(*unsafe.Pointer)(src) == nil {
				return
			}
			recv = reflect.NewAt(t, src).Elem()
		case byPtr:
			recv = reflect.NewAt(t, src)
		default:
			recv = reflect.NewAt(t, src).Elem()
		}
		out := fn.Call([]reflect.Value{recv})[0]
		reflect.NewAt(t, dst).Elem().Set(out)
	}
}

package value

import (
	"reflect"
	"runtime"
	"sync"
	"unsafe"
)

// A plan is everything this package does with values of one type, compiled once into closures
// that work on the value's address. Plans are built under buildMu and published in plans; after
// publication they are immutable, so any number of goroutines may use them.
type plan struct {
	t        reflect.Type
	kind     reflect.Kind
	size     uintptr
	name     string // t.String()
	nameHash uint64 // hashString of name, mixed in where the dynamic type matters
	err      *Error // why values of t cannot be cloned or hashed, checked statically

	ptrFree     bool // no pointers at all: copies are a memmove
	deep        bool // a clone needs more than a shallow copy
	mem         bool // hashed as its raw bytes (no padding, no pointers, no methods)
	direct      bool // stored in an interface's data word itself
	stackUnsafe bool // a user method with a pointer receiver runs on the value's own memory
	emptyIface  bool // an interface type without methods
	methods     methodSet

	// clone turns dst, which holds a shallow copy of the value at src, into a deep copy.
	// It is only called when deep is set.
	clone func(dst, src unsafe.Pointer, st *cloneState)
	// hash folds the value at p into h.
	hash func(p unsafe.Pointer, h uint64, st *hashState) uint64
	// format appends the value at p; typed is set at interface boundaries, where the
	// static type does not tell what the value is.
	format func(f *formatter, p unsafe.Pointer, typed bool)
}

// A field is one struct field of a struct plan.
type field struct {
	name string
	off  uintptr
	pl   *plan // nil when skipped: tagged distcheck:"-" or named _
}

var (
	plans   sync.Map // reflect.Type -> *plan
	buildMu sync.Mutex
	anyPlan = planOf(reflect.TypeFor[any]())
)

// planOf returns the plan of t, building it (and the plans it needs) on first use.
func planOf(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	b := builder{pending: make(map[reflect.Type]*plan)}
	p := b.plan(t)
	for t, q := range b.pending {
		plans.Store(t, q)
	}
	return p
}

// A builder builds the plans of one type and of every type it reaches. Plans under
// construction are in pending, so that recursive types find themselves there; they are only
// reached through pointers, slices, maps or interfaces, whose plans read the element plan at
// run time, never while building.
type builder struct {
	pending map[reflect.Type]*plan
}

func (b *builder) plan(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p := b.pending[t]; p != nil {
		return p
	}
	p := &plan{t: t, kind: t.Kind(), size: t.Size(), name: t.String()}
	b.pending[t] = p
	p.nameHash = hashString(nameSeed, p.name)
	p.direct = isDirect(t)
	p.methods = findMethods(t)
	if err := checkType(t, p.name); err != nil {
		p.err = err
	}
	switch p.kind {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		p.ptrFree, p.mem = true, true
		p.hash = scalarHash(t)
		p.format = scalarFormat(t)
	case reflect.String:
		p.hash = hashStringAt
		p.format = scalarFormat(t)
	case reflect.Pointer:
		p.deep = true
		b.pointerPlan(p)
	case reflect.Slice:
		p.deep = true
		b.slicePlan(p)
	case reflect.Array:
		b.arrayPlan(p)
	case reflect.Map:
		p.deep = true
		b.mapPlan(p)
	case reflect.Struct:
		b.structPlan(p)
	case reflect.Interface:
		p.deep = true
		ifacePlan(p)
	default: // func, chan, unsafe.Pointer: p.err is set; the closures are never reached.
		fail := func() { panic(p.err) }
		p.clone = func(_, _ unsafe.Pointer, _ *cloneState) { fail() }
		p.hash = func(_ unsafe.Pointer, _ uint64, _ *hashState) uint64 { fail(); return 0 }
		p.format = func(_ *formatter, _ unsafe.Pointer, _ bool) { fail() }
	}
	b.applyMethods(p)
	if p.clone == nil {
		p.clone = func(_, _ unsafe.Pointer, _ *cloneState) {}
	}
	return p
}

// structFields returns the fields of the struct type t with the plans of those that are not
// skipped.
func (b *builder) structFields(t reflect.Type) []field {
	fs := make([]field, t.NumField())
	for i := range fs {
		sf := t.Field(i)
		fs[i] = field{name: sf.Name, off: sf.Offset}
		if !skipped(sf) {
			fs[i].pl = b.plan(sf.Type)
		}
	}
	return fs
}

// skipped reports whether a struct field is left out of Hash, Format and Check, and only
// copied shallowly by Clone.
func skipped(sf reflect.StructField) bool {
	return sf.Name == "_" || sf.Tag.Get("distcheck") == "-"
}

// methodSet describes the user methods a type has that this package uses.
type methodSet struct {
	clone        reflect.Value // func(T) T or func(*T) T
	cloneByPtr   bool          // clone's receiver is *T (T is not a pointer type)
	fingerprint  bool          // T or *T has Fingerprint() uint64
	fpByPtr      bool          // only *T has it (pointer receiver)
	hasCloneFunc bool
}

var uint64Type = reflect.TypeFor[uint64]()

// findMethods looks for `Clone() T` and `Fingerprint() uint64` on t (value or pointer
// receiver). Methods promoted from embedded fields are ignored: they would clone or hash only a
// part of the value.
func findMethods(t reflect.Type) methodSet {
	var ms methodSet
	if t.Kind() == reflect.Interface {
		return ms
	}
	isClone := func(m reflect.Method) bool {
		mt := m.Type
		return mt.NumIn() == 1 && mt.NumOut() == 1 && !mt.IsVariadic() && mt.Out(0) == t
	}
	isFP := func(m reflect.Method) bool {
		mt := m.Type
		return mt.NumIn() == 1 && mt.NumOut() == 1 && !mt.IsVariadic() && mt.Out(0) == uint64Type
	}
	if m, ok := t.MethodByName("Clone"); ok && isClone(m) && !promoted(t, m) {
		ms.clone, ms.hasCloneFunc = m.Func, true
	} else if t.Kind() != reflect.Pointer {
		if m, ok := reflect.PointerTo(t).MethodByName("Clone"); ok && isClone(m) && !promoted(t, m) {
			ms.clone, ms.hasCloneFunc, ms.cloneByPtr = m.Func, true, true
		}
	}
	if m, ok := t.MethodByName("Fingerprint"); ok && isFP(m) && !promoted(t, m) {
		ms.fingerprint = true
	} else if t.Kind() != reflect.Pointer {
		if m, ok := reflect.PointerTo(t).MethodByName("Fingerprint"); ok && isFP(m) && !promoted(t, m) {
			ms.fingerprint, ms.fpByPtr = true, true
		}
	}
	return ms
}

// promoted reports whether method m of t (or *t) is promoted from an embedded field: t is a
// struct (or pointer to one) with an embedded field that has a method of that name, and the
// method's code is a compiler-generated wrapper rather than one declared on t.
func promoted(t reflect.Type, m reflect.Method) bool {
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return false
	}
	embeds := false
	for i := range st.NumField() {
		sf := st.Field(i)
		if !sf.Anonymous {
			continue
		}
		ft := sf.Type
		if _, ok := ft.MethodByName(m.Name); ok {
			embeds = true
		} else if ft.Kind() != reflect.Pointer && ft.Kind() != reflect.Interface {
			if _, ok := reflect.PointerTo(ft).MethodByName(m.Name); ok {
				embeds = true
			}
		}
	}
	if !embeds {
		return false
	}
	fn := runtime.FuncForPC(m.Func.Pointer())
	if fn == nil {
		return true
	}
	file, _ := fn.FileLine(fn.Entry())
	return file == "<autogenerated>"
}

// applyMethods replaces the structural clone and hash of p by the user's methods.
func (b *builder) applyMethods(p *plan) {
	ms := p.methods
	if ms.hasCloneFunc {
		p.deep = true
		p.clone = methodClone(p)
		if ms.cloneByPtr {
			p.stackUnsafe = true
		}
	}
	if ms.fingerprint {
		p.mem = false
		p.hash = methodHash(p)
		if ms.fpByPtr {
			p.stackUnsafe = true
		}
	}
}

// copyTo copies the value at src to dst shallowly (with write barriers when it holds pointers).
func (p *plan) copyTo(dst, src unsafe.Pointer) {
	if p.ptrFree {
		memcopy(dst, src, p.size)
		return
	}
	reflect.NewAt(p.t, dst).Elem().Set(reflect.NewAt(p.t, src).Elem())
}

// hasPointers reports whether values of t contain any pointer the garbage collector sees.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	}
	return true
}

func (b *builder) pointerPlan(p *plan) {
	ep := b.plan(p.t.Elem())
	p.clone = clonePointer(ep)
	p.hash = hashPointer(ep)
	p.format = formatPointer(p, ep)
}

func (b *builder) slicePlan(p *plan) {
	ep := b.plan(p.t.Elem())
	p.clone = cloneSlice(p, ep)
	p.hash = hashSlice(ep)
	p.format = formatSlice(ep)
}

func (b *builder) arrayPlan(p *plan) {
	ep := b.plan(p.t.Elem())
	n := p.t.Len()
	p.ptrFree = !hasPointers(p.t)
	p.deep = n > 0 && ep.deep
	p.mem = n == 0 || ep.mem
	p.stackUnsafe = n > 0 && ep.stackUnsafe
	if p.deep {
		p.clone = cloneArray(ep, n)
	}
	p.hash = hashArray(p, ep, n)
	p.format = formatArray(ep, n)
}

func (b *builder) mapPlan(p *plan) {
	m := &mapPlan{kp: b.plan(p.t.Key()), vp: b.plan(p.t.Elem())}
	m.pool.New = func() any {
		s := &mapScratch{
			k: reflect.New(p.t.Key()).Elem(), v: reflect.New(p.t.Elem()).Elem(),
			k2: reflect.New(p.t.Key()).Elem(), v2: reflect.New(p.t.Elem()).Elem(),
		}
		s.kp, s.vp = s.k.Addr().UnsafePointer(), s.v.Addr().UnsafePointer()
		s.k2p, s.v2p = s.k2.Addr().UnsafePointer(), s.v2.Addr().UnsafePointer()
		return s
	}
	p.clone = cloneMap(p, m)
	p.hash = hashMap(p, m)
	p.format = formatMap(p, m)
}

func (b *builder) structPlan(p *plan) {
	fs := b.structFields(p.t)
	p.ptrFree = !hasPointers(p.t)
	p.mem = true
	var sum uintptr
	for _, f := range fs {
		if f.pl == nil {
			p.mem = false
			continue
		}
		sum += f.pl.size
		p.mem = p.mem && f.pl.mem
		p.deep = p.deep || f.pl.deep
		p.stackUnsafe = p.stackUnsafe || f.pl.stackUnsafe
	}
	if sum != p.size { // padding: its bytes are not part of the value
		p.mem = false
	}
	if p.deep {
		p.clone = cloneStruct(fs)
	}
	p.hash = hashStruct(p, fs)
	p.format = formatStruct(p, fs)
}

// mapPlan holds what the closures of a map type share: the key and element plans and a pool
// of scratch space to iterate without allocating.
type mapPlan struct {
	kp, vp *plan
	pool   sync.Pool // *mapScratch
}

// mapScratch is addressable room for one key and one element, twice (source and clone).
type mapScratch struct {
	it       reflect.MapIter
	k, v     reflect.Value
	k2, v2   reflect.Value
	kp, vp   unsafe.Pointer
	k2p, v2p unsafe.Pointer
}

// mapValue returns the map stored at p as a reflect.Value that does not point to p.
func mapValue(t reflect.Type, p unsafe.Pointer) reflect.Value {
	return reflect.ValueOf(reflect.NewAt(t, p).Elem().Interface())
}

// get takes scratch space for iterating over mv.
func (m *mapPlan) get(mv reflect.Value) *mapScratch {
	s := m.pool.Get().(*mapScratch)
	s.it.Reset(mv)
	return s
}

// put returns s to the pool, dropping what it referred to.
func (m *mapPlan) put(s *mapScratch) {
	s.it.Reset(reflect.Value{})
	if !m.kp.ptrFree {
		s.k.SetZero()
		s.k2.SetZero()
	}
	if !m.vp.ptrFree {
		s.v.SetZero()
		s.v2.SetZero()
	}
	m.pool.Put(s)
}

func ifacePlan(p *plan) {
	p.emptyIface = p.t.NumMethod() == 0
	p.clone = ifaceClone(p)
	p.hash = ifaceHash(p)
	p.format = ifaceFormat(p)
}

// loadIface returns the interface of type p.t stored at at as an empty interface.
func loadIface(p *plan, at unsafe.Pointer) any {
	if p.emptyIface {
		return *(*any)(at)
	}
	return reflect.NewAt(p.t, at).Elem().Interface()
}

// dynPlan returns the plan of e's dynamic type, which must be non-nil. Interface contents can
// only be checked now: it panics with a *Error for a func, chan or unsafe.Pointer.
func dynPlan(e any) *plan {
	dp := planOf(reflect.TypeOf(e))
	if dp.err != nil {
		panic(dp.err)
	}
	return dp
}

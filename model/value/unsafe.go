package value

import (
	"reflect"
	"unsafe"
)

// noescape hides p from escape analysis, so that the entry points can hand the address of their
// own (stack) copy of a value to the compiled plans without moving that copy to the heap. The
// plans never retain such an address; the few cases where a user method could (pointer-receiver
// Clone or Fingerprint methods on memory inside the value) are detected per type (stackUnsafe)
// and use a heap copy instead.
//
//go:linkname noescape runtime.noescape
//go:noescape
func noescape(p unsafe.Pointer) unsafe.Pointer

// leakOn is never set. The entry points store their argument in leakSink under it, so that the
// compiler treats everything the argument points to as escaping: the values a plan walks through
// then always live on the heap, never in a caller's stack frame.
var (
	leakOn   bool
	leakSink any
)

// sliceHeader is the runtime layout of a slice.
type sliceHeader struct {
	Data unsafe.Pointer
	Len  int
	Cap  int
}

// eface is the runtime layout of an empty interface.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// ptrSize is the size of a pointer, the offset of an interface's data word.
const ptrSize = unsafe.Sizeof(uintptr(0))

// emptyBase is the data pointer of cloned empty, non-nil slices (len 0, cap 0).
var emptyBase uint64

// isDirect reports whether values of t are stored directly in an interface's data word
// (pointer-shaped types) rather than behind a pointer to a boxed copy. The zero value of a
// direct type packs to a nil data word; an indirect one to a pointer to a zero box.
func isDirect(t reflect.Type) bool {
	if t.Kind() == reflect.Interface {
		return false
	}
	x := reflect.Zero(t).Interface()
	return (*eface)(unsafe.Pointer(&x)).data == nil
}

// bytesAt returns the n bytes at p as a slice.
func bytesAt(p unsafe.Pointer, n uintptr) []byte {
	return unsafe.Slice((*byte)(p), n)
}

// memcopy copies n bytes of pointer-free memory from src to dst.
func memcopy(dst, src unsafe.Pointer, n uintptr) {
	if n > 0 {
		copy(bytesAt(dst, n), bytesAt(src, n))
	}
}

// mapclone returns a shallow copy of the map held in m, with the same type: the runtime's
// implementation of maps.Clone, which copies the table whole instead of inserting entry by
// entry. The maps package declares it with a go:linkname directive, which is what lets other
// packages refer to it.
//
//go:linkname mapclone maps.clone
func mapclone(m any) any

// abiType returns the runtime's type descriptor of t: the data word of the reflect.Type
// interface, a *reflect.rtype, whose only field is the runtime's type.
func abiType(t reflect.Type) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

// unsafeNewArray allocates a zeroed array of n elements of the type whose descriptor is typ:
// reflect's entry point into the runtime's allocator, which other packages may name with a
// go:linkname directive.
//
//go:linkname unsafeNewArray reflect.unsafe_NewArray
func unsafeNewArray(typ unsafe.Pointer, n int) unsafe.Pointer

// typedslicecopy copies the elements of src into dst, slices of the type whose descriptor is
// typ, with the write barriers the garbage collector needs for their pointers: reflect's entry
// point, as for unsafeNewArray.
//
//go:linkname typedslicecopy reflect.typedslicecopy
func typedslicecopy(typ unsafe.Pointer, dst, src sliceHeader) int

// pointerFunc returns fn, a func(*E) *E (a pointer type's Clone method), as a func of
// unsafe.Pointers. A func value is a pointer-shaped word, held directly in an interface's data
// word, and the two signatures have the same calling convention (one pointer in, one out).
func pointerFunc(fn reflect.Value) func(unsafe.Pointer) unsafe.Pointer {
	f := fn.Interface()
	return *(*func(unsafe.Pointer) unsafe.Pointer)(unsafe.Pointer(&(*eface)(unsafe.Pointer(&f)).data))
}

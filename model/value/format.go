package value

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// Format returns a canonical, deterministic one-line text of v in Go-like syntax, to store
// values (messages) in trace files by content and compare them on replay. For example:
//
//	twopc.Prepare{Txn:1, Votes:[1 2]}
//	&raft.Entry{Term:2}
//	map[string]int{"a":1, "b":2}
//	nil
//	"quoted string"
//	[1 2 3]                 a []byte, or any slice or array
//	twopc.Ack{}             an empty struct
//
// Structs show their type (reflect.Type.String: package name and type name) and every field,
// unexported ones included, as name:value separated by ", ". Maps show their type and their
// entries sorted by the formatted keys. Pointers show as & and their pointee (a cycle as
// <cycle>, a nil pointer as nil); interfaces show their dynamic value. Where the type of a
// value is not implied by its context (at the top and inside interfaces), a bool, number or
// string of a type other than bool, int or string is written as a conversion, int64(1) or
// raft.Term(3), and a nil pointer as (*raft.Entry)(nil); slices and arrays never name their
// type. A nil slice prints as [] and a nil map as an empty one, as Hash treats them alike.
// Fields tagged `distcheck:"-"` are left out. Floats are printed in the shortest form that
// reads back exactly (strconv 'g', -1).
//
// Format never depends on addresses or map order, and it does not use String methods (those
// are for people, not keys). It panics with a *Error if v holds a func, chan or
// unsafe.Pointer (see Check).
func Format(v any) string {
	var f formatter
	anyPlan.format(&f, unsafe.Pointer(&v), true)
	return string(f.buf)
}

// formatter is the output of Format and the path of pointers it is inside.
type formatter struct {
	buf []byte
	pathStack
}

func (f *formatter) str(s string) { f.buf = append(f.buf, s...) }

// scalarFormat formats a bool, number or string; typed wraps it in a conversion to its type
// unless the type is bool, int or string.
func scalarFormat(t reflect.Type) func(f *formatter, p unsafe.Pointer, typed bool) {
	wrap := t != reflect.TypeFor[int]() && t != reflect.TypeFor[bool]() && t != reflect.TypeFor[string]()
	name := t.String()
	var app func(b []byte, p unsafe.Pointer) []byte
	switch t.Kind() {
	case reflect.Bool:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendBool(b, *(*bool)(p)) }
	case reflect.Int:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendInt(b, int64(*(*int)(p)), 10) }
	case reflect.Int8:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendInt(b, int64(*(*int8)(p)), 10) }
	case reflect.Int16:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendInt(b, int64(*(*int16)(p)), 10) }
	case reflect.Int32:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendInt(b, int64(*(*int32)(p)), 10) }
	case reflect.Int64:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendInt(b, *(*int64)(p), 10) }
	case reflect.Uint:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendUint(b, uint64(*(*uint)(p)), 10) }
	case reflect.Uint8:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendUint(b, uint64(*(*uint8)(p)), 10) }
	case reflect.Uint16:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendUint(b, uint64(*(*uint16)(p)), 10) }
	case reflect.Uint32:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendUint(b, uint64(*(*uint32)(p)), 10) }
	case reflect.Uint64:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendUint(b, *(*uint64)(p), 10) }
	case reflect.Uintptr:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendUint(b, uint64(*(*uintptr)(p)), 10) }
	case reflect.Float32:
		app = func(b []byte, p unsafe.Pointer) []byte {
			return strconv.AppendFloat(b, float64(*(*float32)(p)), 'g', -1, 32)
		}
	case reflect.Float64:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendFloat(b, *(*float64)(p), 'g', -1, 64) }
	case reflect.Complex64:
		app = func(b []byte, p unsafe.Pointer) []byte {
			return append(b, strconv.FormatComplex(complex128(*(*complex64)(p)), 'g', -1, 64)...)
		}
	case reflect.Complex128:
		app = func(b []byte, p unsafe.Pointer) []byte {
			return append(b, strconv.FormatComplex(*(*complex128)(p), 'g', -1, 128)...)
		}
	case reflect.String:
		app = func(b []byte, p unsafe.Pointer) []byte { return strconv.AppendQuote(b, *(*string)(p)) }
	}
	return func(f *formatter, p unsafe.Pointer, typed bool) {
		if typed && wrap {
			f.str(name)
			f.buf = append(f.buf, '(')
			f.buf = app(f.buf, p)
			f.buf = append(f.buf, ')')
			return
		}
		f.buf = app(f.buf, p)
	}
}

// formatPointer writes & and the pointee, or <cycle> for an object the path is already in.
func formatPointer(p, ep *plan) func(f *formatter, p unsafe.Pointer, typed bool) {
	typedNil := "(" + p.name + ")(nil)"
	return func(f *formatter, at unsafe.Pointer, typed bool) {
		sp := *(*unsafe.Pointer)(at)
		if sp == nil {
			if typed {
				f.str(typedNil)
			} else {
				f.str("nil")
			}
			return
		}
		e := pathEntry{sp, ep}
		if _, ok := f.find(e); ok {
			f.str("<cycle>")
			return
		}
		f.push(e)
		f.buf = append(f.buf, '&')
		ep.format(f, sp, typed)
		f.pop()
	}
}

// formatElems writes n elements es bytes apart as [a b c].
func formatElems(f *formatter, ep *plan, p unsafe.Pointer, n, es uintptr) {
	f.buf = append(f.buf, '[')
	for i := range n {
		if i > 0 {
			f.buf = append(f.buf, ' ')
		}
		ep.format(f, unsafe.Add(p, i*es), false)
	}
	f.buf = append(f.buf, ']')
}

func formatSlice(ep *plan) func(f *formatter, p unsafe.Pointer, typed bool) {
	return func(f *formatter, at unsafe.Pointer, _ bool) {
		s := (*sliceHeader)(at)
		formatElems(f, ep, s.Data, uintptr(s.Len), ep.size)
	}
}

func formatArray(ep *plan, n int) func(f *formatter, p unsafe.Pointer, typed bool) {
	return func(f *formatter, at unsafe.Pointer, _ bool) {
		formatElems(f, ep, at, uintptr(n), ep.size)
	}
}

// formatStruct writes T{a:1, b:"x"}.
func formatStruct(p *plan, fs []field) func(f *formatter, p unsafe.Pointer, typed bool) {
	var shown []field
	for _, fd := range fs {
		if fd.pl != nil {
			shown = append(shown, fd)
		}
	}
	open := p.name + "{"
	return func(f *formatter, at unsafe.Pointer, _ bool) {
		f.str(open)
		for i, fd := range shown {
			if i > 0 {
				f.str(", ")
			}
			f.str(fd.name)
			f.buf = append(f.buf, ':')
			fd.pl.format(f, unsafe.Add(at, fd.off), false)
		}
		f.buf = append(f.buf, '}')
	}
}

// formatMap writes map[K]V{k1:v1, k2:v2} with the entries sorted by their formatted keys (and
// by their formatted values when keys print alike, as NaNs or distinct pointers do).
func formatMap(p *plan, m *mapPlan) func(f *formatter, p unsafe.Pointer, typed bool) {
	t, kp, vp := p.t, m.kp, m.vp
	open := p.name + "{"
	type entry struct{ key, text string }
	return func(f *formatter, at unsafe.Pointer, _ bool) {
		f.str(open)
		if *(*unsafe.Pointer)(at) != nil {
			mv := mapValue(t, at)
			entries := make([]entry, 0, mv.Len())
			s := m.get(mv)
			start := len(f.buf)
			for s.it.Next() {
				s.k.SetIterKey(&s.it)
				s.v.SetIterValue(&s.it)
				kp.format(f, s.kp, false)
				mid := len(f.buf)
				f.buf = append(f.buf, ':')
				vp.format(f, s.vp, false)
				entries = append(entries, entry{string(f.buf[start:mid]), string(f.buf[start:])})
				f.buf = f.buf[:start]
			}
			m.put(s)
			slices.SortFunc(entries, func(a, b entry) int {
				if c := strings.Compare(a.key, b.key); c != 0 {
					return c
				}
				return strings.Compare(a.text, b.text)
			})
			for i, e := range entries {
				if i > 0 {
					f.str(", ")
				}
				f.str(e.text)
			}
		}
		f.buf = append(f.buf, '}')
	}
}

// ifaceFormat writes nil or the dynamic value, typed.
func ifaceFormat(p *plan) func(f *formatter, p unsafe.Pointer, typed bool) {
	return func(f *formatter, at unsafe.Pointer, _ bool) {
		e := loadIface(p, at)
		if e == nil {
			f.str("nil")
			return
		}
		dp := dynPlan(e)
		if dp.direct {
			dp.format(f, unsafe.Add(at, ptrSize), true)
		} else {
			dp.format(f, (*eface)(unsafe.Pointer(&e)).data, true)
		}
	}
}

package value

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// Describe returns v for people, in one line: the result of its String method if it has one
// (on the value or on a pointer to it), and otherwise a compact list of its content in which
// every part that has a String method shows that. For example, a Raft node without String
// whose role has one:
//
//	raft.node{term:2, role:leader, votedFor:0, log:[{Term:1, Cmd:"x"}], commit:1}
//
// Structs show their type's name (reflect.Type.String) at the top and inside interfaces, and
// only their fields elsewhere; fields tagged `distcheck:"-"` are left out; pointers show their
// pointee (a cycle as <cycle>); maps show their entries sorted; strings are quoted. Unlike
// Format, Describe is not a key: two different values may describe alike. A String method that
// panics is replaced by the content.
func Describe(v any) string {
	var d describer
	d.value(reflect.ValueOf(v), true)
	return d.b.String()
}

// DescribeFields is Describe without the type's name at the top: the field list of a struct
// ({term:2, role:leader}), or Describe's text of anything else.
func DescribeFields(v any) string {
	var d describer
	d.value(reflect.ValueOf(v), false)
	return d.b.String()
}

var stringerType = reflect.TypeFor[fmt.Stringer]()

// describer writes one Describe text and the pointers it is inside.
type describer struct {
	b    strings.Builder
	path []uintptr
}

// usable returns v addressable and with no read-only mark (from an unexported field), so that
// its fields can be read and its String method called.
func usable(v reflect.Value) reflect.Value {
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		return c
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// stringer returns v's String method's result, if v or *v has one.
func (d *describer) stringer(v reflect.Value) (text string, ok bool) {
	var s fmt.Stringer
	switch {
	case v.Type().Implements(stringerType):
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return "", false
		}
		s = v.Interface().(fmt.Stringer)
	case v.CanAddr() && reflect.PointerTo(v.Type()).Implements(stringerType):
		s = v.Addr().Interface().(fmt.Stringer)
	default:
		return "", false
	}
	defer func() {
		if recover() != nil {
			text, ok = "", false
		}
	}()
	return s.String(), true
}

func (d *describer) value(v reflect.Value, named bool) {
	if !v.IsValid() {
		d.b.WriteString("nil")
		return
	}
	if v.Kind() != reflect.Interface {
		v = usable(v)
		if s, ok := d.stringer(v); ok {
			d.b.WriteString(s)
			return
		}
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			d.b.WriteString("nil")
			return
		}
		d.value(v.Elem(), true)
	case reflect.Pointer:
		d.pointer(v, named)
	case reflect.Struct:
		d.fields(v, named)
	case reflect.Slice, reflect.Array:
		d.b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				d.b.WriteByte(' ')
			}
			d.value(v.Index(i), false)
		}
		d.b.WriteByte(']')
	case reflect.Map:
		d.entries(v)
	case reflect.String:
		d.b.WriteString(strconv.Quote(v.String()))
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		d.b.WriteString("<" + v.Kind().String() + ">")
	default:
		fmt.Fprint(&d.b, v.Interface())
	}
}

func (d *describer) pointer(v reflect.Value, named bool) {
	if v.IsNil() {
		d.b.WriteString("nil")
		return
	}
	p := v.Pointer()
	if slices.Contains(d.path, p) {
		d.b.WriteString("<cycle>")
		return
	}
	d.path = append(d.path, p)
	d.value(v.Elem(), named)
	d.path = d.path[:len(d.path)-1]
}

// fields writes Name{a:1, b:"x"}, or {a:1, b:"x"} when not named.
func (d *describer) fields(v reflect.Value, named bool) {
	t := v.Type()
	if named {
		d.b.WriteString(t.String())
	}
	d.b.WriteByte('{')
	n := 0
	for i := range t.NumField() {
		sf := t.Field(i)
		if skipped(sf) {
			continue
		}
		if n > 0 {
			d.b.WriteString(", ")
		}
		n++
		d.b.WriteString(sf.Name)
		d.b.WriteByte(':')
		d.value(v.Field(i), false)
	}
	d.b.WriteByte('}')
}

// entries writes {k1:v1, k2:v2}, sorted by the keys' texts.
func (d *describer) entries(v reflect.Value) {
	type entry struct{ key, text string }
	var es []entry
	it := v.MapRange()
	for it.Next() {
		var k, e describer
		k.path, e.path = d.path, d.path
		k.value(it.Key(), false)
		e.value(it.Value(), false)
		es = append(es, entry{k.b.String(), e.b.String()})
	}
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.key+":"+a.text, b.key+":"+b.text) })
	d.b.WriteByte('{')
	for i, e := range es {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.b.WriteString(e.key + ":" + e.text)
	}
	d.b.WriteByte('}')
}

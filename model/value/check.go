package value

import (
	"reflect"
	"strings"
)

// Error is the error type for values that cannot be cloned, hashed or formatted: they hold a
// func, chan or unsafe.Pointer outside a field tagged `distcheck:"-"`. Check returns it;
// Clone, CloneAny, Hash, HashValue and Format panic with it, so that callers can recover it.
type Error struct {
	// Path locates the offending value: the name of the root type, then .name for a struct
	// field, [] for an element of a slice, array or map, [key] for a map key and (T) for the
	// dynamic type T held by an interface. Pointers are followed without a mark.
	Path string
	// Type is the offending type.
	Type reflect.Type
}

// Error returns the message, for example
// `value: raft.Node.peers[]: func() cannot be cloned or hashed (tag the field distcheck:"-" if it never changes)`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("value: ")
	if e.Path != "" && e.Path != e.Type.String() {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Type.String())
	b.WriteString(` cannot be cloned or hashed (tag the field distcheck:"-" if it never changes)`)
	return b.String()
}

// Check reports whether v can be cloned, hashed and formatted. Values of func, chan and
// unsafe.Pointer types are not allowed anywhere in v's type, except in struct fields tagged
// `distcheck:"-"`; the *Error returned names the path to the first one found. Interface-typed
// parts can only be checked on a value: Check also looks at the dynamic values that v's
// interfaces hold now. Clone, Hash and Format, which meet such values later, panic with the
// same *Error. Check(nil) is nil.
func Check(v any) error {
	if v == nil {
		return nil
	}
	t := reflect.TypeOf(v)
	if pl := planOf(t); pl.err != nil {
		return pl.err
	}
	c := valueChecker{typeInfo: typeInfo{}, seen: map[visit]bool{}}
	if err := c.value(reflect.ValueOf(v), t.String()); err != nil {
		return err
	}
	return nil
}

// checkType returns the first func, chan or unsafe.Pointer reachable in values of t (outside
// skipped fields), with its path from root, or nil.
func checkType(t reflect.Type, root string) *Error {
	return typeChecker{}.walk(t, root)
}

// typeChecker walks a type graph once per type.
type typeChecker map[reflect.Type]bool

func (c typeChecker) walk(t reflect.Type, path string) *Error {
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return &Error{Path: path, Type: t}
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map, reflect.Struct:
	default:
		return nil
	}
	if c[t] {
		return nil
	}
	c[t] = true
	switch t.Kind() {
	case reflect.Pointer:
		return c.walk(t.Elem(), path)
	case reflect.Slice, reflect.Array:
		return c.walk(t.Elem(), path+"[]")
	case reflect.Map:
		if err := c.walk(t.Key(), path+"[key]"); err != nil {
			return err
		}
		return c.walk(t.Elem(), path+"[]")
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		if skipped(sf) {
			continue
		}
		if err := c.walk(sf.Type, path+"."+sf.Name); err != nil {
			return err
		}
	}
	return nil
}

// typeInfo caches whether values of a type can hold an interface (outside skipped fields).
type typeInfo map[reflect.Type]bool

func (ti typeInfo) holdsIface(t reflect.Type) bool {
	if v, ok := ti[t]; ok {
		return v
	}
	r := reachesIface(t, map[reflect.Type]bool{})
	ti[t] = r
	return r
}

// reachesIface reports whether an interface type is reachable from t in the type graph.
func reachesIface(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return reachesIface(t.Elem(), seen)
	case reflect.Map:
		return reachesIface(t.Key(), seen) || reachesIface(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if sf := t.Field(i); !skipped(sf) && reachesIface(sf.Type, seen) {
				return true
			}
		}
	}
	return false
}

// visit is an object reached through a pointer.
type visit struct {
	p uintptr
	t reflect.Type
}

// valueChecker walks a value to check the dynamic types its interfaces hold.
type valueChecker struct {
	typeInfo
	seen map[visit]bool
}

func (c valueChecker) value(v reflect.Value, path string) *Error {
	t := v.Type()
	if !c.holdsIface(t) {
		return nil
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		d := v.Elem()
		dt := d.Type()
		dpath := path + "(" + dt.String() + ")"
		if dp := planOf(dt); dp.err != nil {
			return &Error{Path: dpath + strings.TrimPrefix(dp.err.Path, dp.name), Type: dp.err.Type}
		}
		return c.value(d, dpath)
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		k := visit{v.Pointer(), t}
		if c.seen[k] {
			return nil
		}
		c.seen[k] = true
		return c.value(v.Elem(), path)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := c.value(v.Index(i), path+"[]"); err != nil {
				return err
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if err := c.value(it.Key(), path+"[key]"); err != nil {
				return err
			}
			if err := c.value(it.Value(), path+"[]"); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if sf := t.Field(i); !skipped(sf) {
				if err := c.value(v.Field(i), path+"."+sf.Name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Package setup checks a built-in protocol's configuration before its system is built, the same
// way in every protocol package: each field is checked with the rule it must meet, then the
// named bug against the protocol's catalog, then the fault budgets, and the first failure is a
// one-line error that names the protocol and the field ("abd: clients is 0, want at least 1").
package setup

import (
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// A Field is one integer field of a configuration and the range it must be in.
type Field struct {
	name   string
	v      int
	lo, hi int
	why    string
}

// AtLeast is the field name of value v, which must be at least lo; why, if given, says why.
func AtLeast(name string, v, lo int, why ...string) Field {
	return Field{name: name, v: v, lo: lo, hi: -1, why: strings.Join(why, "; ")}
}

// Between is the field name of value v, which must be from lo to hi; why, if given, says why.
func Between(name string, v, lo, hi int, why ...string) Field {
	return Field{name: name, v: v, lo: lo, hi: hi, why: strings.Join(why, "; ")}
}

// err returns the field's error, or nil if its value is in range.
func (f Field) err() error {
	var want string
	switch {
	case f.hi < 0 && f.v < f.lo:
		want = fmt.Sprintf("at least %d", f.lo)
	case f.hi >= 0 && (f.v < f.lo || f.v > f.hi):
		want = fmt.Sprintf("%d to %d", f.lo, f.hi)
	default:
		return nil
	}
	if f.why != "" {
		want += " (" + f.why + ")"
	}
	return fmt.Errorf("%s is %d, want %s", f.name, f.v, want)
}

// Check checks a configuration of the protocol whose catalog is c: each field, then that bug
// is None or one of c's variants, then that the fault budgets f are not negative. Errors begin
// with the protocol's name.
func Check(c bugs.Catalog, bug bugs.Bug, f actor.Faults, fields ...Field) error {
	for _, fl := range fields {
		if err := fl.err(); err != nil {
			return fmt.Errorf("%s: %w", c.Protocol, err)
		}
	}
	if err := c.Check(bug); err != nil {
		return err
	}
	if err := f.ValidateBudgets(); err != nil {
		return fmt.Errorf("%s: %w", c.Protocol, err)
	}
	return nil
}

package model

import "fmt"

// Kind says how a property's predicate is judged over the reachable states.
type Kind uint8

// The kinds of property.
const (
	// KindAlways is an invariant: the predicate holds in every reachable state.
	KindAlways Kind = iota + 1
	// KindSometimes is reachability: the predicate holds in at least one reachable state.
	// A search that never reaches such a state reports it, so a model that does nothing
	// cannot pass.
	KindSometimes
	// KindEventually is liveness: on every path, the predicate holds in some state. In this
	// version a violation is a path that ends (in a state where nothing but faults can happen,
	// or at a random walk's depth bound)
	// without the predicate having held.
	KindEventually
)

// String returns the kind's name as traces and reports spell it: "always", "sometimes",
// "eventually".
func (k Kind) String() string {
	switch k {
	case KindAlways:
		return "always"
	case KindSometimes:
		return "sometimes"
	case KindEventually:
		return "eventually"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{KindAlways, KindSometimes, KindEventually} {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown property kind %q (want always, sometimes or eventually)", s)
}

// Property is a named predicate over states together with the way it is judged. Build one with
// the constructors of package properties.
type Property[S any] struct {
	// Name identifies the property in reports and traces; it must be unique within a model.
	Name string
	// Kind says how Holds is judged.
	Kind Kind
	// Holds reports whether the predicate is true of a state. It must be a pure function.
	Holds func(S) bool
}

// Package properties builds the properties that distcheck checks: invariants (Always),
// reachability (Sometimes) and liveness (Eventually), and offers reusable predicates.
//
// A property is a named predicate over a model's states together with the way it is judged:
//
//	properties.Always("TCConsistent", func(s State) bool { ... })
//
// Every correct protocol should also carry a Sometimes property, so that a model that does
// nothing cannot pass: an exhaustive search that never reaches a state where it holds fails.
package properties

import "github.com/distcheck/distcheck/model"

// Always returns an invariant: pred must hold in every reachable state. A violation is reported
// with the path to the first state (in search order) where it does not.
func Always[S any](name string, pred func(S) bool) model.Property[S] {
	return model.Property[S]{Name: name, Kind: model.KindAlways, Holds: pred}
}

// Sometimes returns a reachability property: pred must hold in at least one reachable state. A
// search that never reaches such a state reports the property as violated, which guards
// against vacuous passes.
func Sometimes[S any](name string, pred func(S) bool) model.Property[S] {
	return model.Property[S]{Name: name, Kind: model.KindSometimes, Holds: pred}
}

// Eventually returns a liveness property: on every path, pred must hold in some state. In this
// version a violation is a path that ends — in a state where nothing but faults can happen
// (faults may always stop), or at a random walk's depth bound — without pred having held along
// it.
func Eventually[S any](name string, pred func(S) bool) model.Property[S] {
	return model.Property[S]{Name: name, Kind: model.KindEventually, Holds: pred}
}

// Not negates a predicate.
func Not[S any](pred func(S) bool) func(S) bool {
	return func(s S) bool { return !pred(s) }
}

// And holds when every predicate holds.
func And[S any](preds ...func(S) bool) func(S) bool {
	return func(s S) bool {
		for _, p := range preds {
			if !p(s) {
				return false
			}
		}
		return true
	}
}

// Implies holds when q holds or p does not.
func Implies[S any](p, q func(S) bool) func(S) bool {
	return func(s S) bool { return !p(s) || q(s) }
}

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

// Eventually returns a liveness property: on every behaviour, pred holds in some state.
// Exhaustive search reports a lasso — a path from an initial state and a loop, along which pred
// never holds and which respects the fairness assumed (model.Fairness) — or a path that ends
// where nothing but faults can happen. Random walks report a walk on which pred has not held
// within the bound given after faults stop (explore.Options.Within).
func Eventually[S any](name string, pred func(S) bool) model.Property[S] {
	return model.Property[S]{Name: name, Kind: model.KindEventually, Holds: pred}
}

// AlwaysEventually returns a liveness property: on every behaviour, pred holds infinitely
// often — from every point on, it holds again later. A violation is a fair loop, reachable by
// any path, along which pred never holds (or a path that ends in such a state).
func AlwaysEventually[S any](name string, pred func(S) bool) model.Property[S] {
	return model.Property[S]{Name: name, Kind: model.KindAlwaysEventually, Holds: pred}
}

// LeadsTo returns a liveness property: whenever p holds, q holds then or later (TLA+'s p ~> q).
// A violation is a state where p holds and q does not, from which a path and a fair loop
// follow along which q never holds.
func LeadsTo[S any](name string, p, q func(S) bool) model.Property[S] {
	return model.Property[S]{Name: name, Kind: model.KindLeadsTo, Holds: p, Then: q}
}

// Hot returns a hot/cold monitor, as in Coyote: the state is "hot" while something is owed —
// a request not yet answered, say — and must not stay hot forever. It is
// AlwaysEventually(not hot): exhaustive search reports a fair loop that stays hot; random walks
// report a walk that stays hot for longer than the bound (the monitor's temperature).
func Hot[S any](name string, hot func(S) bool) model.Property[S] {
	return AlwaysEventually(name, Not(hot))
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

// Reading returns p declared to read only the given actors (model.Property.Reads): at the actor
// layer their states, timers and whether they are up, and the messages in flight to them.
// Partial-order reduction may then reorder the steps of other actors freely; a property that
// reads more than it declares can miss violations under reduction.
func Reading[S any](p model.Property[S], actors ...model.NodeID) model.Property[S] {
	p.Reads = append([]model.NodeID{}, actors...)
	return p
}

package model

// Model is the spec layer: what every explorer searches. A model has initial states, the
// successors of a state (each labelled with an Action, in a deterministic order), a 64-bit
// fingerprint per state and the properties to check.
//
// A state of type S must be treated as immutable once emitted: explorers keep it in their
// frontier and hand it back to Next later. Value types (small structs of words) make the fastest
// models; pointer types work too, as long as Next builds new states instead of changing old ones.
type Model[S any] interface {
	// Init calls emit once for each initial state, in a deterministic order.
	Init(emit func(S))
	// Next calls emit once for each successor of s, with the action that leads to it, in a
	// deterministic order. For liveness, a path ends in a state with no successors other than
	// faults (Action.Kind.IsFault): faults may always stop.
	Next(s S, emit func(Action, S))
	// Fingerprint returns a 64-bit hash of s. Two states are the same state exactly when their
	// fingerprints are equal, so it must cover everything that influences the future.
	Fingerprint(s S) uint64
	// Properties returns the properties to check on every reachable state.
	Properties() []Property[S]
}

// Validator is implemented by what can check that it is well formed: models (explorers call
// Validate before they start and return its error) and the inputs of client operations (the
// history constructors of package checks refuse a malformed one).
type Validator interface {
	Validate() error
}

// Identified is implemented by models built from a named protocol and configuration, such as
// the built-in protocols. Traces record both, so that a saved counterexample can be rebuilt and
// replayed from the command line, and so that a trace of another configuration is refused.
type Identified interface {
	// Identity returns the protocol's name (as `distcheck list` prints it) and its parameters,
	// as flag name → value, including "bug" for a named buggy variant.
	Identity() (protocol string, params map[string]string)
}

// Actors is implemented by models whose states have a part per process (node, resource
// manager, client, ...). Renderers draw a column per actor.
type Actors[S any] interface {
	// ActorNames returns the names of the actors, in column order. Action.Node indexes it.
	ActorNames() []string
	// ActorState returns a short text of actor i's part of s.
	ActorState(s S, i int) string
}

package model

// Reducible is implemented by models that support partial-order reduction: in some states the
// explorer need follow only an ample subset of the enabled steps, and still reaches a state
// where each safety property (Always, Sometimes, the built-in ones) has the value it has in any
// reachable state (see package explore's documentation, "Partial-order reduction").
type Reducible[S any] interface {
	// CheckReduction reports why the model, as configured, cannot be reduced (a fault or an
	// adversary the reduction does not model), or nil.
	CheckReduction() error
	// Ample is given a state s and its successors as Next emitted them: acts[k] leads to
	// succs[k]. It returns, in a new slice or nil, the indices of an ample set — a subset of
	// the steps that satisfies the conditions the explorer's documentation lists (C0–C2:
	// not empty, closed under the steps that depend on it before any of it is taken, and
	// invisible to every property) — or nil when s must be expanded in full. The explorer adds
	// the cycle proviso (C3). It must be deterministic: a function of s alone.
	Ample(s S, acts []Action, succs []S) []int
}

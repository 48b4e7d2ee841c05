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
	//
	// fps, when not nil, holds the explorer's fingerprints of succs (under symmetry
	// reduction, their orbits'): among ample sets of one size, Ample then picks the one whose
	// successors' sorted fingerprints come first, so that the choice depends only on what the
	// fingerprints tell apart — under symmetry, on s's orbit and not on which of its states
	// the explorer holds, which keeps the counts the same with any number of workers.
	Ample(s S, acts []Action, succs []S, fps []uint64) []int
}

// ReducibleWithSymmetry is implemented by Reducible models that can be reduced by symmetry
// and partial-order reduction together. The explorer computes ample sets on the concrete
// states it holds and follows their successors' orbits; that needs the ample sets to commute
// with the renamings — the ample sets of a renamed state are the renamed ample sets — so that
// which state of an orbit the explorer holds changes nothing.
type ReducibleWithSymmetry interface {
	// CheckReductionWithSymmetry reports why the model's ample sets may not commute with its
	// renamings (what its properties read, or its declared topology, singles out some actors
	// of a group), or nil.
	CheckReductionWithSymmetry() error
}

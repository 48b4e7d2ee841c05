package model

import "github.com/distcheck/distcheck/model/value"

// Symmetric is implemented by models whose actors fall into groups of interchangeable ones —
// Raft's servers, Paxos' acceptors, TwoPhase's resource managers — so that renaming the actors
// of a group maps every behaviour to a behaviour. Exploring with symmetry reduction keeps one
// state per orbit (the states that such renamings map into one another): it fingerprints each
// state by CanonicalFingerprint instead of Model.Fingerprint, and keeps the concrete states in
// its frontier, so counterexamples are concrete paths that replay as they are.
//
// The reduction is sound when the renamings are automorphisms — the initial states and Next
// commute with them — and every property is invariant under them (a property about "node 0"
// is not). Tests check the first on small instances (see OrbitFingerprint).
type Symmetric[S any] interface {
	// CheckSymmetry returns nil if the model declares interchangeable actors and can be
	// reduced by symmetry, and otherwise an error that says why not.
	CheckSymmetry() error
	// SymmetryGroups returns the groups of interchangeable actors (indexes as in
	// Action.Node), each in increasing order; an actor is in at most one group.
	SymmetryGroups() [][]int
	// PermutedFingerprint returns the fingerprint of s with actor i renamed perm[i]; perm
	// permutes each group and is the identity beyond its length. With perm the identity it
	// tells states apart exactly as Model.Fingerprint does.
	PermutedFingerprint(s S, perm []int) uint64
	// CanonicalFingerprint returns a fingerprint that is the same for two states exactly when
	// a permutation of the groups maps one to the other. It is a function of the state alone,
	// so that every run, with any number of workers, counts the same states.
	CanonicalFingerprint(s S) uint64
	// OrbitSize returns the number of distinct states in s's orbit: GroupOrder of the groups
	// divided by the number of permutations that leave s as it is.
	OrbitSize(s S) float64
}

// OrbitFingerprint returns the least PermutedFingerprint of s over every permutation of m's
// groups — a canonical fingerprint by brute force — and the number of distinct fingerprints
// among them, the orbit's size. It is for tests of CanonicalFingerprint and OrbitSize on small
// instances: it tries the product of the groups' factorials.
func OrbitFingerprint[S any](m Symmetric[S], s S) (uint64, int) {
	best, first := uint64(0), true
	seen := map[uint64]bool{}
	Permutations(m.SymmetryGroups(), func(perm []int) {
		fp := m.PermutedFingerprint(s, perm)
		seen[fp] = true
		if first || fp < best {
			best, first = fp, false
		}
	})
	return best, len(seen)
}

// Permutations calls f with every permutation of the groups, as a slice p where p[i] is actor
// i's new index (the identity outside the groups, up to the largest actor in a group). f must
// not keep p.
func Permutations(groups [][]int, f func(p []int)) {
	size := 0
	for _, g := range groups {
		for _, a := range g {
			size = max(size, a+1)
		}
	}
	perm := make([]int, size)
	for i := range perm {
		perm[i] = i
	}
	var rec func(k int)
	rec = func(k int) {
		if k == len(groups) {
			f(perm)
			return
		}
		g := groups[k]
		EachPermutation(len(g), func(p []int) {
			for i, a := range g {
				perm[a] = g[p[i]]
			}
			rec(k + 1)
		})
		for _, a := range g {
			perm[a] = a
		}
	}
	rec(0)
}

// GroupOrder returns the number of permutations of the groups: the product of their sizes'
// factorials, the most states one orbit can hold.
func GroupOrder(groups [][]int) float64 {
	order := 1.0
	for _, g := range groups {
		for k := 2; k <= len(g); k++ {
			order *= float64(k)
		}
	}
	return order
}

// EachPermutation calls f with each permutation of 0..n-1 (Heap's algorithm). f must not
// keep the slice.
func EachPermutation(n int, f func([]int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	c := make([]int, n)
	f(p)
	for i := 0; i < n; {
		if c[i] < i {
			if i%2 == 0 {
				p[0], p[i] = p[i], p[0]
			} else {
				p[c[i]], p[i] = p[i], p[c[i]]
			}
			f(p)
			c[i]++
			i = 0
		} else {
			c[i] = 0
			i++
		}
	}
}

// SymmetricLiveness is implemented by Symmetric models whose liveness properties can be judged
// under symmetry reduction. Weak fairness is per class (FairnessClass), and renaming actors
// renames classes: the explorer records, on each edge of the graph of orbits, the renaming
// between the state it reached and the state it keeps for that orbit, and judges fairness on
// the concrete cycles those renamings compose to (see the explore package's documentation).
type SymmetricLiveness[S any] interface {
	// CanonicalPermutation returns a permutation perm (as in PermutedFingerprint) that maps s to
	// its orbit's representative: PermutedFingerprint(s, perm) == CanonicalFingerprint(s). The
	// caller may keep the slice.
	CanonicalPermutation(s S) []int
	// PermutedFairnessClass returns the class FairnessClass(a, f) would give the action a with
	// actor i renamed perm[i] everywhere in it (Node, From, and any actor inside its argument or
	// message). Classes are compared only with classes from this method, so they need not be
	// FairnessClass's numbers, but they must tell actions apart as FairnessClass does; perm is
	// the identity beyond its length, and nil is the identity.
	PermutedFairnessClass(a Action, f Fairness, perm []int) (class uint64, fair bool)
}

// PermutedActionClass is a PermutedFairnessClass: the class of a with actor i renamed perm[i]
// in Node, From and, if argIsActor, Arg, and its message hashed by hashMsg, which renames the
// actors inside it (nil: value.Hash, for messages that name no actor).
func PermutedActionClass(a Action, f Fairness, perm []int, argIsActor bool, hashMsg func(any) uint64) (uint64, bool) {
	re := func(id NodeID) NodeID {
		if id >= 0 && int(id) < len(perm) {
			return NodeID(perm[id])
		}
		return id
	}
	a.Node, a.From = re(a.Node), re(a.From)
	if argIsActor && a.HasArg {
		a.Arg = int(re(NodeID(a.Arg)))
	}
	if hashMsg == nil {
		hashMsg = value.Hash
	}
	return fairnessClass(a, f, hashMsg)
}

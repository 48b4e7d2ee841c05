package actor

import "github.com/distcheck/distcheck/model"

// CanonicalPermutation returns a renaming of s's nodes that maps s to the state its canonical
// fingerprint stands for: PermutedFingerprint(s, perm) == CanonicalFingerprint(s). The
// canonicalization it runs answers the next CanonicalFingerprint and OrbitSize of s too.
func (sys *System) CanonicalPermutation(s *State) []int {
	y, err := sys.sym()
	if err != nil {
		panic(err)
	}
	to := identity(len(sys.Nodes))
	fp, size := sys.canonicalize(y, s, to)
	y.orbits.put(s.fingerprint(), orbit{fp: fp, size: size})
	perm := make([]int, len(to))
	for i, x := range to {
		perm[i] = int(x)
	}
	return perm
}

// PermutedFairnessClass returns the fairness class of a with node i renamed perm[i]: in the
// action's node and sender, and everywhere in its message, timer or partition (found by type,
// as PermutedFingerprint finds them).
func (sys *System) PermutedFairnessClass(a model.Action, f model.Fairness, perm []int) (uint64, bool) {
	y, to := sys.renaming(perm)
	return model.PermutedActionClass(a, f, perm, false, func(m any) uint64 { return y.ren.Hash(m, to) })
}

var _ model.SymmetricLiveness[*State] = (*System)(nil)

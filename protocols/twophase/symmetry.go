package twophase

import "github.com/distcheck/distcheck/model"

// The resource managers are interchangeable: renaming them maps every behaviour of TwoPhase
// to one, and its properties speak of all RMs alike. Model implements model.Symmetric with
// them as one group (actors 1..N).

// rmCode packs RM r's part of s into four bits: its state, whether it is in tmPrepared, and
// whether its Prepared message is in msgs.
func (s State) rmCode(r int) uint8 {
	return uint8(s.RMState(r)) | uint8(s.TMPrepared>>r&1)<<2 | uint8(s.MsgPrepared>>r&1)<<3
}

// withRMCode sets RM r's part of s from its code.
func (s State) withRMCode(r int, c uint8) State {
	s = s.withRM(r, int(c&3))
	bit := uint32(1) << r
	s.TMPrepared = s.TMPrepared&^bit | uint32(c>>2&1)<<r
	s.MsgPrepared = s.MsgPrepared&^bit | uint32(c>>3&1)<<r
	return s
}

// CheckSymmetry returns nil: TwoPhase is symmetric in its RMs.
func (m *Model) CheckSymmetry() error { return nil }

// SymmetryGroups returns the RMs, actors 1 to N, as one group.
func (m *Model) SymmetryGroups() [][]int {
	g := make([]int, m.rms)
	for r := range g {
		g[r] = r + 1
	}
	return [][]int{g}
}

// PermutedFingerprint returns the fingerprint of s with RM actor i renamed perm[i].
func (m *Model) PermutedFingerprint(s State, perm []int) uint64 {
	t := s
	for r := range m.rms {
		to := r
		if r+1 < len(perm) {
			to = perm[r+1] - 1
		}
		t = t.withRMCode(to, s.rmCode(r))
	}
	return m.Fingerprint(t)
}

// canonical returns the representative of s's orbit — the RMs' codes in increasing order —
// and the number of RMs with each code.
func (m *Model) canonical(s State) (State, [16]int) {
	var count [16]int
	for r := range m.rms {
		count[s.rmCode(r)]++
	}
	t, r := s, 0
	for c := range count {
		for range count[c] {
			t = t.withRMCode(r, uint8(c))
			r++
		}
	}
	return t, count
}

// CanonicalFingerprint returns the fingerprint of s with its RMs sorted by their codes.
func (m *Model) CanonicalFingerprint(s State) uint64 {
	t, _ := m.canonical(s)
	return m.Fingerprint(t)
}

// OrbitSize returns the number of ways to place s's RM codes: N! over the product of the
// factorials of each code's count.
func (m *Model) OrbitSize(s State) float64 {
	_, count := m.canonical(s)
	size, n := 1.0, 0
	for _, k := range count {
		for i := 1; i <= k; i++ {
			n++
			size = size * float64(n) / float64(i)
		}
	}
	return size
}

// CanonicalPermutation returns the renaming that sorts s's RMs by their codes as canonical
// does: RM actor r+1 goes to the place of its code, ties kept in order.
func (m *Model) CanonicalPermutation(s State) []int {
	var count [16]int
	for r := range m.rms {
		count[s.rmCode(r)]++
	}
	var start [16]int
	for c := 1; c < len(start); c++ {
		start[c] = start[c-1] + count[c-1]
	}
	perm := make([]int, m.rms+1)
	for r := range m.rms {
		c := s.rmCode(r)
		perm[r+1] = start[c] + 1
		start[c]++
	}
	return perm
}

// PermutedFairnessClass returns the fairness class of a with its RMs renamed by perm: an RM is
// named by the action's Node and, for the RM's and TMRcvPrepared's steps, its argument.
func (m *Model) PermutedFairnessClass(a model.Action, f model.Fairness, perm []int) (uint64, bool) {
	return model.PermutedActionClass(a, f, perm, true, nil)
}

var (
	_ model.Symmetric[State]         = (*Model)(nil)
	_ model.SymmetricLiveness[State] = (*Model)(nil)
)

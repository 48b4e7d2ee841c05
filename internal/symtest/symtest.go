// Package symtest checks a model's symmetry reduction against brute force, for tests: on a
// small instance it enumerates the reachable states, computes each one's orbit by trying every
// permutation, and compares with the model's canonical fingerprints and with explorations
// under symmetry reduction with one and two workers.
package symtest

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/require"
)

// Model is a model with symmetry.
type Model[S any] interface {
	model.Model[S]
	model.Symmetric[S]
}

// Reachable returns the states reachable in m, one per fingerprint, by a plain breadth-first
// search written for this check (not the explorer's).
func Reachable[S any](m model.Model[S]) []S {
	seen := map[uint64]bool{}
	var states []S
	add := func(s S) {
		if fp := m.Fingerprint(s); !seen[fp] {
			seen[fp] = true
			states = append(states, s)
		}
	}
	m.Init(add)
	for i := 0; i < len(states); i++ {
		m.Next(states[i], func(_ model.Action, t S) { add(t) })
	}
	return states
}

// Counts are what CheckOrbits measured.
type Counts struct {
	// States is the number of reachable states, Orbits the number of their orbits.
	States, Orbits int
}

// CheckOrbits checks m's symmetry on every reachable state: every permutation of a reachable
// state is reachable (the renamings are automorphisms, as far as the reachable states show),
// CanonicalFingerprint tells two states apart exactly when brute force puts them in different
// orbits, OrbitSize is the orbit's size, for a model.SymmetricLiveness its canonical
// renamings and renamed fairness classes agree with the renamed states' (see checkRenamings),
// and BFS under symmetry reduction, with one worker and
// with two, counts exactly the orbits and represents exactly the states.
func CheckOrbits[S any](t testing.TB, m Model[S]) Counts {
	t.Helper()
	require.NoError(t, m.CheckSymmetry())
	states := Reachable[S](m)
	groups := m.SymmetryGroups()
	identity := map[uint64]bool{}
	for _, s := range states {
		identity[m.PermutedFingerprint(s, nil)] = true
	}
	require.Len(t, identity, len(states), "the identity permutation must tell states apart as Fingerprint does")
	byBrute := map[uint64]uint64{} // brute-force orbit fingerprint → canonical fingerprint
	byCanon := map[uint64]uint64{}
	for _, s := range states {
		model.Permutations(groups, func(p []int) {
			if !identity[m.PermutedFingerprint(s, p)] {
				t.Fatalf("permutation %v of a reachable state is not reachable: the declared symmetry does not hold", p)
			}
		})
		brute, size := model.OrbitFingerprint[S](m, s)
		canon := m.CanonicalFingerprint(s)
		if c, ok := byBrute[brute]; ok && c != canon {
			t.Fatalf("two states of one orbit have canonical fingerprints %x and %x", c, canon)
		}
		if b, ok := byCanon[canon]; ok && b != brute {
			t.Fatalf("states of two orbits share canonical fingerprint %x", canon)
		}
		byBrute[brute], byCanon[canon] = canon, brute
		require.Equal(t, float64(size), m.OrbitSize(s), "orbit size")
	}
	if sl, ok := m.(model.SymmetricLiveness[S]); ok {
		checkRenamings[S](t, m, sl, states)
	}
	for _, workers := range []int{1, 2} {
		res, err := explore.Run(context.Background(), model.Model[S](m), explore.Options{Workers: workers, Symmetry: true, CollectAll: true})
		require.NoError(t, err)
		require.Equal(t, explore.StopComplete, res.Stopped)
		require.Equal(t, int64(len(byBrute)), res.Distinct, "distinct states under symmetry with %d workers vs orbits by brute force", workers)
		require.Equal(t, int64(len(states)), res.Represented, "states represented with %d workers", workers)
	}
	return Counts{States: len(states), Orbits: len(byBrute)}
}

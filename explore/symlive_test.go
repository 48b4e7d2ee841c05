package explore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/symtest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// crowd is a random model of n interchangeable actors, each in a local state 0..locals-1 (a
// state packs them in base locals). An actor's steps depend on its own local state and on how
// many others are in local state 0, a context no renaming changes: it may move to a new local
// state, or move and set another actor that is in a given local state to another (once per
// such actor, naming it in Arg). So every renaming of the actors is an automorphism, and the
// search under symmetry must reach the verdicts of the plain search.
type crowd struct {
	n, locals int
	// moves[l][k] are the steps of an actor in local state l with k others in local state 0.
	moves [][][]crowdMove
	props []model.Property[int]
	fair  model.Fairness
	init  []int
}

// crowdMove: the actor moves to To; if Poke, it also sets an actor in local state From to Set.
type crowdMove struct {
	To        int
	Poke      bool
	From, Set int
}

func (c *crowd) local(s, i int) int {
	for range i {
		s /= c.locals
	}
	return s % c.locals
}

func (c *crowd) with(s, i, l int) int {
	p := 1
	for range i {
		p *= c.locals
	}
	return s + (l-c.local(s, i))*p
}

func (c *crowd) count(s, l int) int {
	k := 0
	for i := range c.n {
		if c.local(s, i) == l {
			k++
		}
	}
	return k
}

func (c *crowd) Init(emit func(int)) {
	for _, s := range c.init {
		emit(s)
	}
}

func (c *crowd) Next(s int, emit func(model.Action, int)) {
	for i := range c.n {
		l := c.local(s, i)
		k := c.count(s, 0)
		if l == 0 {
			k--
		}
		for m, mv := range c.moves[l][k] {
			t := c.with(s, i, mv.To)
			name := fmt.Sprintf("m%d", m)
			if !mv.Poke {
				emit(model.Step(name, model.NodeID(i)), t)
				continue
			}
			for j := range c.n {
				if j != i && c.local(s, j) == mv.From {
					emit(model.StepArg(name, model.NodeID(i), j), c.with(t, j, mv.Set))
				}
			}
		}
	}
}

func (c *crowd) Fingerprint(s int) uint64          { return uint64(s) + 1 }
func (c *crowd) Properties() []model.Property[int] { return c.props }
func (c *crowd) Fairness() model.Fairness          { return c.fair }
func (c *crowd) CheckSymmetry() error              { return nil }
func (c *crowd) SymmetryGroups() [][]int {
	g := make([]int, c.n)
	for i := range g {
		g[i] = i
	}
	return [][]int{g}
}

func (c *crowd) permuted(s int, perm []int) int {
	t := 0
	for i := range c.n {
		t = c.with(t, perm[i], c.local(s, i))
	}
	return t
}

func (c *crowd) PermutedFingerprint(s int, perm []int) uint64 {
	if perm == nil {
		return c.Fingerprint(s)
	}
	return c.Fingerprint(c.permuted(s, perm))
}

// canonical returns the least renaming of s, by brute force, and a renaming that gives it.
func (c *crowd) canonical(s int) (int, []int) {
	best, arg := -1, []int(nil)
	model.Permutations(c.SymmetryGroups(), func(p []int) {
		if t := c.permuted(s, p); best < 0 || t < best {
			best, arg = t, append([]int(nil), p...)
		}
	})
	return best, arg
}

func (c *crowd) CanonicalFingerprint(s int) uint64 {
	t, _ := c.canonical(s)
	return c.Fingerprint(t)
}

func (c *crowd) CanonicalPermutation(s int) []int {
	_, p := c.canonical(s)
	return p
}

func (c *crowd) OrbitSize(s int) float64 {
	_, size := model.OrbitFingerprint[int](c, s)
	return float64(size)
}

func (c *crowd) PermutedFairnessClass(a model.Action, f model.Fairness, perm []int) (uint64, bool) {
	return model.PermutedActionClass(a, f, perm, true, nil)
}

func drawCrowd(t *rapid.T) *crowd {
	c := &crowd{n: rapid.IntRange(2, 4).Draw(t, "n"), locals: rapid.IntRange(2, 3).Draw(t, "locals")}
	c.fair = model.Fairness(rapid.IntRange(0, 2).Draw(t, "fairness"))
	c.moves = make([][][]crowdMove, c.locals)
	for l := range c.moves {
		c.moves[l] = make([][]crowdMove, c.n)
		for k := range c.moves[l] {
			for range rapid.IntRange(0, 2).Draw(t, "moves") {
				mv := crowdMove{To: rapid.IntRange(0, c.locals-1).Draw(t, "to")}
				if rapid.IntRange(0, 2).Draw(t, "poke") == 0 {
					mv.Poke = true
					mv.From = rapid.IntRange(0, c.locals-1).Draw(t, "from")
					mv.Set = rapid.IntRange(0, c.locals-1).Draw(t, "set")
				}
				c.moves[l][k] = append(c.moves[l][k], mv)
			}
		}
	}
	c.init = []int{0}
	if rapid.Bool().Draw(t, "two inits") {
		c.init = append(c.init, c.with(0, c.n-1, 1))
	}
	goal := rapid.IntRange(1, c.locals-1).Draw(t, "goal")
	need := rapid.IntRange(1, c.n).Draw(t, "need")
	reached := func(s int) bool { return c.count(s, goal) >= need }
	switch rapid.IntRange(0, 2).Draw(t, "kind") {
	case 0:
		c.props = []model.Property[int]{properties.Eventually("Goal", reached)}
	case 1:
		c.props = []model.Property[int]{properties.AlwaysEventually("Goal", reached)}
	default:
		c.props = []model.Property[int]{properties.LeadsTo("Goal", func(s int) bool { return c.count(s, 0) < c.n }, reached)}
	}
	return c
}

// TestLivenessUnderSymmetryKeepsTheVerdict: on random models of interchangeable actors, with
// each fairness and each kind of liveness property, BFS under symmetry reduction (one and two
// workers) and DFS under it find a liveness violation exactly when BFS without it does, and
// every lasso they report is a concrete, fair lasso that replays.
func TestLivenessUnderSymmetryKeepsTheVerdict(t *testing.T) {
	var violated, held int
	rapid.Check(t, func(t *rapid.T) {
		c := drawCrowd(t)
		if symtest.CompareLiveness[int](t, c, explore.Options{}).OK() {
			held++
		} else {
			violated++
		}
	})
	t.Logf("%d models violated, %d held", violated, held)
}

// plainSymmetric is a crowd that declares its symmetry but cannot rename fairness classes.
type plainSymmetric struct{ c *crowd }

func (p plainSymmetric) Init(emit func(int))                      { p.c.Init(emit) }
func (p plainSymmetric) Next(s int, emit func(model.Action, int)) { p.c.Next(s, emit) }
func (p plainSymmetric) Fingerprint(s int) uint64                 { return p.c.Fingerprint(s) }
func (p plainSymmetric) Properties() []model.Property[int]        { return p.c.Properties() }
func (p plainSymmetric) CheckSymmetry() error                     { return nil }
func (p plainSymmetric) SymmetryGroups() [][]int                  { return p.c.SymmetryGroups() }
func (p plainSymmetric) PermutedFingerprint(s int, perm []int) uint64 {
	return p.c.PermutedFingerprint(s, perm)
}
func (p plainSymmetric) CanonicalFingerprint(s int) uint64 { return p.c.CanonicalFingerprint(s) }
func (p plainSymmetric) OrbitSize(s int) float64           { return p.c.OrbitSize(s) }

// A model whose fairness classes cannot be renamed is refused symmetry with liveness in one
// line when it is asked for, and searched in full when AutoReduce would have turned it on.
func TestLivenessUnderSymmetryNeedsRenamedClasses(t *testing.T) {
	c := &crowd{n: 2, locals: 2, init: []int{0}, moves: [][][]crowdMove{{{{To: 1}}, {{To: 1}}}, {nil, nil}}}
	c.props = []model.Property[int]{properties.Eventually("Goal", func(s int) bool { return c.count(s, 1) == 2 })}
	m := plainSymmetric{c}
	_, err := explore.Run(context.Background(), model.Model[int](m), explore.Options{Symmetry: true})
	require.EqualError(t, err, `explore: Symmetry: liveness property "Goal" cannot be checked under symmetry reduction: the model cannot rename its fairness classes (it is not a model.SymmetricLiveness)`)
	res, err := explore.Run(context.Background(), model.Model[int](m), explore.Options{AutoReduce: explore.AllReductions})
	require.NoError(t, err)
	require.False(t, res.Options.Symmetry)
	require.True(t, res.OK())
	require.EqualValues(t, 4, res.Distinct)
	// The crowd itself can: AutoReduce turns symmetry on, and the two mixed states are one orbit.
	res, err = explore.Run(context.Background(), model.Model[int](c), explore.Options{AutoReduce: explore.AllReductions})
	require.NoError(t, err)
	require.True(t, res.Options.Symmetry)
	require.True(t, res.OK())
	require.EqualValues(t, 3, res.Distinct)
}

package actor_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// stepper counts its timer's firings up to K.
type stepper struct{ C, K int }

type stepTick struct{}

func (n *stepper) Init(ctx actor.Context)                            { ctx.SetTimer(stepTick{}, 0) }
func (n *stepper) Handle(actor.Context, model.NodeID, actor.Message) {}
func (n *stepper) Timeout(ctx actor.Context, _ actor.Timer) {
	if n.C++; n.C < n.K {
		ctx.SetTimer(stepTick{}, 0)
	}
}

// steppers is n interchangeable steppers that count to k, which nothing reads, and a counter
// (node n) that the property reads and that nothing sends to.
func steppers(n, k int) *actor.System {
	sys := &actor.System{SendsTo: make([][]model.NodeID, n+1)}
	var group []model.NodeID
	for i := range n {
		sys.Nodes = append(sys.Nodes, &stepper{K: k})
		group = append(group, model.NodeID(i))
	}
	sys.Nodes = append(sys.Nodes, &counter{})
	sys.Symmetry = [][]model.NodeID{group}
	sys.Props = []model.Property[*actor.State]{
		properties.Reading(properties.Always("nothing counted", func(s *actor.State) bool {
			return actor.NodeAs[*counter](s, model.NodeID(n)).N == 0
		}), model.NodeID(n)),
	}
	return sys
}

// Hand count for n steppers counting to k: without reduction every vector of counts, (k+1)^n
// states; with symmetry every multiset of counts, C(n+k, n); with POR one stepper's tick is an
// ample set everywhere (nobody reads or sends to it), so each level of the BFS holds one state,
// 1 + n·k states; with both, still one orbit per level, 1 + n·k — whichever stepper each ample
// set holds. Each count is the same with one and two workers.
func TestPORWithSymmetryCountsSteppersByHand(t *testing.T) {
	const n, k = 3, 3
	for _, c := range []struct {
		name     string
		sym, por bool
		want     int64
	}{
		{"plain", false, false, 64},   // 4^3
		{"symmetry", true, false, 20}, // C(6, 3)
		{"POR", false, true, 1 + n*k},
		{"both", true, true, 1 + n*k},
	} {
		for _, workers := range []int{1, 2} {
			res := run(t, steppers(n, k), explore.Options{Workers: workers, Symmetry: c.sym, POR: c.por})
			assert.Equal(t, c.want, res.Stats.Distinct, "%s, %d workers", c.name, workers)
			assert.True(t, res.Stats.Exhaustive, c.name)
			assert.Empty(t, res.Violations, c.name)
			if c.por {
				assert.Positive(t, res.Stats.Pruned, c.name)
			}
		}
	}
}

// ampleOrbits returns the sorted canonical fingerprints of the successors in s's ample set,
// or nil when s is expanded in full; the tie between ample sets of one size is broken by the
// successors' canonical fingerprints when byOrbit is set, and by node order otherwise.
func ampleOrbits(sys *actor.System, s *actor.State, byOrbit bool) []uint64 {
	var acts []model.Action
	var succs []*actor.State
	var fps []uint64
	sys.Next(s, func(a model.Action, t *actor.State) {
		acts, succs, fps = append(acts, a), append(succs, t), append(fps, sys.CanonicalFingerprint(t))
	})
	var ample []int
	if byOrbit {
		ample = sys.Ample(s, acts, succs, fps)
	} else {
		ample = sys.Ample(s, acts, succs, nil)
	}
	var out []uint64
	for _, k := range ample {
		out = append(out, fps[k])
	}
	slices.Sort(out)
	return out
}

// The ample sets commute with the renamings: every state of an orbit has ample sets whose
// successors fall into the same orbits, when the tie between sets of one size is broken by the
// orbits' fingerprints (as the explorer does under symmetry). Broken by node order, they do
// not — (1,0,0) would step its first stepper to (2,0,0), and (0,1,0) its first to (1,1,0) —
// and two workers that stored different states of one orbit would keep different states.
func TestPORAmpleSetsCommuteWithRenamings(t *testing.T) {
	sys := steppers(3, 2)
	require.NoError(t, sys.CheckReductionWithSymmetry())
	var all []*actor.State
	seen := map[uint64]bool{}
	var visit func(s *actor.State)
	visit = func(s *actor.State) {
		if fp := sys.Fingerprint(s); !seen[fp] {
			seen[fp] = true
			all = append(all, s)
			sys.Next(s, func(_ model.Action, t *actor.State) { visit(t) })
		}
	}
	sys.Init(visit)
	require.Len(t, all, 27) // 3^3
	for _, byOrbit := range []bool{true, false} {
		choice := map[uint64][]uint64{}
		differ := 0
		for _, s := range all {
			o, got := sys.CanonicalFingerprint(s), ampleOrbits(sys, s, byOrbit)
			if want, ok := choice[o]; !ok {
				choice[o] = got
			} else if !slices.Equal(want, got) {
				differ++
			}
		}
		if byOrbit {
			assert.Zero(t, differ, "states of one orbit whose ample sets lead to different orbits")
		} else {
			assert.Positive(t, differ, "node order breaks ties differently within an orbit")
		}
	}
}

// The combination is refused, in one line, where ample sets could not commute with renamings:
// a property reads some nodes of a group and not the others, or the declared topology singles
// a node of a group out.
func TestPORWithSymmetryRefusesAsymmetricDeclarations(t *testing.T) {
	reads := steppers(3, 1)
	reads.Props = append(reads.Props, properties.Reading(properties.Always("first", func(*actor.State) bool { return true }), 0))
	topology := steppers(3, 1)
	topology.SendsTo[0] = []model.NodeID{3}
	for name, c := range map[string]struct {
		sys  *actor.System
		want string
	}{"reads": {reads, "whole groups"}, "topology": {topology, "SendsTo"}} {
		err := c.sys.CheckReductionWithSymmetry()
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), c.want, name)
		_, err = explore.Run(t.Context(), c.sys, explore.Options{Symmetry: true, POR: true})
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), "\n", name)
		assert.Contains(t, err.Error(), c.want, name)
		_, err = explore.Run(t.Context(), c.sys, explore.Options{POR: true})
		assert.NoError(t, err, "%s: POR alone is sound", name)
	}
}

// Options.AutoReduce turns each reduction on where it is sound and leaves it off, without an
// error, where it is not: both on the steppers under BFS; symmetry alone under DFS and with a
// liveness property (judged on the orbits) and where the declarations are asymmetric (POR
// with symmetry is not sound there); neither in random walks.
func TestAutoReduceTurnsOnWhatIsSound(t *testing.T) {
	const n, k = 3, 3
	live := steppers(n, k)
	live.Props = append(live.Props, properties.Reading(properties.Eventually("counted", func(*actor.State) bool { return true }), model.NodeID(n)))
	asym := steppers(n, k)
	asym.SendsTo[0] = []model.NodeID{model.NodeID(n)}
	for _, c := range []struct {
		name     string
		sys      *actor.System
		strategy explore.Strategy
		sym, por bool
		distinct int64
	}{
		{"bfs", steppers(n, k), explore.BFS, true, true, 1 + n*k},
		{"dfs", steppers(n, k), explore.DFS, true, false, 20},
		{"liveness", live, explore.BFS, true, false, 20},
		{"asymmetric topology", asym, explore.BFS, true, false, 20},
	} {
		res := run(t, c.sys, explore.Options{Workers: 1, Strategy: c.strategy, AutoReduce: explore.AllReductions})
		assert.Equal(t, c.sym, res.Options.Symmetry, "%s: symmetry", c.name)
		assert.Equal(t, c.por, res.Options.POR, "%s: POR", c.name)
		assert.Equal(t, c.distinct, res.Stats.Distinct, c.name)
	}
	walks := run(t, steppers(n, k), explore.Options{Workers: 1, Strategy: explore.Random, Walks: 10, AutoReduce: explore.AllReductions})
	assert.False(t, walks.Options.Symmetry || walks.Options.POR, "random walks: no reduction")
	// POR asked for, symmetry automatic: symmetry stays off rather than make POR fail.
	res := run(t, asym, explore.Options{Workers: 1, POR: true, AutoReduce: explore.SymmetryReduction})
	assert.True(t, res.Options.POR)
	assert.False(t, res.Options.Symmetry)
}

// The cycle proviso on orbits: two interchangeable togglers' invisible timers are an ample set
// everywhere (no node sends to them), and their states lead back to orbits already reached —
// some by a step that only swaps the two togglers' roles, a self-loop among orbits. The
// delivery to node 2, visible and breaking the invariant, must still be taken.
func TestPORWithSymmetryProvisoTakesPostponedSteps(t *testing.T) {
	sys := &actor.System{
		Nodes:    []actor.Node{&toggler{}, &toggler{}, &receiver{Got: make([]bool, 1)}, &pairSender{To: 2, K: 1}},
		SendsTo:  [][]model.NodeID{{}, {}, {}, {2}},
		Symmetry: [][]model.NodeID{{0, 1}},
		Props: []model.Property[*actor.State]{
			properties.Reading(properties.Always("nothing received", func(s *actor.State) bool {
				return !actor.NodeAs[*receiver](s, 2).Got[0]
			}), 2),
		},
	}
	for _, workers := range []int{1, 2} {
		res := run(t, sys, explore.Options{Workers: workers, Symmetry: true, POR: true})
		require.Len(t, res.Violations, 1, "workers=%d", workers)
		assert.Equal(t, "nothing received", res.Violations[0].Property)
		assert.Positive(t, res.Stats.Reduced, "workers=%d", workers)
	}
}

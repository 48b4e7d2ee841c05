package explore_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

var sampled = []explore.Strategy{explore.Random, explore.PCT, explore.Swarm, explore.Coverage}

func TestStrategiesParseByName(t *testing.T) {
	for _, s := range append([]explore.Strategy{explore.BFS, explore.DFS}, sampled...) {
		got, err := explore.ParseStrategy(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	for _, s := range sampled {
		assert.True(t, s.Sampled(), s.String())
	}
	assert.False(t, explore.BFS.Sampled())
	assert.False(t, explore.DFS.Sampled())
	_, err := explore.ParseStrategy("fuzz")
	assert.ErrorContains(t, err, "pct, swarm or coverage")
}

// lock is a combination lock: a dial at 0…n that one action turns forward and `resets`
// actions turn back to 0. Only n forward turns in a row open it, which a uniform walk does
// with probability (1/(resets+1))^n at each try.
type lock struct{ n, resets int }

func (l *lock) Init(emit func(int)) { emit(0) }
func (l *lock) Next(s int, emit func(model.Action, int)) {
	if s < l.n {
		emit(model.Step("turn", 0), s+1)
	}
	for i := range l.resets {
		emit(model.StepArg("reset", 0, i), 0)
	}
}
func (l *lock) Fingerprint(s int) uint64 { return uint64(s) + 1 }
func (l *lock) Properties() []model.Property[int] {
	return []model.Property[int]{properties.Always("closed", func(s int) bool { return s < l.n })}
}

func TestCoverageWalksOpenACombinationLockThatUniformWalksCannot(t *testing.T) {
	l := &lock{n: 25, resets: 3}
	o := explore.Options{Walks: 3000, MaxDepth: 60, Stabilize: 59, Workers: 1}
	o.Strategy = explore.Random
	res, err := explore.Run(context.Background(), l, o)
	require.NoError(t, err)
	assert.True(t, res.OK(), "uniform walks open it with probability about 35·4^-25 per walk")
	o.Strategy = explore.Coverage
	res, err = explore.Run(context.Background(), l, o)
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	assert.GreaterOrEqual(t, res.Violations[0].Path.Len(), 25)
}

func TestSampledStrategiesAreReproducible(t *testing.T) {
	g := &grid{n: 30, props: []model.Property[point]{
		properties.Always("not in the corner", func(p point) bool { return p.x < 20 || p.y < 20 }),
	}}
	for _, s := range sampled {
		t.Run(s.String(), func(t *testing.T) {
			workers := []int{1, 2}
			if s == explore.Coverage {
				workers = []int{1} // its corpus depends on the order walks finish in
			}
			var first *explore.Result[point]
			for _, w := range workers {
				for range 2 {
					res, err := explore.Run(context.Background(), g, explore.Options{Strategy: s, Seed: 7, Walks: 5000, Workers: w})
					require.NoError(t, err)
					require.Len(t, res.Violations, 1)
					if first == nil {
						first = res
						continue
					}
					assert.Equal(t, first.Violations[0].Walk, res.Violations[0].Walk)
					assert.Equal(t, first.Violations[0].Path, res.Violations[0].Path)
				}
			}
		})
	}
}

// racers are actors that each count to n: actor i's only step is "inc".
type racers struct{ actors, n int }

func (r *racers) Init(emit func([4]int)) { emit([4]int{}) }
func (r *racers) Next(s [4]int, emit func(model.Action, [4]int)) {
	for i := range r.actors {
		if s[i] < r.n {
			t := s
			t[i]++
			emit(model.Step("inc", model.NodeID(i)), t)
		}
	}
}
func (r *racers) Fingerprint(s [4]int) uint64 {
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 | 1<<40
}
func (r *racers) Properties() []model.Property[[4]int] {
	return []model.Property[[4]int]{properties.Always("not done", func(s [4]int) bool {
		return s[0]+s[1]+s[2]+s[3] < r.actors*r.n
	})}
}

// switches counts how often consecutive steps of a path are taken by different actors.
func switches(p explore.Path[[4]int]) int {
	n := 0
	for i := 1; i < len(p.Steps); i++ {
		if p.Steps[i].Action.Node != p.Steps[i-1].Action.Node {
			n++
		}
	}
	return n
}

// fullRun returns the path of one walk that runs every actor to the end.
func fullRun(t *testing.T, r *racers, o explore.Options) explore.Path[[4]int] {
	t.Helper()
	o.Walks, o.MaxDepth, o.Stabilize, o.Workers = 1, r.actors*r.n+1, r.actors*r.n, 1
	res, err := explore.Run(context.Background(), r, o)
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	return res.Violations[0].Path
}

func TestPCTRunsTheHighestPriorityActorAndChangesPriorityAtMostDMinus1Times(t *testing.T) {
	// Under fixed priorities an actor runs until it has nothing left to do, so a walk has
	// one run per actor; each of the d-1 change points splits at most one run in two.
	r := &racers{actors: 3, n: 5}
	for _, d := range []int{1, 2, 3} {
		most := 0
		for seed := range uint64(40) {
			p := fullRun(t, r, explore.Options{Strategy: explore.PCT, PCTDepth: d, Seed: seed})
			n := switches(p)
			assert.LessOrEqual(t, n, r.actors-1+d-1, "d=%d seed %d", d, seed)
			if d == 1 {
				assert.Equal(t, r.actors-1, n, "seed %d", seed)
			}
			most = max(most, n)
		}
		assert.Equal(t, r.actors-1+d-1, most, "d=%d: some walk uses every change point", d)
	}
	most := 0
	for seed := range uint64(40) {
		most = max(most, switches(fullRun(t, r, explore.Options{Strategy: explore.Random, Seed: seed})))
	}
	assert.Greater(t, most, r.actors+1, "uniform walks interleave more")
}

func TestSwarmConfigurationsNarrowFaults(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	disabled, enabled := 0, 0
	for range 200 {
		c := explore.DrawSwarmConfig(rng)
		for _, k := range []model.ActionKind{model.ActionDrop, model.ActionDuplicate, model.ActionCrash, model.ActionPartition, model.ActionByzantine} {
			if c.Budget[k] == 0 {
				disabled++
			} else {
				enabled++
				assert.LessOrEqual(t, c.Budget[k], 4)
			}
		}
		assert.Zero(t, c.Budget[model.ActionDeliver], "deliveries are never limited")
	}
	assert.InDelta(t, 500, disabled, 100)
	assert.InDelta(t, 500, enabled, 100)
}

package twophase_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// The reference counts are TLC's for TwoPhase.tla (SPIN and Stateright agree): 3 RMs give 288
// distinct states, 1,146 generated, depth 11 (the initial state is depth 1); 5 RMs give 8,832
// distinct states. They must not depend on the strategy or the number of workers.
func TestStateCountsMatchTLC(t *testing.T) {
	cases := []struct {
		rms       int
		distinct  int64
		generated int64 // 0: no reference
		depth     int   // 0: no reference
	}{
		{rms: 3, distinct: 288, generated: 1146, depth: 11},
		{rms: 5, distinct: 8832},
	}
	for _, c := range cases {
		m, err := twophase.New(c.rms, bugs.None)
		require.NoError(t, err)
		for _, o := range []explore.Options{
			{Strategy: explore.BFS, Workers: 1},
			{Strategy: explore.BFS, Workers: 2},
			{Strategy: explore.DFS},
		} {
			t.Run(fmt.Sprintf("rms=%d/%s/%d", c.rms, o.Strategy, o.Workers), func(t *testing.T) {
				res, err := explore.Run(context.Background(), m, o)
				require.NoError(t, err)
				assert.True(t, res.OK(), "%v", res.Violations)
				assert.True(t, res.Exhaustive)
				assert.Equal(t, c.distinct, res.Distinct)
				if c.generated > 0 {
					assert.Equal(t, c.generated, res.Generated)
				}
				if c.depth > 0 && o.Strategy == explore.BFS {
					assert.Equal(t, c.depth, res.MaxDepth)
				}
			})
		}
	}
}

// Every strategy and worker count generates the same number of states, because each distinct
// state is expanded exactly once.
func TestGeneratedCountDoesNotDependOnStrategy(t *testing.T) {
	m, err := twophase.New(5, bugs.None)
	require.NoError(t, err)
	var counts []int64
	for _, o := range []explore.Options{{Workers: 1}, {Workers: 2}, {Workers: 3}, {Strategy: explore.DFS}} {
		res, err := explore.Run(context.Background(), m, o)
		require.NoError(t, err)
		counts = append(counts, res.Generated)
	}
	for _, c := range counts[1:] {
		assert.Equal(t, counts[0], c)
	}
}

// The early-commit bug breaks TCConsistent. The shortest counterexample has 5 steps (derived by
// hand from the spec): RM r prepares, the TM receives it and commits, r receives the commit, and
// another RM, still working, chooses to abort. BFS must find one of that length whatever the
// number of workers (with several, which of the equally short ones it reports may vary).
func TestEarlyCommitBreaksTCConsistentInFiveSteps(t *testing.T) {
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	for _, w := range []int{1, 2} {
		res, err := explore.Run(context.Background(), m, explore.Options{Workers: w})
		require.NoError(t, err)
		require.Len(t, res.Violations, 1)
		v := res.Violations[0]
		assert.Equal(t, "TCConsistent", v.Property)
		assert.Equal(t, 5, v.Path.Len())
		var names []string
		for _, st := range v.Path.Steps {
			names = append(names, st.Action.Name)
		}
		assert.ElementsMatch(t, []string{"RMPrepare", "TMRcvPrepared", "TMCommit", "RMRcvCommitMsg", "RMChooseToAbort"}, names)
		assert.Equal(t, uint8(twophase.TMCommitted), v.Path.Last().TM)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := twophase.New(0, bugs.None)
	assert.ErrorContains(t, err, "rms is 0")
	_, err = twophase.New(twophase.MaxRMs+1, bugs.None)
	assert.ErrorContains(t, err, "rms is 33")
	_, err = twophase.New(3, "nope")
	assert.ErrorContains(t, err, `unknown bug "nope"`)
}

func benchmarkTwoPhase(b *testing.B, rms int, workers int) {
	m, err := twophase.New(rms, bugs.None)
	require.NoError(b, err)
	var res *explore.Result[twophase.State]
	for b.Loop() {
		res, err = explore.Run(context.Background(), m, explore.Options{Workers: workers})
		require.NoError(b, err)
	}
	b.ReportMetric(float64(res.Distinct), "distinct")
	b.ReportMetric(float64(res.Distinct)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
	b.ReportMetric(float64(res.VisitedBytes)/float64(res.Distinct), "visited-bytes/state")
}

// BenchmarkTwoPhase7 explores TwoPhase with 7 RMs (296,448 distinct states).
func BenchmarkTwoPhase7(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) { benchmarkTwoPhase(b, 7, w) })
	}
}

// BenchmarkTwoPhase8 explores TwoPhase with 8 RMs (1,745,408 distinct states).
func BenchmarkTwoPhase8(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) { benchmarkTwoPhase(b, 8, w) })
	}
}

// BenchmarkCPULoop is the reference for the workers' speed-up: the same fixed amount of pure
// arithmetic (no memory traffic) split over 1 and 2 goroutines. Run it in the same
// `go test -bench 'TwoPhase8|CPULoop'` as BenchmarkTwoPhase8: the ratio of its two times is
// what the machine's CPUs can give at that moment, the bound for the explorer's ratio.
func BenchmarkCPULoop(b *testing.B) {
	const work = 1 << 28
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			for b.Loop() {
				sums := make([]uint64, w)
				done := make(chan struct{})
				for g := range w {
					go func() {
						x := uint64(g) + 1
						for range work / w {
							x ^= x << 13
							x ^= x >> 7
							x ^= x << 17
						}
						sums[g] = x
						done <- struct{}{}
					}()
				}
				for range w {
					<-done
				}
			}
		})
	}
}

// Termination holds under weak fairness of actions, and fails without it: the TM can receive
// the same Prepared message forever (a self-loop).
func TestTerminationNeedsFairness(t *testing.T) {
	m, err := twophase.NewWithTermination(3, bugs.None)
	require.NoError(t, err)
	res, err := explore.Run(context.Background(), m, explore.Options{Workers: 2})
	require.NoError(t, err)
	assert.True(t, res.OK(), "%v", res.Violations)
	assert.Equal(t, model.FairActions, res.Fairness)
	assert.Equal(t, int64(288), res.Distinct)

	none := model.FairNone
	res, err = explore.Run(context.Background(), m, explore.Options{Workers: 2, Fairness: &none})
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	assert.Equal(t, "Termination", res.Violations[0].Property)
	assert.GreaterOrEqual(t, res.Violations[0].Loop, 0)
}

// BenchmarkTwoPhaseLiveness8 checks Termination on TwoPhase with 8 RMs (1,745,408 states)
// under weak fairness: the search records the state graph and finds its fair components.
func BenchmarkTwoPhaseLiveness8(b *testing.B) {
	m, err := twophase.NewWithTermination(8, bugs.None)
	require.NoError(b, err)
	var res *explore.Result[twophase.State]
	for b.Loop() {
		res, err = explore.Run(context.Background(), m, explore.Options{})
		require.NoError(b, err)
		require.True(b, res.OK())
	}
	b.ReportMetric(float64(res.Distinct), "distinct")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/check")
	b.ReportMetric(float64(res.VisitedBytes+res.GraphBytes)/float64(res.Distinct), "bytes/state")
}

// BenchmarkTwoPhaseLivenessSymmetry8 is BenchmarkTwoPhaseLiveness8 under symmetry reduction:
// Termination judged on the orbits, with the renamings on their edges.
func BenchmarkTwoPhaseLivenessSymmetry8(b *testing.B) {
	m, err := twophase.NewWithTermination(8, bugs.None)
	require.NoError(b, err)
	var res *explore.Result[twophase.State]
	for b.Loop() {
		res, err = explore.Run(context.Background(), m, explore.Options{Symmetry: true})
		require.NoError(b, err)
		require.True(b, res.OK())
	}
	b.ReportMetric(float64(res.Distinct), "orbits")
	b.ReportMetric(float64(res.Represented), "represented")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/check")
	b.ReportMetric(float64(res.VisitedBytes+res.GraphBytes)/float64(res.Distinct), "bytes/orbit")
}

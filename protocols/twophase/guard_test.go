package twophase_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// allocsOf runs f and returns the heap allocations and bytes it made (all goroutines).
func allocsOf(f func()) (allocs, bytes uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// The explorer's hot loop allocates nothing per transition on a spec-layer model whose states
// are values: a whole exploration of TwoPhase with 7 RMs (296,448 distinct states,
// 2,744,706 transitions) makes only the allocations of its tables and frontiers (a few hundred),
// far fewer than one per hundred transitions. One allocation per transition (a closure, a boxed
// state) would make it at least 1, and one per new state about 0.1.
func TestTwoPhaseAllocatesNothingPerTransition(t *testing.T) {
	m, err := twophase.New(7, bugs.None)
	require.NoError(t, err)
	var res *explore.Result[twophase.State]
	allocs, _ := allocsOf(func() {
		res, err = explore.Run(context.Background(), m, explore.Options{Workers: 1})
	})
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	perTransition := float64(allocs) / float64(res.Generated)
	t.Logf("%d allocations for %d transitions: %.5f per transition", allocs, res.Generated, perTransition)
	assert.Less(t, perTransition, 0.01)
}

// A plain BFS's visited set holds each state's 8-byte fingerprint only, in shards
// of open addressing that grow by half at a load of 3/4, so their load stays between 1/2 and
// 3/4: between 10.7 and 16 bytes per state (a little more for rounding to cache lines), never
// more. With the parent's fingerprint beside it in one table doubled at 3/4, as before, it
// took 21 to 43.
func TestVisitedSetBytesPerState(t *testing.T) {
	m, err := twophase.New(7, bugs.None)
	require.NoError(t, err)
	res, err := explore.Run(context.Background(), m, explore.Options{Workers: 1})
	require.NoError(t, err)
	perState := float64(res.VisitedBytes) / float64(res.Distinct)
	t.Logf("visited set: %d bytes for %d states: %.1f bytes per state", res.VisitedBytes, res.Distinct, perState)
	assert.LessOrEqual(t, perState, 16.5)
}

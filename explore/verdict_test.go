package explore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// A Sometimes property is a violation only when an exhaustive search misses it; a search
// stopped by a budget, a depth bound, random walks or the context cannot judge it.
func TestVerdictPerStopReason(t *testing.T) {
	farCorner := func() []model.Property[point] {
		return []model.Property[point]{
			properties.Sometimes("reaches (9,9)", func(p point) bool { return p.x == 9 && p.y == 9 }),
			properties.Always("in the grid", func(p point) bool { return p.x < 10 && p.y < 10 }),
		}
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name    string
		n       int
		ctx     context.Context
		opts    explore.Options
		stopped explore.StopReason
		want    explore.Verdict
	}{
		{"exhaustive, reached", 10, context.Background(), explore.Options{Workers: 1}, explore.StopComplete, explore.Holds},
		{"max-states", 10, context.Background(), explore.Options{Workers: 1, MaxStates: 5}, explore.StopMaxStates, explore.Inconclusive},
		{"depth", 10, context.Background(), explore.Options{Workers: 1, MaxDepth: 3}, explore.StopComplete, explore.Inconclusive},
		{"canceled", 10, canceled, explore.Options{Workers: 1}, explore.StopCanceled, explore.Inconclusive},
		{"time", 10, context.Background(), explore.Options{Workers: 1, Time: time.Nanosecond}, explore.StopTime, explore.Inconclusive},
		{"memory", 10, context.Background(), explore.Options{Workers: 1, MaxMemory: 1}, explore.StopMemory, explore.Inconclusive},
		{"exhaustive, never reached", 5, context.Background(), explore.Options{Workers: 1}, explore.StopComplete, explore.Violated},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := explore.Run(tt.ctx, &grid{n: tt.n, props: farCorner()}, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.stopped, res.Stopped)
			assert.Equal(t, tt.want, res.Verdict())
			if tt.want == explore.Inconclusive {
				require.Len(t, res.Violations, 1)
				assert.True(t, res.Violations[0].Inconclusive)
				assert.Contains(t, res.Violations[0].Reason, "inconclusive: the search was not exhaustive")
			}
		})
	}
}

// A search cut short by its budget, with every Sometimes reached, is inconclusive; one that
// finds a violation is violated whatever stopped it.
func TestVerdictOfACutSearchWithoutSometimes(t *testing.T) {
	g := &grid{n: 50, props: []model.Property[point]{
		properties.Always("in the grid", func(p point) bool { return p.x < 50 }),
	}}
	res, err := explore.Run(context.Background(), g, explore.Options{Workers: 1, MaxStates: 10})
	require.NoError(t, err)
	assert.Empty(t, res.Violations)
	assert.Equal(t, explore.Inconclusive, res.Verdict())

	g.props = []model.Property[point]{properties.Always("x < 3", func(p point) bool { return p.x < 3 })}
	res, err = explore.Run(context.Background(), g, explore.Options{Workers: 1, MaxStates: 1000})
	require.NoError(t, err)
	assert.Equal(t, explore.Violated, res.Verdict())

	res, err = explore.Run(context.Background(), g, explore.Options{Strategy: explore.Random, Seed: 1, Walks: 10, MaxDepth: 3})
	require.NoError(t, err)
	assert.Equal(t, explore.Holds, res.Verdict(), "random walks that all ran judge what they cover")
}

package swarm_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/swarm"
)

func TestSketchEstimatesDistinctCounts(t *testing.T) {
	for _, n := range []int{0, 10, 1000, 100_000} {
		s := swarm.NewSketch()
		for i := range n {
			s.Add(uint64(i))
			s.Add(uint64(i)) // duplicates do not count
		}
		assert.InDelta(t, float64(n), s.Estimate(), 0.05*float64(n)+0.5, "n=%d", n)
	}
}

func TestMergedSketchesAreTheSketchOfTheUnion(t *testing.T) {
	a, b, union := swarm.NewSketch(), swarm.NewSketch(), swarm.NewSketch()
	for i := range 60_000 {
		a.Add(uint64(i))
		union.Add(uint64(i))
	}
	for i := 40_000; i < 100_000; i++ {
		b.Add(uint64(i))
		union.Add(uint64(i))
	}
	require.NoError(t, a.Merge(b))
	assert.Equal(t, union.Registers, a.Registers)
	assert.InDelta(t, 100_000, a.Estimate(), 5_000)

	data, err := json.Marshal(a)
	require.NoError(t, err)
	var back swarm.Sketch
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, a.Registers, back.Registers)
	assert.ErrorContains(t, a.Merge(&swarm.Sketch{}), "sketch has 0 registers, want 4096")
}

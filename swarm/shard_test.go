package swarm_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/swarm"
)

func sketchOf(from, to int) *swarm.Sketch {
	s := swarm.NewSketch()
	for i := from; i < to; i++ {
		s.Add(uint64(i))
	}
	return s
}

func TestMergeDeduplicatesFindingsAndReportsMissingShards(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, swarm.Write(dir, swarm.Result{Index: 0, Walks: 100, States: sketchOf(0, 3000),
		Findings: []swarm.Finding{{Property: "Agreement", Fingerprint: "aa", Seed: 0, Walk: 7, Steps: 20}}}))
	require.NoError(t, swarm.Write(dir, swarm.Result{Index: 1, Walks: 100, States: sketchOf(2000, 5000),
		Findings: []swarm.Finding{
			{Property: "Agreement", Fingerprint: "aa", Seed: 1, Walk: 3, Steps: 12},
			{Property: "Agreement", Fingerprint: "bb", Seed: 1, Walk: 9, Steps: 30},
		}}))
	require.NoError(t, swarm.Write(dir, swarm.Result{Index: 3, Walks: 50, States: sketchOf(0, 10)}))

	m, err := swarm.Merge(dir, 4)
	require.NoError(t, err)
	assert.Equal(t, 3, m.Done)
	assert.Equal(t, []int{2}, m.Missing)
	assert.Equal(t, int64(250), m.Walks)
	assert.InDelta(t, 5000, m.States, 250)
	require.Len(t, m.Findings, 2)
	assert.Equal(t, "aa", m.Findings[0].Fingerprint)
	assert.Equal(t, 12, m.Findings[0].Steps, "the shortest trace is kept")
	assert.Equal(t, []swarm.SeedWalk{{Seed: 0, Walk: 7}, {Seed: 1, Walk: 3}}, m.Findings[0].Found)

	// Rerunning the missing index completes the swarm.
	require.NoError(t, swarm.Write(dir, swarm.Result{Index: 2, Walks: 100, States: sketchOf(5000, 6000)}))
	m, err = swarm.Merge(dir, 4)
	require.NoError(t, err)
	assert.Empty(t, m.Missing)
	assert.Equal(t, int64(350), m.Walks)
}

func TestMergeNamesABadResultFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "shard-00000.json"), []byte("{trunc"), 0o644))
	_, err := swarm.Merge(dir, 1)
	assert.ErrorContains(t, err, "shard-00000.json")
	_, err = swarm.Merge(dir, 0)
	assert.EqualError(t, err, "swarm: 0 shards, want at least 1")
}

package swarm_test

import (
	"fmt"
	"io/fs"
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

func TestAResultIsNeverOverwritten(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, swarm.Write(dir, swarm.Result{Index: 0, Walks: 100, States: sketchOf(0, 10)}))
	err := swarm.Write(dir, swarm.Result{Index: 0, Walks: 7, States: sketchOf(0, 10)})
	require.ErrorIs(t, err, fs.ErrExist)
	assert.ErrorContains(t, err, "shard-00000.json exists already")
	m, err := swarm.Merge(dir, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(100), m.Walks, "the first result stays")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

// A Sometimes property is unreached by the swarm only if no shard reached it; a shard cut
// short by a budget is named.
func TestMergeUnreachedIsWhatNoShardReached(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, swarm.Write(dir, swarm.Result{Index: 0, States: sketchOf(0, 1), Stopped: "complete", Unreached: []string{"A", "B"}}))
	require.NoError(t, swarm.Write(dir, swarm.Result{Index: 1, States: sketchOf(0, 1), Stopped: "time", Unreached: []string{"B", "C"}}))
	m, err := swarm.Merge(dir, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"B"}, m.Unreached)
	assert.Equal(t, []int{1}, m.Cut)
}

func TestPlanIsSavedOnceAndShardsCoverTheGrid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	p := swarm.Plan{Protocol: "raft", Args: []string{"--nodes", "5"}, Shards: 5, Strategies: []string{"swarm", "pct"}, Seed: 10, Walks: 100}
	require.NoError(t, swarm.SavePlan(dir, p))
	require.NoError(t, swarm.SavePlan(dir, p), "every shard saves the same plan")
	q := p
	q.Args = []string{"--nodes", "3"}
	assert.ErrorContains(t, swarm.SavePlan(dir, q), "plan.json is the plan of another swarm")
	back, err := swarm.LoadPlan(dir)
	require.NoError(t, err)
	assert.Equal(t, p, back)
	seen := map[string]bool{}
	for i := range p.Shards {
		s, seed := p.Shard(i)
		key := fmt.Sprint(s, seed)
		assert.False(t, seen[key], "shards %d repeats %s", i, key)
		seen[key] = true
	}
	s, seed := p.Shard(3)
	assert.Equal(t, "pct", s)
	assert.Equal(t, uint64(11), seed)
	_, err = swarm.LoadPlan(t.TempDir())
	assert.ErrorContains(t, err, "is not a swarm's directory")
	assert.ErrorContains(t, swarm.SavePlan(dir, swarm.Plan{Protocol: "raft", Shards: 0}), "0 shards")
}

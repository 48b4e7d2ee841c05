package explore

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	actorpkg "github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// The spill's hash must be the visited set's, whose top byte picks the shard: merge relies on
// a shard holding one range of mixed values.
func TestMixIsInvertible(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		fp := rng.Uint64()
		assert.Equal(t, fp, unmix(mix(fp)))
	}
	v := newVisited(0, false, false)
	sh, _ := v.home(12345)
	assert.Same(t, &v.shards[mix(12345)>>56], sh)
}

// Merging tables into the disk set keeps exactly their union, and contains finds exactly the
// keys on disk: checked against a map.
func TestDiskSetAgainstAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := diskSet{dir: t.TempDir()}
	defer d.close()
	want := map[uint64]bool{}
	for round := range 4 {
		mem := newVisited(0, false, false)
		for range 3000 + round*5000 {
			fp := nonZero(rng.Uint64() % 40000) // repeats, within and across rounds
			if mem.full() {
				mem.grow()
			}
			mem.insert(fp, 0)
			want[fp] = true
		}
		require.NoError(t, d.merge(mem))
		assert.Equal(t, int64(len(want)), d.n)
		var asked []uint64
		for fp := range uint64(41000) {
			asked = append(asked, mix(nonZero(fp)))
		}
		slices.Sort(asked)
		asked = slices.Compact(asked)
		found, err := d.contains(asked)
		require.NoError(t, err)
		assert.Len(t, found, len(want))
		for _, h := range found {
			assert.True(t, want[unmix(h)])
		}
	}
	var all []uint64
	require.NoError(t, d.each(func(fp uint64) { all = append(all, fp) }))
	assert.Len(t, all, len(want))
	for _, fp := range all {
		assert.True(t, want[fp])
	}
}

// spilled runs m twice, in memory and spilling at every level into a directory of the test's,
// and returns both results, the fingerprints each visited, and the directory.
func spilled[S any](t *testing.T, m model.Model[S], o Options) (mem, disk *Result[S], memFPs, diskFPs []uint64) {
	t.Helper()
	o.MaxMemory = -1
	o.Visited = func(fp uint64) { memFPs = append(memFPs, fp) }
	mem, err := Run(context.Background(), m, o)
	require.NoError(t, err)
	dir := t.TempDir()
	o.MaxMemory, o.SpillDir, o.spillEveryLevel = 1<<40, dir, true
	o.Visited = func(fp uint64) {
		if diskFPs == nil {
			entries, err := os.ReadDir(dir)
			assert.NoError(t, err)
			assert.NotEmpty(t, entries, "the spill's directory exists while the search runs")
		}
		diskFPs = append(diskFPs, fp)
	}
	disk, err = Run(context.Background(), m, o)
	require.NoError(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "the spill's files are removed when the search ends")
	slices.Sort(memFPs)
	slices.Sort(diskFPs)
	return mem, disk, memFPs, diskFPs
}

// A search that spills its visited set and its frontier (TwoPhase and actor systems encode
// their states) at every level counts exactly what the search in memory counts, and visits the
// same states, on one worker and on two. The second Paxos configuration has crashes and recoveries,
// whose steps lead back to states of earlier levels, on disk.
func TestSpillingCountsWhatTheSearchInMemoryCounts(t *testing.T) {
	tp, err := twophase.New(5, "")
	require.NoError(t, err)
	px, err := paxos.New(paxos.Config{Proposers: 2, Acceptors: 3, Learners: 1, Rounds: 1})
	require.NoError(t, err)
	crashing, err := paxos.New(paxos.Config{Proposers: 1, Acceptors: 3, Learners: 1, Rounds: 1, Faults: actorpkg.Faults{Crashes: 1, Recoveries: 1}})
	require.NoError(t, err)
	for _, workers := range []int{1, 2} {
		mem, disk, a, b := spilled(t, tp, Options{Workers: workers})
		assert.Equal(t, int64(8832), mem.Distinct, "TLC's count for TwoPhase with 5 RMs")
		sameCounts(t, mem.Stats, disk.Stats)
		assert.Equal(t, a, b, "the same states")
		assert.Equal(t, disk.MaxDepth, disk.Spilled.Merges, "a merge at every level with successors")
		assert.Positive(t, disk.Spilled.States, "TwoPhase's frontier is written to disk")
		assert.Equal(t, mem.Distinct, disk.Spilled.OnDisk)
		assert.Zero(t, mem.Spilled)

		mem, disk, a, b = spilled(t, tp, Options{Workers: workers, Symmetry: true})
		sameCounts(t, mem.Stats, disk.Stats)
		assert.Equal(t, int64(8832), mem.Represented, "the orbits stand for every state")
		assert.Equal(t, int64(8832), disk.Represented, "the orbits stand for every state")
		assert.Positive(t, disk.Spilled.States, "TwoPhase's frontier is written to disk under symmetry too")
		assert.Equal(t, a, b, "the same orbits")

		pm, pd, a, b := spilled(t, crashing, Options{Workers: workers})
		sameCounts(t, pm.Stats, pd.Stats)
		assert.Equal(t, a, b, "the same states")
		assert.Positive(t, pd.Spilled.Merges)
		assert.Positive(t, pd.Spilled.States, "actor states are encoded (actor.System.AppendState): the frontier is written to disk")

		if testing.Short() {
			continue // 18,071 states, twice with the race detector: seconds
		}
		pm, pd, a, b = spilled(t, px, Options{Workers: workers})
		sameCounts(t, pm.Stats, pd.Stats)
		assert.Equal(t, a, b, "the same states")
	}
}

func sameCounts(t *testing.T, mem, disk Stats) {
	t.Helper()
	assert.Equal(t, StopComplete, disk.Stopped)
	assert.True(t, disk.Exhaustive)
	assert.Equal(t, mem.Distinct, disk.Distinct, "distinct")
	assert.Equal(t, mem.Generated, disk.Generated, "generated")
	assert.Equal(t, mem.MaxDepth, disk.MaxDepth, "depth")
}

// Violations are found by a spilling search as in memory: the same properties, with paths of
// the same (shortest) length, whether the search stops at the first, collects them all, or
// meets the violation only in the last level of its depth bound, which it does not expand.
func TestSpillingFindsTheSameViolations(t *testing.T) {
	tp, err := twophase.New(4, twophase.BugEarlyCommit)
	require.NoError(t, err)
	px, err := paxos.New(paxos.Config{Proposers: 2, Acceptors: 3, Learners: 1, Rounds: 1, Bug: paxos.BugSharedBallot})
	require.NoError(t, err)
	check := func(mem, disk []Violation[any]) {
		t.Helper()
		require.Len(t, disk, len(mem))
		for i := range mem {
			assert.Equal(t, mem[i].Property, disk[i].Property)
			assert.Equal(t, mem[i].Path.Len(), disk[i].Path.Len(), mem[i].Property)
		}
	}
	for _, o := range []Options{{Workers: 1}, {Workers: 2}, {Workers: 2, CollectAll: true}} {
		if o.CollectAll {
			px = nil // a complete search of this Paxos takes seconds
		}
		mem, disk, _, _ := spilled(t, tp, o)
		require.NotEmpty(t, mem.Violations)
		check(erase(mem.Violations), erase(disk.Violations))
		o.MaxDepth = mem.Violations[0].Path.Len() + 1
		mem, disk, _, _ = spilled(t, tp, o)
		check(erase(mem.Violations), erase(disk.Violations))
		assert.Positive(t, disk.Spilled.Merges)

		if px == nil || testing.Short() && o.Workers == 1 {
			continue
		}
		o.MaxDepth = 0
		pm, pd, _, _ := spilled(t, px, o)
		require.NotEmpty(t, pm.Violations)
		check(erase(pm.Violations), erase(pd.Violations))
	}
}

// erase forgets the states' type, to compare violations of different models alike.
func erase[S any](vs []Violation[S]) []Violation[any] {
	out := make([]Violation[any], len(vs))
	for i, v := range vs {
		out[i] = Violation[any]{Property: v.Property, Path: Path[any]{Steps: make([]Step[any], len(v.Path.Steps))}}
	}
	return out
}

// A search canceled while it spills removes its files too.
func TestSpillRemovesItsFilesWhenCanceled(t *testing.T) {
	tp, err := twophase.New(6, "")
	require.NoError(t, err)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := Options{Workers: 2, MaxMemory: 1 << 40, SpillDir: dir, spillEveryLevel: true}
	o.ProgressEvery = 1
	o.Progress = func(s Stats) {
		if s.Spilled.Merges > 2 {
			cancel()
		}
	}
	res, err := Run(ctx, tp, o)
	require.NoError(t, err)
	assert.Equal(t, StopCanceled, res.Stopped)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

// A spill directory that cannot be written is an error naming it, not a silent search in
// memory.
func TestSpillDirThatCannotBeWrittenIsAnError(t *testing.T) {
	tp, err := twophase.New(3, "")
	require.NoError(t, err)
	_, err = Run(context.Background(), tp, Options{MaxMemory: 1 << 40, SpillDir: "/nonexistent/spill", spillEveryLevel: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/nonexistent/spill")
}

// torus is a model whose steps lead back many levels: the pairs (x, y) of [0, n)², from
// (0, 0), with steps x+1 and y+1 (mod n) and a halving of x. It has n² states, each with 3
// successors, and once the visited set spills most of its duplicates are on disk. Its states
// encode in 4 bytes.
type torus struct{ n uint16 }

type pair struct{ x, y uint16 }

func (m torus) Init(emit func(pair)) { emit(pair{}) }

func (m torus) Next(s pair, emit func(model.Action, pair)) {
	emit(model.Step("x", 0), pair{(s.x + 1) % m.n, s.y})
	emit(model.Step("y", 0), pair{s.x, (s.y + 1) % m.n})
	emit(model.Step("half", 0), pair{s.x / 2, s.y})
}

func (m torus) Fingerprint(s pair) uint64 { return uint64(s.x)<<16 | uint64(s.y) }

func (m torus) Properties() []model.Property[pair] {
	return []model.Property[pair]{properties.Sometimes("corner", func(s pair) bool { return s.x == m.n-1 && s.y == m.n-1 })}
}

func (m torus) AppendState(buf []byte, s pair) []byte {
	return binary.LittleEndian.AppendUint32(buf, uint32(s.x)<<16|uint32(s.y))
}

func (m torus) ReadState(buf []byte) (pair, []byte, error) {
	if len(buf) < 4 {
		return pair{}, buf, fmt.Errorf("torus: %d bytes left, want 4", len(buf))
	}
	v := binary.LittleEndian.Uint32(buf)
	return pair{uint16(v >> 16), uint16(v)}, buf[4:], nil
}

// Where most duplicates are found on disk, at the end of their level, a spilling search
// still counts each state once: n² distinct and 3n²+1 generated, as in memory.
func TestSpillingFindsDuplicatesOnDisk(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 30
	}
	for _, workers := range []int{1, 2} {
		mem, disk, a, b := spilled(t, torus{uint16(n)}, Options{Workers: workers})
		assert.Equal(t, int64(n*n), mem.Distinct)
		assert.Equal(t, int64(3*n*n+1), mem.Generated)
		sameCounts(t, mem.Stats, disk.Stats)
		assert.Equal(t, a, b)
		assert.Positive(t, disk.Spilled.States)
	}
}

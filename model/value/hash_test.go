package value_test

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/model/value"
)

func TestHashEqualForEqualContentBuiltDifferently(t *testing.T) {
	a, b := newNode(), newNode()
	require.NotSame(t, a.leader, b.leader)
	assert.Equal(t, value.Hash(a), value.Hash(b), "separately allocated pointees")
	assert.Equal(t, value.Hash(*a), value.Hash(*b))

	b.log = append(make([]Entry, 0, 100), b.log...)
	assert.Equal(t, value.Hash(a), value.Hash(b), "capacity does not matter")

	b.cfg = &Config{Peers: []int{9}}
	assert.Equal(t, value.Hash(a), value.Hash(b), "distcheck:\"-\" fields are skipped")
}

func TestHashIgnoresMapOrder(t *testing.T) {
	keys := make([]string, 50)
	for i := range keys {
		keys[i] = string(rune('a'+i%26)) + string(rune('A'+i/26))
	}
	build := func(order []int) map[string][]int {
		m := map[string][]int{}
		for _, i := range order {
			m[keys[i]] = []int{i, i * i}
		}
		return m
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	want := value.Hash(build(order))
	wantF := value.Format(build(order))
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		m := build(order)
		require.Equal(t, want, value.Hash(m))
		require.Equal(t, wantF, value.Format(m))
	}
	// Growing and deleting leaves a map with another internal layout but the same content.
	m := build(order)
	for i := range 1000 {
		m[string(rune(i))+"tmp"] = nil
	}
	for i := range 1000 {
		delete(m, string(rune(i))+"tmp")
	}
	assert.Equal(t, want, value.Hash(m))
}

func TestHashChangesWithEveryField(t *testing.T) {
	base := value.Hash(newNode())
	tests := []struct {
		name   string
		mutate func(n *node)
	}{
		{"ID", func(n *node) { n.ID++ }},
		{"term", func(n *node) { n.term++ }},
		{"votedFor", func(n *node) { n.votedFor = -1 }},
		{"commitIndex", func(n *node) { n.commitIndex-- }},
		{"role", func(n *node) { n.role = "leadeR" }},
		{"log element field", func(n *node) { n.log[19].Index = 0 }},
		{"log element string", func(n *node) { n.log[0].Cmd = "set z" }},
		{"log shorter", func(n *node) { n.log = n.log[:19] }},
		{"log nil", func(n *node) { n.log = nil }},
		{"map value", func(n *node) { n.nextIndex[5] = 0 }},
		{"map key", func(n *node) { delete(n.nextIndex, 5); n.nextIndex[6] = 25 }},
		{"map extra entry", func(n *node) { n.nextIndex[0] = 0 }},
		{"map entries swapped", func(n *node) { n.nextIndex[1], n.nextIndex[2] = n.nextIndex[2], n.nextIndex[1] }},
		{"array", func(n *node) { n.votes[7] = 1 }},
		{"nested slice", func(n *node) { n.inner.acks[2] = 4 }},
		{"nested map of slices", func(n *node) { n.inner.byKey["y"] = []int{3, 2} }},
		{"nested pointee", func(n *node) { n.inner.last.Term = 4 }},
		{"nil pointer", func(n *node) { n.inner.last = nil }},
		{"pointer to zero value", func(n *node) { n.inner.last = &Entry{} }},
		{"pointee", func(n *node) { n.leader.match++ }},
		{"interface value", func(n *node) { n.pending.(*Entry).Cmd = "" }},
		{"interface dynamic type", func(n *node) { n.pending = *n.pending.(*Entry) }},
		{"interface nil", func(n *node) { n.pending = nil }},
	}
	seen := map[uint64]string{base: "base"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newNode()
			tt.mutate(n)
			h := value.Hash(n)
			require.NotEqual(t, base, h)
			if prev, dup := seen[h]; dup {
				t.Fatalf("same hash as %q", prev)
			}
			seen[h] = tt.name
		})
	}
}

func TestHashFieldBoundaries(t *testing.T) {
	type two struct{ A, B string }
	type slices struct{ A, B []int }
	type inAny struct{ A, B any }
	tests := []struct {
		name string
		x, y any
	}{
		{"strings", two{A: "ab"}, two{A: "a", B: "b"}},
		{"strings 2", two{B: "ab"}, two{A: "a", B: "b"}},
		{"slices", slices{A: []int{1, 2}}, slices{A: []int{1}, B: []int{2}}},
		{"interfaces", inAny{A: "ab", B: ""}, inAny{A: "a", B: "b"}},
		{"nested", []two{{A: "a"}, {}}, []two{{}, {A: "a"}}},
		{"slice of strings", []string{"ab", ""}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		assert.NotEqual(t, value.Hash(tt.x), value.Hash(tt.y), tt.name)
	}
}

func TestHashNilAndEmpty(t *testing.T) {
	type s struct {
		sl []int
		m  map[int]int
		p  *int
	}
	assert.Equal(t, value.Hash(s{}), value.Hash(s{sl: []int{}, m: map[int]int{}}), "nil and empty slices and maps hash alike")
	assert.NotEqual(t, value.Hash(s{}), value.Hash(s{p: new(int)}), "nil pointer and pointer to zero differ")
	assert.NotEqual(t, value.Hash(nil), value.Hash((*int)(nil)), "nil interface and typed nil differ")
	assert.NotEqual(t, value.Hash([]int(nil)), value.Hash([]int{0}))
}

func TestHashDistinguishesDynamicTypes(t *testing.T) {
	type myInt int
	vals := []any{1, int64(1), int32(1), uint(1), myInt(1), float64(1), true, "1", []int{1}, [1]int{1}, &[]int{1}}
	seen := map[uint64]any{}
	for _, v := range vals {
		h := value.Hash(v)
		_, dup := seen[h]
		require.False(t, dup, "%T", v)
		seen[h] = v
	}
	type box struct{ v any }
	assert.NotEqual(t, value.Hash(box{1}), value.Hash(box{int64(1)}))
}

func TestHashValueMatchesHash(t *testing.T) {
	n := newNode()
	assert.Equal(t, value.Hash(n), value.HashValue(n))
	assert.Equal(t, value.Hash(*n), value.HashValue(*n))
	assert.Equal(t, value.Hash(42), value.HashValue(42))
	assert.Equal(t, value.Hash("s"), value.HashValue("s"))
	assert.Equal(t, value.Hash(n), value.HashValue[any](n))
	assert.Equal(t, value.Hash(nil), value.HashValue[any](nil))
	var s stringer = named{s: []string{"x"}}
	assert.Equal(t, value.Hash(s), value.HashValue(s))
}

func TestHashFloatsByBits(t *testing.T) {
	assert.NotEqual(t, value.Hash(0.0), value.Hash(math.Copysign(0, -1)))
	nan := math.NaN()
	assert.Equal(t, value.Hash(nan), value.Hash(nan))
	assert.Equal(t, value.Hash([]float64{nan, 1}), value.Hash([]float64{nan, 1}))
}

func TestHashCycles(t *testing.T) {
	a, b := ring(3), ring(3)
	assert.Equal(t, value.Hash(a), value.Hash(b), "isomorphic rings")
	assert.Equal(t, value.Hash(a), value.Hash(value.Clone(a)))
	assert.NotEqual(t, value.Hash(ring(3)), value.Hash(ring(4)))
	c := ring(3)
	c.next.val = 7
	assert.NotEqual(t, value.Hash(a), value.Hash(c))
	// Long lists index their path.
	long := ring(1000)
	assert.Equal(t, value.Hash(long), value.Hash(ring(1000)))
	long.next.next.val = -1
	assert.NotEqual(t, value.Hash(long), value.Hash(ring(1000)))
}

func TestHashEveryByteMatters(t *testing.T) {
	for _, n := range []int{1, 3, 7, 8, 9, 31, 32, 63, 64, 65, 100, 257} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i * 7)
		}
		h := value.Hash(b)
		hs := value.Hash(string(b))
		for i := range b {
			b[i]++
			require.NotEqual(t, h, value.Hash(b), "len %d byte %d", n, i)
			require.NotEqual(t, hs, value.Hash(string(b)), "len %d byte %d", n, i)
			b[i]--
		}
		require.Equal(t, h, value.Hash(b))
		// The same bytes with one more zero byte differ.
		require.NotEqual(t, h, value.Hash(append(b, 0)))
	}
}

// fp hashes itself; its other fields are ignored.
type fp struct {
	key   int
	noise []int
}

var fpCalls int

func (f fp) Fingerprint() uint64 { fpCalls++; return uint64(f.key) }

type ptrFP struct{ key int }

func (f *ptrFP) Fingerprint() uint64 { return uint64(f.key) * 3 }

// embeds has a promoted Fingerprint method, which must not stand for the whole struct.
type embeds struct {
	fp
	other int
}

func TestHashUsesFingerprintMethod(t *testing.T) {
	fpCalls = 0
	assert.Equal(t, value.Hash(fp{key: 1, noise: []int{1}}), value.Hash(fp{key: 1, noise: []int{2}}))
	assert.NotEqual(t, value.Hash(fp{key: 1}), value.Hash(fp{key: 2}))
	assert.Equal(t, 4, fpCalls)

	type holder struct {
		a fp
		p *fp
		q *ptrFP
		r ptrFP
		s []fp
	}
	h1 := value.Hash(holder{a: fp{key: 1, noise: []int{1}}, p: &fp{key: 2}, q: &ptrFP{3}, r: ptrFP{4}, s: []fp{{key: 5}}})
	h2 := value.Hash(holder{a: fp{key: 1, noise: []int{9}}, p: &fp{key: 2, noise: []int{9}}, q: &ptrFP{3}, r: ptrFP{4}, s: []fp{{key: 5, noise: []int{9}}}})
	assert.Equal(t, h1, h2)
	h3 := value.Hash(holder{a: fp{key: 1}, p: &fp{key: 2}, q: &ptrFP{3}, r: ptrFP{5}, s: []fp{{key: 5}}})
	assert.NotEqual(t, h1, h3, "pointer-receiver method on a field")
	assert.NotEqual(t, value.Hash(holder{}), value.Hash(holder{p: &fp{}}), "nil vs non-nil pointer")
	assert.Equal(t, value.HashValue(ptrFP{7}), value.Hash(ptrFP{7}))

	assert.NotEqual(t, value.Hash(embeds{fp: fp{key: 1}, other: 1}), value.Hash(embeds{fp: fp{key: 1}, other: 2}),
		"a promoted Fingerprint does not hash the whole struct")
}

func TestHashIsStableAcrossGoroutines(t *testing.T) {
	want := value.Hash(newNode())
	got := make([]uint64, 16)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			for range 50 {
				got[i] = value.Hash(newNode())
			}
		})
	}
	wg.Wait()
	for _, h := range got {
		assert.Equal(t, want, h)
	}
}

func TestHashAllocations(t *testing.T) {
	type flat struct {
		a, b int
		s    string
		log  []Entry
		arr  [4]uint32
	}
	v := flat{a: 1, s: "x", log: newNode().log}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = value.HashValue(v) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = value.Hash(&v) }))
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	n := newNode()
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = value.Hash(n) }), "maps iterate with pooled scratch space")
}

func TestMixAndFinalize(t *testing.T) {
	assert.NotEqual(t, value.Mix(value.Mix(0, 1), 2), value.Mix(value.Mix(0, 2), 1), "order-dependent")
	assert.NotEqual(t, value.Mix(1, 0), value.Mix(2, 0))
	assert.NotEqual(t, value.Mix(0, 1), value.Mix(0, 2))
	// Avalanche: flipping one input bit flips about half of the output bits.
	r := rand.New(rand.NewPCG(3, 4))
	total, n := 0, 0
	for range 200 {
		x := r.Uint64()
		for b := range 64 {
			total += bits.OnesCount64(value.Finalize(x) ^ value.Finalize(x^1<<b))
			total += bits.OnesCount64(value.Finalize(value.Mix(7, x)) ^ value.Finalize(value.Mix(7, x^1<<b)))
			n += 2
		}
	}
	avg := float64(total) / float64(n)
	assert.InDelta(t, 32, avg, 1, "average flipped bits")
}

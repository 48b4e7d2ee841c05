package explore

import (
	"math/rand/v2"
	"sync"
)

// Coverage-guided walks work like a coverage-guided fuzzer (AFL, Go's fuzzing). A shared
// table counts how often walks have reached each feature of a state — its fingerprint, or
// Options.Feature of it, an abstraction such as each node's role, term and log length. A walk
// prefers, at each step, the successors whose features were reached least (unseen ones first);
// a walk that reaches a feature never seen before adds the path that led there (its initial
// state and its choice at every step) to a corpus; and most walks start by replaying a corpus
// entry before going on at random, so the search keeps extending the walks that found
// something new instead of starting every walk from scratch.
//
// A walk's choices depend on what earlier walks covered: with one worker the same seed gives
// the same walks; with several, which walks come first depends on scheduling. Counterexamples
// replay either way: a trace stores its steps, not the choices that led to them.

// Bounds of the coverage tables, to keep their memory small.
const (
	maxCorpus   = 1 << 14
	maxFeatures = 1 << 22
)

// corpus is the coverage shared by a run's workers.
type corpus[S any] struct {
	feature func(S) uint64
	mu      sync.Mutex
	counts  map[uint64]uint32
	entries []corpusEntry
	// fresh counts the corpus entries added, so that replacement spreads over the table.
	fresh uint64
}

// corpusEntry is a walk prefix that reached a new feature.
type corpusEntry struct {
	init    int
	choices []int32
}

// newCorpus returns an empty corpus whose features are opts.Feature, or fp when it is nil.
func newCorpus[S any](opts Options, fp func(S) uint64) *corpus[S] {
	c := &corpus[S]{feature: fp, counts: map[uint64]uint32{}}
	if f := opts.Feature; f != nil {
		c.feature = func(s S) uint64 { return f(s) }
	}
	return c
}

// coverage is one worker's chooser of coverage-guided walks.
type coverage[S any] struct {
	c       *corpus[S]
	stab    int
	init    int
	forced  []int32 // the replayed prefix
	choices []int32 // the walk's choices so far
	feats   []uint64
	rare    []int
}

func (w *coverage[S]) start(rng *rand.Rand, _ int64, n int) int {
	w.init, w.forced = rng.IntN(n), nil
	w.choices = w.choices[:0]
	c := w.c
	c.mu.Lock()
	if len(c.entries) > 0 && rng.IntN(4) != 0 {
		e := c.entries[rng.IntN(len(c.entries))]
		if e.init < n {
			w.init, w.forced = e.init, e.choices
		}
	}
	c.mu.Unlock()
	return w.init
}

func (w *coverage[S]) choose(rng *rand.Rand, k int, succ []Step[S]) int {
	if k < len(w.forced) && int(w.forced[k]) < len(succ) {
		w.choices = append(w.choices, w.forced[k])
		return int(w.forced[k])
	}
	w.forced = nil
	w.feats = w.feats[:0]
	for i := range succ {
		w.feats = append(w.feats, w.c.feature(succ[i].State))
	}
	c := w.c
	c.mu.Lock()
	defer c.mu.Unlock()
	var j int
	if rng.IntN(4) == 0 {
		j = rng.IntN(len(succ))
	} else {
		least := ^uint32(0)
		w.rare = w.rare[:0]
		for i, f := range w.feats {
			switch n := c.counts[f]; {
			case n < least:
				least = n
				w.rare = append(w.rare[:0], i)
			case n == least:
				w.rare = append(w.rare, i)
			}
		}
		j = w.rare[rng.IntN(len(w.rare))]
	}
	w.choices = append(w.choices, int32(j))
	f := w.feats[j]
	n, seen := c.counts[f]
	if seen || len(c.counts) < maxFeatures {
		c.counts[f] = n + 1
	}
	if !seen && k+1 < w.stab {
		e := corpusEntry{init: w.init, choices: append([]int32(nil), w.choices...)}
		if len(c.entries) < maxCorpus {
			c.entries = append(c.entries, e)
		} else {
			c.entries[c.fresh%maxCorpus] = e
		}
		c.fresh++
	}
	return j
}

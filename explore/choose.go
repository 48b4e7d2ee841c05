package explore

import "math/rand/v2"

// chooser picks the steps of a sampled walk before faults stop (after that, walks are
// scheduled fairly whatever the strategy). Each worker has its own; state shared between
// workers (a coverage corpus) is the strategy's to guard.
type chooser[S any] interface {
	// start begins walk i and returns the index of its initial state among n.
	start(rng *rand.Rand, i int64, n int) int
	// choose returns the index in succ of the step taken after k steps, or -1 to end the
	// walk there (none of the steps is allowed).
	choose(rng *rand.Rand, k int, succ []Step[S]) int
}

// choosers returns the constructor of one worker's chooser for the run's strategy.
func (r *run[S]) choosers() func() chooser[S] {
	switch r.opts.Strategy {
	case PCT:
		return func() chooser[S] { return &pct[S]{d: r.opts.PCTDepth, k: r.opts.MaxDepth} }
	case Swarm:
		return func() chooser[S] { return &swarm[S]{} }
	case Coverage:
		c := newCorpus(r.opts, func(s S) uint64 { return r.m.Fingerprint(s) })
		return func() chooser[S] { return &coverage[S]{c: c, stab: r.opts.Stabilize} }
	}
	return func() chooser[S] { return uniform[S]{} }
}

// uniform is the chooser of Random: every step is equally likely.
type uniform[S any] struct{}

func (uniform[S]) start(rng *rand.Rand, _ int64, n int) int { return rng.IntN(n) }

func (uniform[S]) choose(rng *rand.Rand, _ int, succ []Step[S]) int { return rng.IntN(len(succ)) }

// weighted returns an index drawn with probability proportional to weight(i), or -1 if every
// weight is zero.
func weighted(rng *rand.Rand, n int, weight func(i int) float64) int {
	total := 0.0
	for i := range n {
		total += weight(i)
	}
	if total <= 0 {
		return -1
	}
	x := rng.Float64() * total
	last := -1
	for i := range n {
		w := weight(i)
		if w <= 0 {
			continue
		}
		last = i
		if x < w {
			return i
		}
		x -= w
	}
	return last
}

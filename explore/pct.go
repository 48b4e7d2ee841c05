package explore

import (
	"math/rand/v2"
	"slices"

	"github.com/distcheck/distcheck/model"
)

// pct schedules a walk by probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and
// Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS
// 2010), as in Coyote. The actors are the nodes (a delivery is its receiver's step) and, as
// Coyote does, each node's timers as an actor of their own. Each actor gets a random priority
// in [d, d+1) when it first has a step; at every step the walk takes a step of the
// highest-priority actor that has one (among that actor's steps, uniformly). Faults are not
// scheduled by priority — a fault actor on top would spend every budget at once, one at the
// bottom never — but drawn as often as a uniform walk draws them. d-1 change points are drawn uniformly among the walk's
// k = MaxDepth steps; after the step at change point j (j = 1…d-1) the actor that took it drops
// to priority d-j, below every initial priority.
//
// The guarantee. A bug has depth d if d ordering constraints between steps expose it. For a
// program of n actors whose steps are deterministic, one PCT walk of k steps exposes a given
// depth-d bug with probability at least 1/(n·k^(d-1)): the initial priorities put the right
// actor first with probability ≥ 1/n, and each of the d-1 change points falls at the right step
// with probability ≥ 1/k. Here an actor may have several steps (which message to receive,
// which timer to fire): PCT picks among them uniformly, so the bound holds per choice of those
// steps — it is exact for the scheduling part and is multiplied by the probability of the
// required message choices. Independent walks compound: after W walks a bug is missed with
// probability at most (1 - 1/(n·k^(d-1)))^W.
type pct[S any] struct {
	d, k    int
	prio    map[int]float64 // actor → priority
	changes []int           // the steps after which the acting actor's priority drops, sorted
	next    int             // index into changes of the next change point
	cands   []int
}

// faultActor is the actor of every fault (drop, duplicate, crash, partition, Byzantine send);
// timerActor+i the actor of node i's timers.
const (
	faultActor = -1 << 30
	timerActor = 1 << 30
)

// actor returns the actor that takes a: its node, or faultActor for a fault.
func actor(a model.Action) int {
	switch {
	case a.Kind.IsFault():
		return faultActor
	case a.Kind == model.ActionTimeout:
		return timerActor + int(a.Node)
	}
	return int(a.Node)
}

func (p *pct[S]) start(rng *rand.Rand, _ int64, n int) int {
	init := rng.IntN(n)
	if p.prio == nil {
		p.prio = map[int]float64{}
	}
	clear(p.prio)
	p.changes = p.changes[:0]
	for range p.d - 1 {
		p.changes = append(p.changes, rng.IntN(max(1, p.k-1)))
	}
	slices.Sort(p.changes)
	p.next = 0
	return init
}

func (p *pct[S]) choose(rng *rand.Rand, k int, succ []Step[S]) int {
	// Faults are not scheduled by priority: a fault is taken as often as a uniform walk
	// would take one, and otherwise the actors' priorities decide.
	if j := rng.IntN(len(succ)); succ[j].Action.Kind.IsFault() {
		return j
	}
	best := -1.0
	p.cands = p.cands[:0]
	for i := range succ {
		if succ[i].Action.Kind.IsFault() {
			continue
		}
		a := actor(succ[i].Action)
		pr, ok := p.prio[a]
		if !ok {
			pr = float64(p.d) + rng.Float64()
			p.prio[a] = pr
		}
		switch {
		case pr > best:
			best = pr
			p.cands = append(p.cands[:0], i)
		case pr == best:
			p.cands = append(p.cands, i)
		}
	}
	if len(p.cands) == 0 {
		return rng.IntN(len(succ)) // nothing but faults
	}
	j := p.cands[rng.IntN(len(p.cands))]
	for p.next < len(p.changes) && p.changes[p.next] <= k {
		p.next++
		p.prio[actor(succ[j].Action)] = float64(p.d - p.next)
	}
	return j
}

package explore

import (
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/distcheck/distcheck/model"
)

// Strategy selects a search.
type Strategy uint8

// The strategies.
const (
	// BFS is breadth-first search: exhaustive, parallel, and its counterexamples are shortest.
	BFS Strategy = iota + 1
	// DFS is depth-first search: exhaustive (or bounded by MaxDepth), memory-light for deep
	// models. Its counterexamples are the search path, not necessarily the shortest.
	DFS
	// Random runs seeded random walks from the initial states; the same seed gives the same
	// walks, whatever the number of workers.
	Random
	// PCT runs seeded random walks scheduled by probabilistic concurrency testing (Burckhardt
	// et al., ASPLOS 2010): random actor priorities with PCTDepth-1 priority change points.
	// See pct.go for the guarantee it gives.
	PCT
	// Swarm runs seeded random walks, each under a configuration of its own drawn from the
	// walk's seed (Groce et al., ISSTA 2012): which fault kinds are enabled and how many of
	// each, which nodes may crash, and how often timers and faults are chosen.
	Swarm
	// Coverage runs random walks guided by coverage, like a fuzzer: walks prefer steps to
	// states (or abstract features, Options.Feature) seen least, and restart from the prefixes
	// of earlier walks that reached something new.
	Coverage
)

// Sampled reports whether the strategy runs seeded walks (Random, PCT, Swarm, Coverage) rather
// than an exhaustive search: it is bounded by Walks and MaxDepth and its counterexamples carry a
// seed and a walk index.
func (s Strategy) Sampled() bool { return s >= Random && s <= Coverage }

// String returns the strategy's name: "bfs", "dfs", "random", "pct", "swarm" or "coverage".
func (s Strategy) String() string {
	switch s {
	case BFS:
		return "bfs"
	case DFS:
		return "dfs"
	case Random:
		return "random"
	case PCT:
		return "pct"
	case Swarm:
		return "swarm"
	case Coverage:
		return "coverage"
	}
	return fmt.Sprintf("strategy(%d)", uint8(s))
}

// ParseStrategy is the inverse of Strategy.String.
func ParseStrategy(s string) (Strategy, error) {
	switch strings.ToLower(s) {
	case "bfs":
		return BFS, nil
	case "dfs":
		return DFS, nil
	case "random":
		return Random, nil
	case "pct":
		return PCT, nil
	case "swarm":
		return Swarm, nil
	case "coverage":
		return Coverage, nil
	}
	return 0, fmt.Errorf("unknown strategy %q (want bfs, dfs, random, pct, swarm or coverage)", s)
}

// Default budgets of random search.
const (
	DefaultWalks     = 1000
	DefaultWalkDepth = 100
	// DefaultPCTDepth is the bug depth PCT targets by default.
	DefaultPCTDepth = 3
)

// Options configure a search. The zero value is a single-violation BFS with one worker per CPU
// and no budget.
type Options struct {
	// Strategy is the search; zero means BFS.
	Strategy Strategy
	// Workers is the number of goroutines that expand states; zero means GOMAXPROCS. DFS runs
	// on one worker.
	Workers int
	// MaxDepth bounds the length of explored paths, counting an initial state as depth 1 (as
	// TLC does); zero means unbounded, except for random walks, which default to
	// DefaultWalkDepth.
	MaxDepth int
	// MaxStates stops the search once this many distinct states are known; zero means no limit.
	MaxStates int64
	// Time stops the search after this long; zero means no limit.
	Time time.Duration
	// MaxMemory stops the search once the process's Go memory passes this many bytes; zero
	// means three quarters of the machine's memory (DefaultMaxMemory), negative means no
	// limit. A positive MaxMemory also makes the garbage collector work harder as the heap
	// nears it (see debug.SetMemoryLimit), so that garbage does not stop a search whose live
	// states fit, and lets a BFS spill its visited set and frontier to disk (SpillDir) when
	// its memory passes half of it, so that a search larger than memory finishes (see
	// "Searches larger than memory" in the package documentation).
	MaxMemory int64
	// Seed seeds random walks.
	Seed uint64
	// Walks is the number of random walks; zero means DefaultWalks.
	Walks int64
	// CollectAll keeps searching after a violation, to report every violated property (one
	// counterexample each). By default the search stops at the first violation.
	CollectAll bool
	// Progress, if set, is called about once every ProgressEvery while the search runs, from a
	// goroutine of its own.
	Progress func(Stats)
	// ProgressEvery is the period of Progress calls; zero means one second.
	ProgressEvery time.Duration
	// ExpectedStates sizes the visited set up front; zero lets it grow as needed.
	ExpectedStates int64
	// Fairness overrides the fairness that liveness is judged under; nil means the model's
	// (model.DeclaresFairness), or model.FairNone.
	Fairness *model.Fairness
	// Stabilize is, for random walks, the step after which faults stop and scheduling
	// becomes fair; liveness is judged from there. Zero means halfway through the walk.
	Stabilize int
	// PCTDepth is the bug depth d that PCT targets: it changes priorities at d-1 points of
	// each walk. Zero means DefaultPCTDepth.
	PCTDepth int
	// Feature, if set, maps a state to an abstract feature (e.g. each node's role, term and
	// log length) that Coverage walks try to vary; nil means the state's fingerprint, so
	// walks seek new states. It must be deterministic and safe for concurrent use.
	Feature func(state any) uint64
	// Within bounds liveness in random walks: after Stabilize, an Eventually property must
	// hold within this many steps, an AlwaysEventually property must not stay false for
	// longer, and a LeadsTo goal must follow its condition within it. Zero means the rest of
	// the walk (MaxDepth - 1 - Stabilize steps).
	Within int
	// Visited, if set, is called when the search ends with the key of every distinct state
	// it found (its fingerprint; under Symmetry, its orbit's), once each and from one
	// goroutine, e.g. to sketch the states that the shards of a swarm reached together.
	Visited func(fingerprint uint64)
	// Symmetry explores one state per orbit of the model's interchangeable actors
	// (model.Symmetric): Distinct counts orbits, and Stats.Represented the states they stand
	// for. The model must declare its symmetry, and to judge liveness properties it must
	// rename its fairness classes (model.SymmetricLiveness).
	Symmetry bool
	// POR turns on partial-order reduction (model.Reducible): in some states BFS follows only
	// an ample set of the steps, and still reaches a state with every combination of the
	// safety properties' values that a full search reaches (see "Partial-order reduction" in
	// the package documentation). Stats.Pruned counts the successors left out. It applies to
	// BFS without liveness properties; the model must implement model.Reducible, and
	// model.ReducibleWithSymmetry as well to be reduced together with Symmetry.
	POR bool
	// AutoReduce turns on the reductions it names where they are sound, instead of refusing
	// them where they are not: Symmetry for BFS and DFS, when the model declares
	// interchangeable actors (and, with liveness properties, implements
	// model.SymmetricLiveness); POR for BFS without liveness properties, when
	// the model accepts it (with Symmetry too, when it accepts both). Result.Options says
	// which ran. distcheck check and distcheck.Check set it; zero, the default here, keeps
	// the full state space, the counts that TLC and SPIN give.
	AutoReduce Reductions
	// SpillDir is where a BFS with a memory budget (MaxMemory > 0) writes the part of its
	// visited set and frontier that does not fit (see "Searches larger than memory" in the
	// package documentation), in a directory of its own removed when the search ends; empty
	// means os.TempDir().
	SpillDir string
	// spillEveryLevel makes a BFS with a memory budget spill at every level, whatever its
	// memory (tests).
	spillEveryLevel bool
}

func (o Options) withDefaults() Options {
	if o.Strategy == 0 {
		o.Strategy = BFS
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Strategy == DFS {
		o.Workers = 1
	}
	if o.Strategy == PCT && o.PCTDepth <= 0 {
		o.PCTDepth = DefaultPCTDepth
	}
	if o.Strategy.Sampled() {
		if o.Walks <= 0 {
			o.Walks = DefaultWalks
		}
		if o.MaxDepth <= 0 {
			o.MaxDepth = DefaultWalkDepth
		}
		// A walk's last state comes after MaxDepth-1 steps; by default faults stop halfway
		// and liveness must be met by the end of the walk.
		last := o.MaxDepth - 1
		if o.Stabilize <= 0 {
			o.Stabilize = last / 2
		}
		if o.Within <= 0 {
			o.Within = max(1, last-o.Stabilize)
		}
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = time.Second
	}
	return o
}

// Validate reports options that make no sense, naming the field.
func (o Options) Validate() error {
	switch {
	case o.Strategy > Coverage:
		return fmt.Errorf("explore: Strategy %d is not one of BFS, DFS, Random, PCT, Swarm, Coverage", o.Strategy)
	case o.PCTDepth < 0:
		return fmt.Errorf("explore: PCTDepth is %d, want ≥ 0", o.PCTDepth)
	case o.Workers < 0:
		return fmt.Errorf("explore: Workers is %d, want ≥ 0", o.Workers)
	case o.MaxDepth < 0:
		return fmt.Errorf("explore: MaxDepth is %d, want ≥ 0", o.MaxDepth)
	case o.MaxStates < 0:
		return fmt.Errorf("explore: MaxStates is %d, want ≥ 0", o.MaxStates)
	case o.Time < 0:
		return fmt.Errorf("explore: Time is %v, want ≥ 0", o.Time)
	case o.Walks < 0:
		return fmt.Errorf("explore: Walks is %d, want ≥ 0", o.Walks)
	case o.Stabilize < 0:
		return fmt.Errorf("explore: Stabilize is %d, want ≥ 0", o.Stabilize)
	case o.Within < 0:
		return fmt.Errorf("explore: Within is %d, want ≥ 0", o.Within)
	case o.Fairness != nil && *o.Fairness > model.FairActions:
		return fmt.Errorf("explore: Fairness %d is not one of none, nodes, actions", *o.Fairness)
	}
	return nil
}

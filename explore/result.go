package explore

import (
	"time"

	"github.com/distcheck/distcheck/model"
)

// StopReason says why a search ended.
type StopReason string

// The reasons a search ends.
const (
	// StopComplete: every reachable state (within MaxDepth, if set) was explored, or every
	// random walk was run.
	StopComplete StopReason = "complete"
	// StopViolation: a violation was found and Options.CollectAll was not set.
	StopViolation StopReason = "violation"
	// StopMaxStates: Options.MaxStates distinct states were reached.
	StopMaxStates StopReason = "max-states"
	// StopTime: Options.Time ran out.
	StopTime StopReason = "time"
	// StopCanceled: the context was canceled (for instance, the test deadline came).
	StopCanceled StopReason = "canceled"
	// StopMemory: the search's memory passed Options.MaxMemory.
	StopMemory StopReason = "max-memory"
)

// Stats are the counts of a search, counted as TLC counts them (so that its reference counts
// can be compared): the fields say how.
type Stats struct {
	// Distinct is the number of distinct states (fingerprints) found.
	Distinct int64
	// Generated is the number of states produced: the initial states plus every successor of
	// every expanded state, duplicates included (TLC's "states generated").
	Generated int64
	// MaxDepth is the greatest depth reached, counting an initial state as depth 1.
	MaxDepth int
	// Queued is the number of states waiting to be expanded (in a Progress call).
	Queued int64
	// Walks is the number of random walks completed.
	Walks int64
	// Elapsed is the search's wall-clock time.
	Elapsed time.Duration
	// VisitedBytes is the memory held by the visited set.
	VisitedBytes int64
	// Represented, under symmetry reduction (Options.Symmetry), is the number of states the
	// distinct ones stand for: the sum of the sizes of their orbits, which is what Distinct
	// would be without the reduction when the search is exhaustive. Zero otherwise.
	Represented int64
	// Reduced, under partial-order reduction (Options.POR), is the number of states expanded
	// with an ample set rather than in full, and Pruned the number of their successors left
	// out (not counted in Generated). Zero otherwise.
	Reduced, Pruned int64
	// GraphBytes is the memory held by the state graph recorded for liveness checks.
	GraphBytes int64
	// Spilled says what a BFS with a memory budget wrote to disk; zero if nothing.
	Spilled Spilled
	// Stopped says why the search ended (empty while it runs).
	Stopped StopReason
	// Exhaustive reports whether the search covered every reachable state: a complete BFS or
	// DFS with no depth bound.
	Exhaustive bool
}

// Spilled counts what a BFS with a memory budget (Options.MaxMemory) wrote to disk because it
// did not fit: see "Searches larger than memory" in the package documentation.
type Spilled struct {
	// Merges is the number of times the in-memory visited set was merged into the one on
	// disk, and OnDisk the number of fingerprints on disk after the last of them.
	Merges int
	OnDisk int64
	// VisitedBytes is the number of bytes of fingerprints written, over all merges.
	VisitedBytes int64
	// States is the number of frontier states written to disk, in StateBytes bytes (only for
	// models that implement StateEncoder).
	States, StateBytes int64
}

// Any reports whether anything was spilled.
func (s Spilled) Any() bool { return s.Merges > 0 || s.States > 0 }

// StatesPerSecond returns distinct states found per second of elapsed time.
func (s Stats) StatesPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Distinct) / s.Elapsed.Seconds()
}

// Step is one step of a path: the action taken and the state it led to.
type Step[S any] struct {
	Action model.Action
	State  S
}

// Path is a behaviour: an initial state and the steps from it.
type Path[S any] struct {
	Init  S
	Steps []Step[S]
}

// Len returns the number of steps.
func (p Path[S]) Len() int { return len(p.Steps) }

// Kinds counts the path's steps by the kind of their action: how many deliveries, drops,
// crashes, ... it took.
func (p Path[S]) Kinds() map[model.ActionKind]int {
	out := map[model.ActionKind]int{}
	for _, st := range p.Steps {
		out[st.Action.Kind]++
	}
	return out
}

// Last returns the final state of the path.
func (p Path[S]) Last() S {
	if len(p.Steps) == 0 {
		return p.Init
	}
	return p.Steps[len(p.Steps)-1].State
}

// Violation is a property that does not hold, with the path that shows it. For KindAlways the
// path ends in a state where the predicate is false; for KindEventually it ends (where nothing
// but faults can happen, or at a random walk's depth bound) without the predicate having held;
// for KindSometimes there is
// no path: the predicate held in none of the states searched.
type Violation[S any] struct {
	// Property is the name of the violated property.
	Property string
	// Kind is its kind.
	Kind model.Kind
	// Path shows the violation (empty for KindSometimes).
	Path Path[S]
	// Reason explains the violation in a sentence, e.g. "path ends after 7 steps without it".
	Reason string
	// Walk is the index of the random walk that found it (random search only).
	Walk int64
	// Loop, for a liveness violation found by an exhaustive search, is the index of the step
	// where the loop starts: Path.Steps[Loop:] repeat forever, leading back to the state
	// reached before step Loop. It is -1 when the path ends instead (or for other kinds).
	Loop int
	// Stabilized, for a liveness violation found by random walks, is the number of steps after
	// which faults stopped and scheduling became fair; -1 otherwise.
	Stabilized int
	// Inconclusive, for KindSometimes, says that the search was not exhaustive (a budget, a
	// depth bound, random walks or an interrupt): the predicate held in none of the states
	// searched, which shows neither that it holds nor that it fails. Such an entry is not a
	// violation; it makes the result's Verdict Inconclusive.
	Inconclusive bool
}

// Verdict is what a search concluded about the model's properties as a whole.
type Verdict string

// The verdicts of a search.
const (
	// Holds: no property was violated, and the search covered what it was asked to cover
	// (every reachable state, every state within a depth bound, or every random walk).
	Holds Verdict = "holds"
	// Violated: a property was violated.
	Violated Verdict = "violated"
	// Inconclusive: no property was violated, but a budget (MaxStates, Time, MaxMemory) or
	// the context stopped the search before it finished, or a Sometimes property was not
	// reached by a search that was not exhaustive.
	Inconclusive Verdict = "inconclusive"
)

// Cut reports whether the search was cut short before it covered what it was asked to: by
// MaxStates, Time, MaxMemory or the context.
func (s Stats) Cut() bool {
	switch s.Stopped {
	case StopMaxStates, StopTime, StopMemory, StopCanceled:
		return true
	}
	return false
}

// Result is the outcome of a search.
type Result[S any] struct {
	Stats
	// Strategy is the search that ran.
	Strategy Strategy
	// Options are the options it ran with, defaults filled in.
	Options Options
	// Violations are the properties found not to hold, one counterexample each, in the order
	// of the model's properties.
	Violations []Violation[S]
	// Fairness is the fairness that liveness was judged under.
	Fairness model.Fairness
	// Notes say what the search could not judge, e.g. liveness after a bounded search.
	Notes []string
}

// Violation returns the violation of the named property, if the search found one.
func (r *Result[S]) Violation(property string) (Violation[S], bool) {
	for _, v := range r.Violations {
		if v.Property == property {
			return v, true
		}
	}
	return Violation[S]{}, false
}

// OK reports whether Violations is empty: no property was violated, and every Sometimes
// property was reached.
func (r *Result[S]) OK() bool { return len(r.Violations) == 0 }

// Verdict returns what the search concluded: Violated if a property was violated (an entry of
// Violations that is not Inconclusive), else Inconclusive if a Sometimes property could not be
// judged or the search was cut short (Stats.Cut), else Holds.
func (r *Result[S]) Verdict() Verdict {
	inconclusive := r.Cut()
	for _, v := range r.Violations {
		if !v.Inconclusive {
			return Violated
		}
		inconclusive = true
	}
	if inconclusive {
		return Inconclusive
	}
	return Holds
}

package counterexamples

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// confirmLiveness judges a liveness property on a replayed path, by how the trace says it ends:
// a lasso (the loop must lead back to where it started and be fair), a path that ends where
// nothing but faults can happen, or a random walk that missed its bound after faults stopped.
func confirmLiveness[S any](m model.Model[S], p model.Property[S], path explore.Path[S], t *Trace) (bool, string, error) {
	states := append([]S{path.Init}, make([]S, 0, path.Len())...)
	for _, st := range path.Steps {
		states = append(states, st.State)
	}
	hold := make([]bool, len(states)) // the awaited predicate: Holds, or Then for leads-to
	cond := make([]bool, len(states)) // a leads-to property's condition
	for i, s := range states {
		pred := p
		if p.Kind == model.KindLeadsTo {
			c, err := holds(p, s, stateAt(i))
			if err != nil {
				return false, "", err
			}
			cond[i] = c
			pred = model.Property[S]{Name: p.Name, Holds: p.Then}
		}
		ok, err := holds(pred, s, stateAt(i))
		if err != nil {
			return false, "", err
		}
		hold[i] = ok
	}
	last := len(states) - 1
	// from is the first state from which the awaited predicate must never hold again.
	from := 0
	switch t.End {
	case EndLoop:
		from = *t.Loop
	case EndTerminal:
		from = last
	case EndBound:
		from = last - t.Within
	}
	switch p.Kind {
	case model.KindEventually:
		from = 0
	case model.KindLeadsTo:
		trigger := -1
		for i := range states {
			if cond[i] && !hold[i] && !slices.Contains(hold[i:], true) {
				trigger = i
				break
			}
		}
		if trigger < 0 {
			return false, fmt.Sprintf("%s: no state on the path meets the condition without the goal following: the bug is fixed or the trace no longer shows it", p.Name), nil
		}
		if t.End != EndBound {
			from = min(from, trigger)
		} else {
			from = max(from, trigger)
		}
	}
	from = max(from, 0)
	if i := slices.Index(hold[from:], true); i >= 0 {
		return false, fmt.Sprintf("%s is met on the path, in %s: the bug is fixed or the trace no longer shows it", p.Name, stateAt(from+i)), nil
	}
	switch t.End {
	case EndTerminal:
		succ, x := successors(m, path.Last())
		if x != nil {
			return false, "", fmt.Errorf("replay: the model's Next panicked in the last state: %v", x)
		}
		if anyProtocol(succ) {
			return false, fmt.Sprintf("%s is not met, but the path no longer ends: a step other than a fault is enabled in its last state", p.Name), nil
		}
		return true, fmt.Sprintf("%s is never met: the path ends %s in a state where nothing but faults can happen", p.Name, afterSteps(path.Len())), nil
	case EndLoop:
		return confirmLoop(m, p, path, states, *t.Loop, t.Fairness)
	default:
		stab := *t.Stabilized
		for i := stab; i < path.Len(); i++ {
			if path.Steps[i].Action.Kind.IsFault() {
				return false, fmt.Sprintf("step %d is a fault, but faults stopped at step %d", i+1, stab), nil
			}
		}
		if last-max(stab, from) < t.Within && p.Kind != model.KindEventually {
			return false, fmt.Sprintf("%s is not met for %d steps only, fewer than the bound of %d", p.Name, last-max(stab, from), t.Within), nil
		}
		if p.Kind == model.KindEventually && last < stab+t.Within {
			return false, fmt.Sprintf("the walk has %d steps, fewer than the %d after which %s had to hold", path.Len(), stab+t.Within, p.Name), nil
		}
		return true, fmt.Sprintf("%s is not met within %d steps after faults stopped at step %d", p.Name, t.Within, stab), nil
	}
}

// confirmLoop checks that a lasso's loop leads back to where it started and is fair: every
// fairness class enabled in all of the loop's states is taken by one of its steps.
func confirmLoop[S any](m model.Model[S], p model.Property[S], path explore.Path[S], states []S, loop int, fairness string) (bool, string, error) {
	f, err := model.ParseFairness(fairness)
	if err != nil {
		return false, "", err
	}
	last := len(states) - 1
	if m.Fingerprint(states[loop]) != m.Fingerprint(states[last]) {
		return false, fmt.Sprintf("the loop no longer leads back: the state %s differs from %s", afterSteps(last), stateAt(loop)), nil
	}
	taken := map[uint64]bool{}
	for _, st := range path.Steps[loop:] {
		if c, ok := model.FairnessClass(st.Action, f); ok {
			taken[c] = true
		}
	}
	var always map[uint64]model.Action
	for i := loop; i < last; i++ {
		succ, x := successors(m, states[i])
		if x != nil {
			return false, "", fmt.Errorf("replay: the model's Next panicked in %s: %v", stateAt(i), x)
		}
		here := map[uint64]model.Action{}
		for _, s := range succ {
			if c, ok := model.FairnessClass(s.a, f); ok {
				here[c] = s.a
			}
		}
		if always == nil {
			always = here
			continue
		}
		for c := range always {
			if _, ok := here[c]; !ok {
				delete(always, c)
			}
		}
	}
	for c, a := range always {
		if !taken[c] {
			return false, fmt.Sprintf("the loop is not fair (fairness %s): %s is enabled all along it and never taken", f, a), nil
		}
	}
	n := path.Len() - loop
	unit := "steps"
	if n == 1 {
		unit = "step"
	}
	return true, fmt.Sprintf("%s is never met: the loop of %d %s after step %d repeats forever (fairness %s)", p.Name, n, unit, loop, f), nil
}

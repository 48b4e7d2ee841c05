package counterexamples

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// Default budgets of Minimize.
const (
	// DefaultMinimizeTime bounds a minimization's wall-clock time.
	DefaultMinimizeTime = 10 * time.Second
	// DefaultMinimizeStates bounds the states that the shortening phase's searches explore,
	// all together.
	DefaultMinimizeStates = 100_000
)

// MinimizeOptions configure Minimize. The zero value uses the default budgets.
type MinimizeOptions struct {
	// Time bounds the whole minimization; zero means DefaultMinimizeTime. When it runs out,
	// Minimize returns the shortest trace found so far, and MinimizeReport.Complete is false.
	Time time.Duration
	// States bounds the states that the shortening phase's breadth-first searches explore,
	// all together; zero means DefaultMinimizeStates, and a negative value skips the phase.
	States int
}

// MinimizeReport says what Minimize did.
type MinimizeReport struct {
	// Before and After are the trace's numbers of steps.
	Before, After int
	// Phases are the phases that ran, in order.
	Phases []PhaseReport
	// Replays is the number of candidate traces executed.
	Replays int
	// States is the number of states the shortening phase explored.
	States int
	// Elapsed is the minimization's wall-clock time.
	Elapsed time.Duration
	// Complete reports whether every phase ran to its end within the time budget. The result
	// of a complete minimization depends only on the model and the trace.
	Complete bool
	// Interrupted reports that the minimization stopped because its context ended (Ctrl-C),
	// with the shortest trace found so far.
	Interrupted bool
}

// PhaseReport is one phase of a minimization.
type PhaseReport struct {
	// Name is "ddmin" (delta debugging over the steps), "faults" (removing faults and timer
	// firings) or "shorten" (shortcuts found by bounded breadth-first search).
	Name string
	// Before and After are the trace's numbers of steps.
	Before, After int
	// Elapsed is the phase's wall-clock time.
	Elapsed time.Duration
}

// String describes the report in one line: "242 → 105 steps in 1.3s (ddmin 242→110, faults
// 110→108, shorten 108→105; 1,234 replays, 5,000 states)".
func (r MinimizeReport) String() string {
	var ph []string
	for _, p := range r.Phases {
		ph = append(ph, fmt.Sprintf("%s %d→%d", p.Name, p.Before, p.After))
	}
	s := fmt.Sprintf("%d → %d steps in %s (%s; %d replays, %d states)", r.Before, r.After,
		r.Elapsed.Round(time.Millisecond), strings.Join(ph, ", "), r.Replays, r.States)
	switch {
	case r.Interrupted:
		s += ", interrupted"
	case !r.Complete:
		s += ", stopped by the time budget"
	}
	return s
}

// Minimize returns a shorter trace of t on which the same property still fails, and a report
// of the lengths before and after. See MinimizeContext.
func Minimize[S any](m model.Model[S], t *Trace, o MinimizeOptions) (*Trace, MinimizeReport, error) {
	return MinimizeContext(context.Background(), m, t, o)
}

// MinimizeContext returns a shorter trace of t on which the same property still fails, and a
// report of the lengths before and after. It stops early, keeping what it has, when ctx ends
// or the time budget runs out.
//
// It first replays t (an error if t does not replay on m, as for Replay, or no longer fails).
// Then, in three phases, it re-executes candidate traces, matching each step by content among
// the successors of the state reached; a step that is no longer enabled is left out, and an
// always property's candidate ends at its first violating state. A candidate is kept when the
// same property fails on it, judged as Replay judges it:
//
//  1. delta debugging (ddmin) over the steps: remove chunks of steps, halving the chunks
//     down to single steps, until no single step can be removed;
//  2. removal of faults (drops, duplications, crashes, partitions, the adversary's messages),
//     the recoveries and heals that follow them, and timer firings: all of them at once, then
//     each on its own;
//  3. shortening: from each state of the path, a bounded breadth-first search for a state the
//     path reaches later, or, for an always property, for a violating state, in fewer steps;
//     the path takes the shortcut.
//
// For a lasso, the prefix and the loop are minimized separately, and shortcuts stay within
// the prefix, so the loop still leads back to where it starts; for a random walk's bounded
// liveness violation, only the steps before the stabilisation point are minimized. The result
// is deterministic when the minimization completes within its budget (Complete).
func MinimizeContext[S any](ctx context.Context, m model.Model[S], t *Trace, o MinimizeOptions) (*Trace, MinimizeReport, error) {
	start := time.Now()
	var rep MinimizeReport
	if t == nil {
		return nil, rep, errors.New("minimize: nil trace")
	}
	r, err := Replay(m, t)
	if err != nil {
		return nil, rep, fmt.Errorf("minimize: %w", err)
	}
	if !r.Reproduced {
		return nil, rep, fmt.Errorf("minimize: the trace no longer fails, so there is nothing to minimize: %s", r.Detail)
	}
	if o.Time <= 0 {
		o.Time = DefaultMinimizeTime
	}
	if o.States == 0 {
		o.States = DefaultMinimizeStates
	}
	mz, err := newMinimizer(ctx, m, t, start.Add(o.Time))
	if err != nil {
		return nil, rep, fmt.Errorf("minimize: %w", err)
	}
	rep.Before = len(t.Steps)
	mz.unbounded = true
	cur, ok := mz.exec(mz.base(), 0, mz.acts(t, r.Path))
	mz.unbounded = false
	if !ok {
		return nil, rep, errors.New("minimize: the trace's own steps do not fail the property when re-executed")
	}
	phase := func(name string, f func(run[S]) run[S]) {
		if mz.stopped() {
			return
		}
		ps := time.Now()
		before := len(cur.acts)
		cur = f(cur)
		rep.Phases = append(rep.Phases, PhaseReport{Name: name, Before: before, After: len(cur.acts), Elapsed: time.Since(ps)})
	}
	phase("ddmin", mz.ddmin)
	phase("faults", mz.removeFaults)
	if o.States > 0 {
		phase("shorten", func(c run[S]) run[S] { return mz.shorten(c, o.States) })
	}
	out, err := mz.trace(cur)
	if err != nil {
		return nil, rep, fmt.Errorf("minimize: %w", err)
	}
	rep.After = len(out.Steps)
	rep.Replays, rep.States = mz.replays, mz.explored
	rep.Complete = !mz.done
	rep.Interrupted = mz.done && ctx.Err() != nil
	rep.Elapsed = time.Since(start)
	return out, rep, nil
}

// NewMinimized builds the trace of violation v found by res (see New) and, unless a
// breadth-first search found it (its counterexamples are shortest already), minimizes it
// within the default budgets. It is what distcheck.Check saves. The report is the zero
// MinimizeReport, with Before = After, when no minimization ran.
func NewMinimized[S any](ctx context.Context, m model.Model[S], res *explore.Result[S], v explore.Violation[S]) (*Trace, MinimizeReport, error) {
	t, err := New(m, res, v)
	if err != nil {
		return nil, MinimizeReport{}, err
	}
	if res.Strategy == explore.BFS {
		return t, MinimizeReport{Before: len(t.Steps), After: len(t.Steps), Complete: true}, nil
	}
	return MinimizeContext(ctx, m, t, MinimizeOptions{})
}

// trace builds the minimized trace of run c and checks that it replays and still fails.
func (mz *minimizer[S]) trace(c run[S]) (*Trace, error) {
	out := *mz.t
	out.Steps = nil
	loop := -1
	for i, x := range c.acts {
		out.Steps = append(out.Steps, Record(x.a, mz.names))
		if x.seg == 1 && loop < 0 {
			loop = i
		}
	}
	switch mz.t.End {
	case EndLoop:
		out.Loop = &loop
	case EndBound:
		stab := loop
		if stab < 0 {
			stab = len(c.acts)
		}
		out.Stabilized = &stab
	}
	r, err := Replay(mz.m, &out)
	switch {
	case err != nil:
		return nil, fmt.Errorf("the minimized trace does not replay: %w", err)
	case !r.Reproduced:
		return nil, fmt.Errorf("the minimized trace does not fail: %s", r.Detail)
	}
	if mz.t.End != "" {
		out.Reason = r.Detail // the explorer's reason names steps of the original path
	}
	return &out, nil
}

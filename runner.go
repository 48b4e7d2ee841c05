package distcheck

import (
	"bytes"
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// Runner runs a model whose state type is not known where it is used — a built-in protocol
// picked by name on the command line, say. NewRunner makes one from any model; the search
// itself still runs on the model's own state type.
type Runner interface {
	// Identity returns the protocol name and parameters that traces record.
	Identity() (protocol string, params map[string]string)
	// Explore searches the model and returns what it found, each violation with its trace
	// (not yet saved) and its rendered sequence diagram.
	Explore(ctx context.Context, o explore.Options) (*Report, error)
	// Replay re-executes a trace and renders it.
	Replay(t *counterexamples.Trace) (*ReplayReport, error)
	// Tools returns what can be done with the model's traces: timelines (for the HTML, ShiViz
	// and Mermaid renderings) and minimization.
	Tools() counterexamples.Tools
}

// Report is the outcome of Runner.Explore.
type Report struct {
	explore.Stats
	// Strategy is the search that ran, and Options its options with defaults filled in.
	Strategy explore.Strategy
	Options  explore.Options
	// Findings are the violated properties.
	Findings []Finding
	// Fairness is the fairness liveness was judged under.
	Fairness model.Fairness
	// Notes say what the search could not judge.
	Notes []string
	// Verdict is what the search concluded (explore.Result.Verdict).
	Verdict explore.Verdict
}

// Finding is one violated property.
type Finding struct {
	Property string
	Kind     model.Kind
	Reason   string
	// Steps is the counterexample's length (after minimization, for DFS and random walks).
	Steps int
	// Trace is the counterexample, ready to save; nil for a Sometimes property, which has
	// none.
	Trace *counterexamples.Trace
	// Diagram is the counterexample's sequence diagram.
	Diagram string
	// Inconclusive marks a Sometimes property that a search that was not exhaustive did not
	// reach: not a violation (explore.Violation.Inconclusive).
	Inconclusive bool
}

// ReplayReport is the outcome of Runner.Replay.
type ReplayReport struct {
	// Reproduced says whether the trace's property still fails at its end.
	Reproduced bool
	// Detail says how it fails, or why it no longer does.
	Detail string
	// Steps is the number of steps replayed.
	Steps int
	// Diagram is the trace's sequence diagram.
	Diagram string
}

// NewRunner returns a Runner for m.
func NewRunner[S any](m model.Model[S]) Runner { return &runner[S]{m: m} }

type runner[S any] struct{ m model.Model[S] }

// SystemOf returns the actor-layer System that r explores, or nil if r's model is not one.
func SystemOf(r Runner) *actor.System {
	if rr, ok := r.(*runner[*actor.State]); ok {
		sys, _ := rr.m.(*actor.System)
		return sys
	}
	return nil
}

func (r *runner[S]) Identity() (string, map[string]string) { return counterexamples.Identity(r.m) }

func (r *runner[S]) Tools() counterexamples.Tools { return counterexamples.ToolsFor(r.m) }

func (r *runner[S]) Explore(ctx context.Context, o explore.Options) (*Report, error) {
	res, err := explore.Run(ctx, r.m, o)
	if err != nil {
		return nil, err
	}
	rep := &Report{Stats: res.Stats, Strategy: res.Strategy, Options: res.Options, Fairness: res.Fairness, Notes: res.Notes, Verdict: res.Verdict()}
	for _, v := range res.Violations {
		f := Finding{Property: v.Property, Kind: v.Kind, Reason: v.Reason, Steps: v.Path.Len(), Inconclusive: v.Inconclusive}
		if v.Kind != model.KindSometimes {
			// Traces of DFS and random walks are minimized before they are shown or saved;
			// BFS's are shortest already.
			tr, _, err := counterexamples.NewMinimized(ctx, r.m, res, v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", v.Property, err)
			}
			f.Trace, f.Steps = tr, len(tr.Steps)
			rr, err := r.Replay(tr)
			if err != nil {
				return nil, fmt.Errorf("%s: the counterexample does not replay: %w", v.Property, err)
			}
			f.Diagram = rr.Diagram
		}
		rep.Findings = append(rep.Findings, f)
	}
	return rep, nil
}

func (r *runner[S]) Replay(t *counterexamples.Trace) (*ReplayReport, error) {
	rr, err := counterexamples.Replay(r.m, t)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := counterexamples.Render(&b, r.m, rr); err != nil {
		return nil, err
	}
	return &ReplayReport{Reproduced: rr.Reproduced, Detail: rr.Detail, Steps: rr.Path.Len(), Diagram: b.String()}, nil
}

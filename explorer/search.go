package explorer

import (
	"context"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// SearchReport is what a search from the current state found.
type SearchReport struct {
	Progress
	// Violations are the always properties found violated, each with the length of its whole
	// path (the steps chosen so far and the search's).
	Violations []FoundView `json:"violations"`
}

// Progress is a search's counts so far (see explore.Stats).
type Progress struct {
	Distinct   int64   `json:"distinct"`
	Generated  int64   `json:"generated"`
	MaxDepth   int     `json:"depth"`
	Queued     int64   `json:"queued"`
	Seconds    float64 `json:"seconds"`
	Stopped    string  `json:"stopped,omitempty"`
	Exhaustive bool    `json:"exhaustive"`
}

func progressOf(s explore.Stats) Progress {
	return Progress{Distinct: s.Distinct, Generated: s.Generated, MaxDepth: s.MaxDepth, Queued: s.Queued,
		Seconds: s.Elapsed.Seconds(), Stopped: string(s.Stopped), Exhaustive: s.Exhaustive}
}

// FoundView is a violation a search found.
type FoundView struct {
	Index    int    `json:"index"`
	Property string `json:"property"`
	Reason   string `json:"reason"`
	Steps    int    `json:"steps"`
}

// from is model m started at one state: what a search from the current state explores. It
// checks m's always properties only: a search from the middle of a behaviour cannot judge
// sometimes and liveness properties.
type from[S any] struct {
	model.Model[S]
	start S
}

func (f from[S]) Init(emit func(S)) { emit(f.start) }

func (f from[S]) Properties() []model.Property[S] {
	var out []model.Property[S]
	for _, p := range f.Model.Properties() {
		if p.Kind == model.KindAlways {
			out = append(out, p)
		}
	}
	return out
}

// search runs a breadth-first search from the current state with options o (BFS, every
// violated property collected), remembers the violations it finds, with their whole paths,
// for jump, and reports them.
func (e *engine[S]) search(ctx context.Context, o explore.Options) (*SearchReport, error) {
	e.mu.Lock()
	prefix := e.path
	e.mu.Unlock()
	o.Strategy, o.CollectAll = explore.BFS, true
	res, err := explore.Run(ctx, from[S]{Model: e.m, start: prefix.Last()}, o)
	if err != nil {
		return nil, err
	}
	var fs []found[S]
	rep := &SearchReport{Progress: progressOf(res.Stats), Violations: []FoundView{}}
	for _, v := range res.Violations {
		if v.Kind != model.KindAlways {
			continue
		}
		steps := append(prefix.Steps[:len(prefix.Steps):len(prefix.Steps)], v.Path.Steps...)
		f := found[S]{property: v.Property, kind: v.Kind, reason: v.Reason, path: explore.Path[S]{Init: prefix.Init, Steps: steps}}
		rep.Violations = append(rep.Violations, FoundView{Index: len(fs), Property: f.property, Reason: f.reason, Steps: len(steps)})
		fs = append(fs, f)
	}
	e.mu.Lock()
	e.found = fs
	e.mu.Unlock()
	return rep, nil
}

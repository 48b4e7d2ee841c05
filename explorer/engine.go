package explorer

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// session is a model under exploration with its state type hidden: what the server drives.
// Its methods are safe for concurrent use.
type session interface {
	// view describes the current state, the actions enabled in it and the path so far.
	view() (*View, error)
	// choose takes enabled action index in the state after step steps, which must be the
	// current state (a stale page gets errStale).
	choose(step, index int) error
	// back returns to the state after step steps (0: the initial state).
	back(step int) error
	// restart starts again from initial state init.
	restart(init int) error
	// open follows a trace's steps from its initial state.
	open(t *counterexamples.Trace) error
	// trace returns the current path as a trace of the property violated in its last state.
	trace() (*counterexamples.Trace, error)
	// search explores from the current state (see searchFrom).
	search(ctx context.Context, o explore.Options) (*SearchReport, error)
	// jump makes the path of the search's i-th violation the current path.
	jump(i int) error
	// minimize shortens the current path (it must end in a violation).
	minimize(ctx context.Context) error
}

// errStale is returned for a request made on a state that is no longer the current one.
var errStale = errors.New("the page is out of date: the path changed since it was drawn (reload it)")

// found is a violation that a search from the current state found, with its whole path.
type found[S any] struct {
	property string
	kind     model.Kind
	reason   string
	path     explore.Path[S]
}

// engine is the session of a model whose states are of type S.
type engine[S any] struct {
	m      model.Model[S]
	names  []string // the actors' names, or nil
	actors model.Actors[S]
	inits  []S

	mu    sync.Mutex
	init  int
	path  explore.Path[S]
	succ  []explore.Step[S] // the successors of path.Last(), or nil before they are computed
	found []found[S]
}

// newEngine starts a session of m at its first initial state.
func newEngine[S any](m model.Model[S]) (*engine[S], error) {
	if v, ok := any(m).(model.Validator); ok {
		if err := v.Validate(); err != nil {
			return nil, err
		}
	}
	e := &engine[S]{m: m}
	if a, ok := any(m).(model.Actors[S]); ok {
		e.actors, e.names = a, a.ActorNames()
	}
	if err := protect("Init", func() { m.Init(func(s S) { e.inits = append(e.inits, s) }) }); err != nil {
		return nil, err
	}
	if len(e.inits) == 0 {
		return nil, errors.New("the model has no initial state")
	}
	e.path = explore.Path[S]{Init: e.inits[0]}
	return e, nil
}

// protect runs f, turning a panic in the model into an error naming what was called.
func protect(what string, f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the model's %s panicked: %v", what, p)
		}
	}()
	f()
	return nil
}

// successors returns the successors of the current state, computing them once. e.mu is held.
func (e *engine[S]) successors() ([]explore.Step[S], error) {
	if e.succ != nil {
		return e.succ, nil
	}
	succ := []explore.Step[S]{}
	err := protect("Next", func() {
		e.m.Next(e.path.Last(), func(a model.Action, s S) {
			a.Choices = append([]int(nil), a.Choices...)
			succ = append(succ, explore.Step[S]{Action: a, State: s})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("after step %d: %w", e.path.Len(), err)
	}
	e.succ = succ
	return succ, nil
}

// setPath makes p the current path. e.mu is held.
func (e *engine[S]) setPath(p explore.Path[S]) {
	e.path, e.succ = p, nil
}

func (e *engine[S]) choose(step, index int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if step != e.path.Len() {
		return errStale
	}
	succ, err := e.successors()
	if err != nil {
		return err
	}
	if index < 0 || index >= len(succ) {
		return fmt.Errorf("action %d: the state after step %d has %d enabled actions", index, step, len(succ))
	}
	steps := append(e.path.Steps[:len(e.path.Steps):len(e.path.Steps)], succ[index])
	e.setPath(explore.Path[S]{Init: e.path.Init, Steps: steps})
	return nil
}

func (e *engine[S]) back(step int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if step < 0 || step > e.path.Len() {
		return fmt.Errorf("step %d: the path has steps 0 to %d", step, e.path.Len())
	}
	e.setPath(explore.Path[S]{Init: e.path.Init, Steps: e.path.Steps[:step:step]})
	return nil
}

func (e *engine[S]) restart(init int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if init < 0 || init >= len(e.inits) {
		return fmt.Errorf("initial state %d: the model has initial states 0 to %d", init, len(e.inits)-1)
	}
	e.init = init
	e.setPath(explore.Path[S]{Init: e.inits[init]})
	return nil
}

func (e *engine[S]) open(t *counterexamples.Trace) error {
	r, err := counterexamples.Replay(e.m, t)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.init = t.Init
	e.setPath(r.Path)
	return nil
}

// violated returns the first always property that is false in s, and whether there is one.
func (e *engine[S]) violated(s S) (model.Property[S], bool) {
	for _, p := range e.m.Properties() {
		if p.Kind != model.KindAlways {
			continue
		}
		holds, err := evaluate(p.Holds, s)
		if err != nil || !holds {
			return p, true
		}
	}
	return model.Property[S]{}, false
}

// evaluate calls a predicate, turning a panic into an error.
func evaluate[S any](pred func(S) bool, s S) (holds bool, err error) {
	if pred == nil {
		return false, errors.New("no predicate")
	}
	err = protect("property", func() { holds = pred(s) })
	return holds, err
}

// pathTrace records path p as a trace of property (an always property of the model, or
// model.PanicProperty, which every model has in effect).
func (e *engine[S]) pathTrace(p explore.Path[S], property, reason string) (*counterexamples.Trace, error) {
	res := &explore.Result[S]{Strategy: explore.BFS}
	v := explore.Violation[S]{Property: property, Kind: model.KindAlways, Path: p, Reason: reason, Loop: -1, Stabilized: -1}
	t, err := counterexamples.New(e.m, res, v)
	if err != nil {
		return nil, err
	}
	t.Strategy = "explorer"
	return t, nil
}

func (e *engine[S]) trace() (*counterexamples.Trace, error) {
	e.mu.Lock()
	p := e.path
	e.mu.Unlock()
	prop, ok := e.violated(p.Last())
	if !ok {
		return nil, errors.New("no always property is violated in the current state: a trace records a violation (search from here, or choose more actions)")
	}
	return e.pathTrace(p, prop.Name, fmt.Sprintf("%s is false after %d steps chosen in distcheck explore", prop.Name, p.Len()))
}

func (e *engine[S]) minimize(ctx context.Context) error {
	t, err := e.trace()
	if err != nil {
		return err
	}
	short, _, err := counterexamples.MinimizeContext(ctx, e.m, t, counterexamples.MinimizeOptions{})
	if err != nil {
		return fmt.Errorf("minimize: %w", err)
	}
	r, err := counterexamples.Replay(e.m, short)
	if err != nil {
		return fmt.Errorf("minimize: the shortened path does not replay: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.init = short.Init
	e.setPath(r.Path)
	return nil
}

func (e *engine[S]) jump(i int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if i < 0 || i >= len(e.found) {
		return fmt.Errorf("violation %d: the last search found %d", i, len(e.found))
	}
	e.setPath(e.found[i].path)
	return nil
}

package checks

import (
	"context"
	"errors"
	"fmt"

	"github.com/anishathalye/porcupine"
)

// spec is a porcupine.Model with its defaults filled in, as the checkers use it.
type spec struct {
	m     porcupine.Model
	init  func() any
	step  func(state, input, output any) (bool, any)
	equal func(a, b any) bool
	hash  func(any) uint64 // nil if the model has none
}

// newSpec fills in m's defaults the way porcupine does: Step from StepContext, Equal as ==.
func newSpec(m porcupine.Model) (*spec, error) {
	s := &spec{m: m, init: m.Init, step: m.Step, equal: m.Equal, hash: m.Hash}
	switch {
	case m.Init == nil:
		return nil, errors.New("checks: the model has no Init")
	case m.Step == nil && m.StepContext == nil:
		return nil, errors.New("checks: the model has neither Step nor StepContext")
	}
	if s.step == nil {
		s.step = func(state, input, output any) (bool, any) {
			return m.StepContext(context.Background(), state, input, output)
		}
	}
	if s.equal == nil {
		s.equal = func(a, b any) bool { return a == b }
	}
	return s, nil
}

// probe gives every operation of h to the model, from its initial state, with output Unknown
// and with its own output, and reports the first one it refuses by panicking (an operation of
// another object, an output of the wrong type). porcupine runs the model on goroutines of its
// own, where such a panic could not be caught.
func (s *spec) probe(h *History) error {
	var init any
	if err := catch(func() { init = s.init() }); err != nil {
		return fmt.Errorf("checks: the model's Init panicked: %w", err)
	}
	for i := range h.ops {
		op := &h.ops[i]
		if err := catch(func() { s.step(init, op.input, Unknown{}); s.step(init, op.input, op.output) }); err != nil {
			return fmt.Errorf("history: %s (%v): the model refuses it: %w", op.name(), op.input, err)
		}
	}
	return nil
}

// catch runs f and returns its panic, if any, as an error.
func catch(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", p)
			}
		}
	}()
	f()
	return nil
}

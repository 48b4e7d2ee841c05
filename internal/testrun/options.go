package testrun

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/explore"
)

// Option is one option of distcheck.Check and of the conformance suites — the type both
// packages name Option: its name, as the user wrote it ("distcheck.Seed"), for errors, and
// what it sets.
type Option struct {
	name  string
	apply func(*Settings)
}

// NewOption returns the option called name that applies set.
func NewOption(name string, set func(*Settings)) Option { return Option{name: name, apply: set} }

// Name returns the option's name, e.g. "distcheck.Seed".
func (o Option) Name() string { return o.name }

// Settings are what the options set. Check reads some of them, the conformance runner others,
// and both the ones whose meaning is the same (the seed, the budgets, the trace directory,
// CollectAll).
type Settings struct {
	// Explore are the search's options (distcheck.Strategy, Seed, Walks, MaxStates, ...).
	Explore explore.Options
	// Given are the names of the options given, in order (InShort's inner options only when
	// they apply).
	Given []string
	// Short are the options to apply under go test -short (distcheck.InShort).
	Short []Option
	// Expect is the property expected to be violated (distcheck.ExpectViolation).
	Expect string
	// Dir is the directory of saved counterexamples (distcheck.TraceDir).
	Dir string

	// FailFast, Out, JSON, Only and Deterministic are the conformance suites' own
	// (conformance.FailFast, Output, JSON, Only, CheckDeterminism).
	FailFast      bool
	Out           io.Writer
	JSON          string
	Only          []string
	Deterministic bool
}

// Gave reports whether the option called name was given.
func (s *Settings) Gave(name string) bool { return slices.Contains(s.Given, name) }

// Apply returns the settings of opts over defaults, with the options given through InShort
// when short is set. It refuses an option whose name accepted does not accept, naming it and
// who takes it instead (forWhat is "distcheck.Check", say).
func Apply(defaults Settings, opts []Option, short bool, accepted func(name string) bool, forWhat string) (*Settings, error) {
	s := defaults
	if err := s.apply(opts, accepted, forWhat); err != nil {
		return nil, err
	}
	inner := s.Short
	s.Short = nil
	for _, o := range inner {
		if err := check(o, accepted, forWhat); err != nil {
			return nil, err
		}
	}
	if short {
		if err := s.apply(inner, accepted, forWhat); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

func (s *Settings) apply(opts []Option, accepted func(string) bool, forWhat string) error {
	for _, o := range opts {
		if err := check(o, accepted, forWhat); err != nil {
			return err
		}
		s.Given = append(s.Given, o.name)
		o.apply(s)
	}
	return nil
}

// check refuses the zero Option and one that accepted does not accept.
func check(o Option, accepted func(string) bool, forWhat string) error {
	switch {
	case o.apply == nil:
		return fmt.Errorf("%s: an option is the zero Option; make options with their functions (distcheck.Seed, ...)", forWhat)
	case !accepted(o.name):
		return fmt.Errorf("%s does not take the option %s%s", forWhat, o.name, elsewhere(o.name))
	}
	return nil
}

// elsewhere says where an option is taken, for an error that refuses it.
func elsewhere(name string) string {
	if strings.HasPrefix(name, "conformance.") {
		return " (it is for the conformance suites' Run)"
	}
	return " (the suites' scenarios choose their own search)"
}

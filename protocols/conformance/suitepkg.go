package conformance

import (
	"cmp"
	"fmt"
	"reflect"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Nodes makes n nodes with newNode, a suite's implementation's constructor, called with the
// IDs 0 to n-1 in order: for suites whose scenarios build their systems themselves. It
// returns an error naming the node for which newNode returns nil or a node the explorer
// cannot clone or hash (one holding a func or a channel, say).
func Nodes[N actor.Node](n int, newNode func(id model.NodeID) N) ([]actor.Node, error) {
	nodes := make([]actor.Node, n)
	for i := range nodes {
		var nd actor.Node = newNode(model.NodeID(i))
		if nd == nil || reflect.ValueOf(nd).Kind() == reflect.Pointer && reflect.ValueOf(nd).IsNil() {
			return nil, fmt.Errorf("the constructor returned no node for node %d", i)
		}
		if err := value.Check(nd); err != nil {
			return nil, fmt.Errorf("node %d: %w", i, err)
		}
		nodes[i] = nd
	}
	return nodes, nil
}

// RunNamed is Run for a suite package whose Run takes an implementation: it names the
// implementation after t's test if impl is empty, also writes the report as JSON to jsonPath
// if it is not empty (the suite's -<suite>.json flag), builds the suite with build — given
// the implementation's name — and fails t at once, naming the suite and the implementation,
// if build returns an error.
func RunNamed(t testing.TB, suite, impl, jsonPath string, build func(impl string) (Suite, error), opts ...Option) *Report {
	t.Helper()
	impl = cmp.Or(impl, t.Name())
	if jsonPath != "" {
		opts = append([]Option{JSON(jsonPath)}, opts...)
	}
	s, err := build(impl)
	if err != nil {
		t.Fatalf("%s: %s: %v", suite, impl, err)
		return &Report{Suite: suite, Implementation: impl}
	}
	return Run(t, s, opts...)
}

// NewSuite returns the Suite called name of the implementation impl, whose scenarios are a
// suite package's own — own, or defaults if own is nil — each made package conformance's by
// scenario, which validates it and sets its Build. It returns the first error.
func NewSuite[S any](name, impl string, own, defaults []S, scenario func(S) (Scenario, error)) (Suite, error) {
	s := Suite{Name: name, Implementation: impl}
	if own == nil {
		own = defaults
	}
	for _, sc := range own {
		c, err := scenario(sc)
		if err != nil {
			return s, err
		}
		s.Scenarios = append(s.Scenarios, c)
	}
	return s, nil
}

// ExpectFailure runs a suite with run — its Run on one implementation, say — recording its
// failures instead of failing t, and fails t unless property failed in scenario, with a
// counterexample file unless it is a Sometimes property. It returns the report and the
// recording. For a suite's own tests of implementations it must fail.
func ExpectFailure(t *testing.T, property, scenario string, run func(testing.TB) *Report) (*Report, *Recording) {
	t.Helper()
	var rep *Report
	r := Record(t, func(tb testing.TB) { rep = run(tb) })
	if rep == nil {
		t.Fatalf("the suite did not run: %s", r.Errors())
		return nil, r
	}
	g, _ := rep.Grade(property)
	switch {
	case !r.Failed():
		t.Errorf("the suite passes %s", rep.Implementation)
	case g.Status != Failed || g.Scenario != scenario:
		t.Errorf("want %s to fail in %s; the report:\n%s", property, scenario, rep)
	}
	return rep, r
}

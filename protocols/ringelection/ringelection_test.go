package ringelection_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/ringelection"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On every execution, whoever starts and whenever, at most one coordinator is elected, it is
// the largest identifier, and under fairness every node learns it — for several rings and
// placements of the identifiers.
func TestRingElectsTheHighest(t *testing.T) {
	for _, c := range []ringelection.Config{
		{Nodes: 2},
		{Nodes: 3},
		{Nodes: 3, IDs: []int{1, 2, 3}},
		{Nodes: 3, IDs: []int{2, 3, 1}},
		{Nodes: 4, IDs: []int{3, 1, 4, 2}},
	} {
		t.Run(fmt.Sprint(c.Nodes, c.IDs), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, ringelection.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Compared the wrong way round, the ring elects the smallest identifier.
func TestLowestWinsElectsTheSmallest(t *testing.T) {
	sys := actortest.System(t, ringelection.New, ringelection.Config{Nodes: 3, Bug: ringelection.BugLowestWins})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("HighestElected"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "HighestElected")
	coords := ringelection.Coordinators(v.Path.Last())
	require.Len(t, coords, 1)
	assert.Equal(t, 1, actor.NodeAs[*ringelection.Node](v.Path.Last(), coords[0]).ID, "the smallest identifier")
}

// A participant that discards larger identifiers: two nodes start, each discards the other's
// Election, and the ring falls silent with no coordinator.
func TestParticipantDiscardsElectsNoOne(t *testing.T) {
	sys := actortest.System(t, ringelection.New, ringelection.Config{Nodes: 3, Bug: ringelection.BugParticipantDiscards})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Elected"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "Elected")
	last := v.Path.Last()
	assert.Empty(t, last.InFlight(), "no message is left")
	assert.Empty(t, ringelection.Coordinators(last))
	starts := 0
	for _, st := range v.Path.Steps {
		if st.Action.Kind == model.ActionTimeout {
			starts++
		}
	}
	assert.GreaterOrEqual(t, starts, 2, "two nodes started")
}

// Chang and Roberts claim nothing under crashes, and rightly: a crashed node breaks the ring,
// an Election stops at it, and no one is elected. Safety still holds (the only violation is
// Elected, on a path that ends).
func TestACrashStopsTheElection(t *testing.T) {
	sys := actortest.System(t, ringelection.New, ringelection.Config{Nodes: 3, Faults: actor.Faults{Crashes: 1}})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Elected"), distcheck.CollectAll(), distcheck.TraceDir(t.TempDir()))
	require.Len(t, res.Violations, 1)
	v := distcheck.Violation(t, res, "Elected")
	assert.Negative(t, v.Loop, "a path that ends")
	assert.Equal(t, 1, v.Path.Kinds()[model.ActionCrash])
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestLowestWinsElectsTheSmallest":    ringelection.BugLowestWins,
		"TestParticipantDiscardsElectsNoOne": ringelection.BugParticipantDiscards,
	} {
		sys := actortest.System(t, ringelection.New, ringelection.Config{Nodes: 3, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]ringelection.Config{
		"ring-election: nodes is 1, want at least 2":                                {Nodes: 1},
		"ring-election: IDs has 2 identifiers for 3 nodes":                          {Nodes: 3, IDs: []int{1, 2}},
		"ring-election: IDs [1 1 2] are not positive and distinct":                  {Nodes: 3, IDs: []int{1, 1, 2}},
		"ring-election: IDs [0 1 2] are not positive and distinct":                  {Nodes: 3, IDs: []int{0, 1, 2}},
		`ring-election: unknown bug "x" (known: lowest-wins, participant-discards)`: {Nodes: 3, Bug: "x"},
	} {
		_, err := ringelection.New(cfg)
		assert.EqualError(t, err, want)
	}
}

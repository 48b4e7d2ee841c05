package counterexamples_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twophase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplayReproducesTheTwoPhaseBug(t *testing.T) {
	m := earlyCommit(t)
	res, v := violation(t, m, explore.Options{Workers: 1})
	tr, err := counterexamples.New(m, res, v)
	require.NoError(t, err)

	// Replay from the file, on a model built afresh.
	data, err := tr.Marshal()
	require.NoError(t, err)
	loaded, err := counterexamples.Parse(data, "bug.json")
	require.NoError(t, err)
	r, err := counterexamples.Replay(earlyCommit(t), loaded)
	require.NoError(t, err)
	assert.True(t, r.Reproduced)
	assert.Equal(t, "TCConsistent does not hold in the last state (after 5 steps)", r.Detail)
	assert.Equal(t, v.Path, r.Path, "the replay follows the path the search found")
	assert.Same(t, loaded, r.Trace)
}

func TestReplayRefusesAnotherConfiguration(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	correct, err := twophase.New(3, bugs.None)
	require.NoError(t, err)
	_, err = counterexamples.Replay(correct, tr)
	var me *counterexamples.MismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "params", me.Field)
	assert.Equal(t, `trace is of protocol "twophase" with bug=early-commit, rms=3, this model is "twophase" with rms=3`, err.Error())

	five, err := twophase.New(5, twophase.BugEarlyCommit)
	require.NoError(t, err)
	_, err = counterexamples.Replay(five, tr)
	require.ErrorAs(t, err, &me)
	assert.Equal(t, `trace is of protocol "twophase" with bug=early-commit, rms=3, this model is "twophase" with bug=early-commit, rms=5`, err.Error())
}

func TestReplayRefusesAnotherProtocol(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	_, err := counterexamples.Replay[*actor.State](pingPong(0), tr)
	var me *counterexamples.MismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "protocol", me.Field)
	assert.Contains(t, err.Error(), `trace is of protocol "twophase" with bug=early-commit, rms=3, this model is "pingpong" with pings=2`)
}

func TestReplayRefusesAMissingProperty(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	tr.Property = "Durable"
	_, err := counterexamples.Replay(earlyCommit(t), tr)
	var me *counterexamples.MismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "property", me.Field)
	assert.Equal(t, `trace is of property "Durable", which this model does not have (its properties: "TypeOK", "TCConsistent", "SomeRMCommits")`, err.Error())

	// no-panic is a property of every model, built in for spec-layer ones, but only as an
	// invariant.
	tr.Property, tr.Kind, tr.End = model.PanicProperty, "eventually", counterexamples.EndTerminal
	_, err = counterexamples.Replay(earlyCommit(t), tr)
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "property", me.Field)
}

func TestReplayRefusesAPropertyOfAnotherKind(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	tr.Property = "SomeRMCommits"
	_, err := counterexamples.Replay(earlyCommit(t), tr)
	var me *counterexamples.MismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "kind", me.Field)
	assert.Equal(t, `trace is of always property "SomeRMCommits", this model has sometimes property "SomeRMCommits"`, err.Error())
}

func TestReplayStopsWhereTheTraceDiverges(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	require.GreaterOrEqual(t, len(tr.Steps), 3)
	tr.Steps[2] = counterexamples.ActionRecord{Kind: "step", Name: "RMPrepare", Node: "rm3", Arg: intp(7)}
	_, err := counterexamples.Replay(earlyCommit(t), tr)
	var de *counterexamples.DivergedError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 3, de.Step)
	assert.Equal(t, tr.Steps[2], de.Want)
	require.NotEmpty(t, de.Enabled)
	assert.Contains(t, de.Enabled, counterexamples.ActionRecord{Kind: "step", Name: "TMAbort", Node: "TM"})
	assert.True(t, strings.HasPrefix(err.Error(), "trace diverges at step 3: RMPrepare(7) is not enabled (enabled: "), err.Error())
	assert.Contains(t, err.Error(), "TMAbort")
}

// A spec-layer step whose text does not name its node, recorded at the wrong node: the error
// names the node of the step and of the enabled action that reads alike.
func TestDivergedErrorNamesTheNodeOfAStepThatReadsAlike(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	i := slices.IndexFunc(tr.Steps, func(r counterexamples.ActionRecord) bool { return r.Node != "" && r.Node != "TM" })
	require.GreaterOrEqual(t, i, 0, "the trace has a step of a resource manager")
	wrong := tr.Steps[i]
	right := wrong.Node
	wrong.Node = map[bool]string{true: "rm2", false: "rm1"}[right == "rm1"]
	tr.Steps[i] = wrong
	_, err := counterexamples.Replay(earlyCommit(t), tr)
	var de *counterexamples.DivergedError
	require.ErrorAs(t, err, &de)
	text := wrong.String()
	assert.Contains(t, err.Error(), fmt.Sprintf("step %d: %s at node %s is not enabled (enabled: ", i+1, text, wrong.Node))
	assert.Contains(t, err.Error(), fmt.Sprintf("(enabled: %s at node %s", text, right), "the enabled one comes first, with its node")
}

func TestDivergedErrorCapsTheEnabledList(t *testing.T) {
	e := &counterexamples.DivergedError{Step: 4, Want: counterexamples.ActionRecord{Kind: "step", Name: "x"}}
	assert.Equal(t, "trace diverges at step 4: x is not enabled (no action is: the state reached has no successors)", e.Error())
	for i := range 13 {
		e.Enabled = append(e.Enabled, counterexamples.ActionRecord{Kind: "step", Name: "a", Arg: intp(i)})
	}
	assert.Equal(t, "trace diverges at step 4: x is not enabled (enabled: a(0); a(1); a(2); a(3); a(4); a(5); a(6); a(7); a(8); a(9); and 3 more)", e.Error())
}

func TestReplayDivergesPastTheEnd(t *testing.T) {
	g := &grid{n: 3, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.X < 2 }),
	}}
	tr := traceOf(t, g)
	tr.Steps = append(tr.Steps, tr.Steps[len(tr.Steps)-1]) // a step right, off the grid
	_, err := counterexamples.Replay(g, tr)
	var de *counterexamples.DivergedError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, len(tr.Steps), de.Step)
	assert.Equal(t, []counterexamples.ActionRecord{{Kind: "step", Name: "up", Node: "0", Arg: intp(1)}}, de.Enabled)
}

func TestReplayOfAFixedBugIsNotReproduced(t *testing.T) {
	broken := &grid{n: 10, props: []model.Property[point]{
		properties.Always("sum below 7", func(p point) bool { return p.X+p.Y < 7 }),
	}}
	tr := traceOf(t, broken)
	fixed := &grid{n: 10, props: []model.Property[point]{
		properties.Always("sum below 7", func(p point) bool { return true }),
	}}
	r, err := counterexamples.Replay(fixed, tr)
	require.NoError(t, err)
	assert.False(t, r.Reproduced)
	assert.Equal(t, "sum below 7 holds in the last state (after 7 steps): the bug is fixed or the trace no longer reaches it", r.Detail)
	assert.Equal(t, 7, r.Path.Len())
}

func TestReplayOfAnEventuallyTrace(t *testing.T) {
	g := &grid{n: 4, props: []model.Property[point]{
		properties.Eventually("visits (0,3)", func(p point) bool { return p == point{0, 3} }),
	}}
	tr := traceOf(t, g)
	require.Equal(t, counterexamples.EndTerminal, tr.End)
	r, err := counterexamples.Replay(g, tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced)
	assert.Equal(t, point{3, 3}, r.Path.Last())
	assert.Equal(t, "visits (0,3) is never met: the path ends after 6 steps in a state where nothing but faults can happen", r.Detail)

	// On a bigger grid the same path no longer ends where it did.
	bigger := &grid{n: 5, props: g.props}
	r, err = counterexamples.Replay(bigger, tr)
	require.NoError(t, err)
	assert.False(t, r.Reproduced)
	assert.Contains(t, r.Detail, "is not met, but the path no longer ends: a step other than a fault is enabled in its last state")

	// If the predicate now holds somewhere on the path, the trace is not reproduced.
	now := &grid{n: 4, props: []model.Property[point]{
		properties.Eventually("visits (0,3)", func(p point) bool { return p.X == 2 }),
	}}
	r, err = counterexamples.Replay(now, tr)
	require.NoError(t, err)
	assert.False(t, r.Reproduced)
	assert.Contains(t, r.Detail, "visits (0,3) is met on the path, in the state after")
}

func TestReplayOfADepthBoundedEventuallyTrace(t *testing.T) {
	g := &grid{n: 10, props: []model.Property[point]{
		properties.Eventually("reaches the corner", func(p point) bool { return p == point{9, 9} }),
	}}
	res, v := violation(t, g, explore.Options{Strategy: explore.Random, MaxDepth: 5, Seed: 9, Walks: 10})
	tr, err := counterexamples.New(g, res, v)
	require.NoError(t, err)
	require.Equal(t, counterexamples.EndBound, tr.End)
	require.NotNil(t, tr.Stabilized)
	assert.Equal(t, 2, *tr.Stabilized)
	assert.Equal(t, 2, tr.Within)
	r, err := counterexamples.Replay(g, tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
	assert.Equal(t, "reaches the corner is not met within 2 steps after faults stopped at step 2", r.Detail)
}

func TestReplayOfASpecLayerPanic(t *testing.T) {
	g := &grid{n: 5, panicAt: &point{2, 1}}
	tr := traceOf(t, g)
	assert.Equal(t, model.PanicProperty, tr.Property)
	assert.Equal(t, "always", tr.Kind)
	r, err := counterexamples.Replay(g, tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced)
	assert.Equal(t, point{2, 1}, r.Path.Last())
	assert.Equal(t, "Next panics expanding the last state (after 3 steps): boom at {2 1}", r.Detail)

	fixed := &grid{n: 5}
	r, err = counterexamples.Replay(fixed, tr)
	require.NoError(t, err)
	assert.False(t, r.Reproduced)
	assert.Contains(t, r.Detail, "Next no longer panics expanding the last state")
}

func TestReplayTurnsAPanicOnTheWayIntoAnError(t *testing.T) {
	g := &grid{n: 5, props: []model.Property[point]{
		properties.Always("x below 3", func(p point) bool { return p.X < 3 }),
	}}
	tr := traceOf(t, g)
	_, err := counterexamples.Replay(&grid{n: 5, panicAt: &point{1, 0}, props: g.props}, tr)
	require.Error(t, err)
	assert.Equal(t, "replay: step 2: the model's Next panicked in the state reached by the steps before it: boom at {1 0}", err.Error())
}

func TestReplayOfANodePanic(t *testing.T) {
	sys := pingPong(2)
	tr := traceOf(t, sys)
	require.Equal(t, model.PanicProperty, tr.Property)
	r, err := counterexamples.Replay(pingPong(2), tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced)
	assert.Contains(t, r.Detail, "no-panic does not hold in the last state (after 1 step): node 1: panic: ping 2 is bad")
	require.NotNil(t, r.Path.Last().Failure())

	r, err = counterexamples.Replay(pingPong(0), tr)
	require.NoError(t, err)
	assert.False(t, r.Reproduced, "the node no longer panics")
	assert.Contains(t, r.Detail, "no-panic holds in the last state")
}

func TestReplayFollowsTheRecordedChoices(t *testing.T) {
	tr := traceOf(t, chooser())
	require.Len(t, tr.Steps, 2)
	assert.Equal(t, []int{2}, tr.Steps[0].Choices)
	r, err := counterexamples.Replay(chooser(), tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced)
	assert.Equal(t, 3, actor.NodeAs[*asker](r.Path.Last(), 0).Got)
	assert.Equal(t, []int{2}, r.Path.Steps[0].Action.Choices)

	// Another choice leads to another branch: the pong of 3 is then never sent.
	other := *tr
	other.Steps = append([]counterexamples.ActionRecord(nil), tr.Steps...)
	other.Steps[0].Choices = []int{1}
	_, err = counterexamples.Replay(chooser(), &other)
	var de *counterexamples.DivergedError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 2, de.Step)
	assert.Contains(t, err.Error(), "enabled: deliver n1→n0 counterexamples_test.Pong{Seq:2}")

	// And with the message to match, that branch replays, without the violation.
	other.Steps[1].Msg = &counterexamples.Payload{Type: "counterexamples_test.Pong", Value: "counterexamples_test.Pong{Seq:2}"}
	r, err = counterexamples.Replay(chooser(), &other)
	require.NoError(t, err)
	assert.False(t, r.Reproduced)
	assert.Equal(t, 2, actor.NodeAs[*asker](r.Path.Last(), 0).Got)
}

func TestReplayOfAnActorTraceWithDrops(t *testing.T) {
	res, err := exploreAll(pingPong(0))
	require.NoError(t, err)
	require.Len(t, res.Violations, 2)
	for _, v := range res.Violations {
		tr, err := counterexamples.New(pingPong(0), res, v)
		require.NoError(t, err)
		r, err := counterexamples.Replay(pingPong(0), tr)
		require.NoError(t, err)
		assert.True(t, r.Reproduced, v.Property)
		assert.Equal(t, 1, r.Path.Last().FaultsUsed().Drops)
	}
}

func TestReplayRejectsAnInitialStateOutOfRange(t *testing.T) {
	g := &grid{n: 3, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.X < 2 }),
	}}
	tr := traceOf(t, g)
	tr.Init = 3
	_, err := counterexamples.Replay(g, tr)
	assert.EqualError(t, err, "replay: the trace starts from initial state 3, but the model has 1 initial states")
}

func TestReplayRejectsAnInvalidTrace(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	tr.Steps[0].Kind = "teleport"
	_, err := counterexamples.Replay(earlyCommit(t), tr)
	assert.EqualError(t, err, `replay: step 1: unknown action kind "teleport"`)
}

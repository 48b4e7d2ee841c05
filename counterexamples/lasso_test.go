package counterexamples_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// rally is a spec-layer model: 0 ⇄ 1 by actor 0 (ping, pong), and from either, actor 1 may
// finish (2). Eventually(finished) fails on the loop unless fairness forces finish.
type rally struct {
	fair model.Fairness
	// noPong removes the pong step, so that an old loop no longer closes.
	noPong bool
}

func (m *rally) Init(emit func(int)) { emit(0) }
func (m *rally) Next(s int, emit func(model.Action, int)) {
	switch s {
	case 0:
		emit(model.Step("ping", 0), 1)
		emit(model.Step("finish", 1), 2)
	case 1:
		if !m.noPong {
			emit(model.Step("pong", 0), 0)
		} else {
			emit(model.Step("pong", 0), 3)
		}
		emit(model.Step("finish", 1), 2)
	}
}
func (m *rally) Fingerprint(s int) uint64 { return uint64(s) + 1 }
func (m *rally) Properties() []model.Property[int] {
	return []model.Property[int]{properties.Eventually("finished", func(s int) bool { return s == 2 })}
}
func (m *rally) Fairness() model.Fairness { return m.fair }
func (m *rally) ActorNames() []string     { return []string{"player", "referee"} }
func (m *rally) ActorState(s int, i int) string {
	return []string{"serving", "returning", "done", "out"}[s]
}

func lassoTrace(t *testing.T) *counterexamples.Trace {
	t.Helper()
	m := &rally{}
	res, v := violation(t, m, explore.Options{Workers: 1})
	require.Equal(t, 0, v.Loop)
	tr, err := counterexamples.New(m, res, v)
	require.NoError(t, err)
	return tr
}

func TestLassoTracesRoundTripAndReplay(t *testing.T) {
	tr := lassoTrace(t)
	assert.Equal(t, counterexamples.EndLoop, tr.End)
	require.NotNil(t, tr.Loop)
	assert.Equal(t, 0, *tr.Loop)
	assert.Equal(t, "none", tr.Fairness)
	assert.Len(t, tr.Steps, 2)

	data, err := tr.Marshal()
	require.NoError(t, err)
	assert.Contains(t, string(data), `"loop": 0`)
	back, err := counterexamples.Parse(data, "lasso.json")
	require.NoError(t, err)
	assert.Equal(t, tr, back)

	r, err := counterexamples.Replay(&rally{}, back)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
	assert.Equal(t, "finished is never met: the loop of 2 steps after step 0 repeats forever (fairness none)", r.Detail)

	var b bytes.Buffer
	require.NoError(t, counterexamples.Render(&b, &rally{}, r))
	out := b.String()
	assert.Contains(t, out, "┌ loop: steps 1 to 2 repeat forever (fairness none)")
	assert.Contains(t, out, "└ back to the state after step 0")
	assert.Less(t, strings.Index(out, "┌ loop"), strings.Index(out, "ping"))
}

// Replay judges the loop's fairness again, under the fairness the trace records.
func TestReplayRejectsAnUnfairLoop(t *testing.T) {
	tr := lassoTrace(t)
	tr.Fairness = "actions"
	r, err := counterexamples.Replay(&rally{}, tr)
	require.NoError(t, err)
	assert.False(t, r.Reproduced)
	assert.Equal(t, "the loop is not fair (fairness actions): finish is enabled all along it and never taken", r.Detail)
}

func TestReplayOfALoopThatNoLongerCloses(t *testing.T) {
	tr := lassoTrace(t)
	// pong now leads elsewhere: the actions still match by content, but the loop does not
	// close.
	r, err := counterexamples.Replay(&rally{noPong: true}, tr)
	require.NoError(t, err)
	assert.False(t, r.Reproduced)
	assert.Equal(t, "the loop no longer leads back: the state after 2 steps differs from the initial state", r.Detail)
}

func TestParseRejectsBadLassoFields(t *testing.T) {
	tr := lassoTrace(t)
	data, err := tr.Marshal()
	require.NoError(t, err)
	good := string(data)
	for name, c := range map[string]struct{ from, to, want string }{
		"loop out of range": {`"loop": 0`, `"loop": 5`, "loop is 5, want a step index from 0 to 1"},
		"loop without end":  {`"end": "loop"`, `"end": "terminal"`, `"loop" goes with end "loop"`},
		"unknown fairness":  {`"fairness": "none"`, `"fairness": "strong"`, `unknown fairness "strong"`},
	} {
		bad := strings.Replace(good, c.from, c.to, 1)
		require.NotEqual(t, good, bad, name)
		_, err := counterexamples.Parse([]byte(bad), "x.json")
		assert.ErrorContains(t, err, c.want, name)
		assert.ErrorContains(t, err, "trace x.json: ", name)
	}
}

// A hot monitor that stays hot in a random walk after faults stop is saved with its bound and
// replays.
func TestBoundedLivenessTracesReplay(t *testing.T) {
	m := &stuckRequest{}
	res, v := violation(t, m, explore.Options{Strategy: explore.Random, Seed: 2, Walks: 20, MaxDepth: 12, Stabilize: 3, Within: 4})
	tr, err := counterexamples.New(m, res, v)
	require.NoError(t, err)
	assert.Equal(t, counterexamples.EndBound, tr.End)
	assert.Equal(t, 3, *tr.Stabilized)
	assert.Equal(t, 4, tr.Within)
	r, err := counterexamples.Replay(m, tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced, r.Detail)
	var b bytes.Buffer
	require.NoError(t, counterexamples.Render(&b, m, r))
	assert.Contains(t, b.String(), "faults stop here")
}

// stuckRequest bounces a request between two states forever: the hot monitor stays hot.
type stuckRequest struct{}

func (stuckRequest) Init(emit func(int)) { emit(0) }
func (stuckRequest) Next(s int, emit func(model.Action, int)) {
	switch s {
	case 0:
		emit(model.Step("request", 0), 1)
	case 1:
		emit(model.Step("forward", 0), 2)
	case 2:
		emit(model.Step("bounce", 0), 1)
	}
}
func (stuckRequest) Fingerprint(s int) uint64 { return uint64(s) + 1 }
func (stuckRequest) Properties() []model.Property[int] {
	return []model.Property[int]{properties.Hot("pending", func(s int) bool { return s > 0 })}
}

package counterexamples_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/twophase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), got)
}

func render[S any](t *testing.T, m model.Model[S], tr *counterexamples.Trace) string {
	t.Helper()
	r, err := counterexamples.Replay(m, tr)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, counterexamples.Render(&b, m, r))
	return b.String()
}

func TestRenderTwoPhase(t *testing.T) {
	got := render(t, earlyCommit(t), traceOf(t, earlyCommit(t)))
	golden(t, "twophase-early-commit.txt", got)
	for _, want := range []string{
		"protocol  twophase (bug=early-commit, rms=3)\n",
		"property  TCConsistent (always), reproduced\n",
		"strategy  bfs\n",
		"rm1: prepared",
		"TCConsistent (always) fails: TCConsistent does not hold in the last state",
		"Final state:\n  TM   committed prepared={rm1}\n",
	} {
		assert.Contains(t, got, want)
	}
}

func TestRenderPingPong(t *testing.T) {
	res, err := exploreAll(pingPong(0))
	require.NoError(t, err)
	require.Len(t, res.Violations, 2)
	var all strings.Builder
	for _, v := range res.Violations {
		tr, err := counterexamples.New(pingPong(0), res, v)
		require.NoError(t, err)
		all.WriteString(render(t, pingPong(0), tr))
		all.WriteString("\n")
	}
	got := all.String()
	golden(t, "pingpong.txt", got)
	// Deliveries and drops in both directions.
	assert.Regexp(t, `o-+>\*`, got)
	assert.Regexp(t, `\*<-+o`, got)
	assert.Regexp(t, `o-+x \|`, got)
	assert.Regexp(t, `\| x-+o`, got)
}

func TestRenderMarksWhatIsNotAnArrow(t *testing.T) {
	// A model with no actors gets one column, named state, with a * per step, and its final
	// state in full.
	g := &grid{n: 3, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.X < 2 }),
	}}
	got := render(t, g, traceOf(t, g))
	assert.Equal(t, `protocol  go:*counterexamples_test.grid
property  x below 2 (always), reproduced
strategy  bfs

      state
      |
   1  *   right(1)
   2  *   right(2)
      |

x below 2 (always) fails: x below 2 does not hold in the last state (after 2 steps)
Final state:
  counterexamples_test.point{X:2, Y:0}
`, got)
}

func TestRenderShowsANodePanic(t *testing.T) {
	got := render(t, pingPong(2), traceOf(t, pingPong(2)))
	assert.Contains(t, got, "property  no-panic (always), reproduced")
	assert.Contains(t, got, "ponger: panic: ping 2 is bad")
}

func TestRenderSaysWhenNotReproduced(t *testing.T) {
	broken := &grid{n: 4, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.X < 2 }),
	}}
	tr := traceOf(t, broken)
	fixed := &grid{n: 4, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return true }),
	}}
	got := render(t, fixed, tr)
	assert.Contains(t, got, "property  x below 2 (always), NOT reproduced\n")
	assert.Contains(t, got, "x below 2 (always) no longer fails: x below 2 holds in the last state")
}

func TestRenderSelfSendsAndFaultsOfNoNode(t *testing.T) {
	// Render draws from the path's actions, so a hand-made path covers what the actor layer
	// cannot produce yet.
	m := earlyCommit(t)
	tr := traceOf(t, m)
	r, err := counterexamples.Replay(m, tr)
	require.NoError(t, err)
	r.Path.Steps = r.Path.Steps[:3]
	s := r.Path.Steps[0].State
	for _, a := range []model.Action{
		{Kind: model.ActionDeliver, Node: 1, From: 1, Msg: "self"},
		{Kind: model.ActionDrop, Node: 2, From: 0, Msg: 1},
		{Kind: model.ActionDuplicate, Node: 0, From: 3, Msg: 2},
		{Kind: model.ActionTimeout, Node: 3, From: model.NoNode, Msg: "t"},
		{Kind: model.ActionCrash, Node: 2, From: model.NoNode},
		{Kind: model.ActionHeal, Node: model.NoNode, From: model.NoNode},
		{Kind: model.ActionPartition, Node: model.NoNode, From: model.NoNode, Msg: actor.Partition{Group: []model.NodeID{1, 2}}},
		{Kind: model.ActionRecover, Node: 2, From: model.NoNode},
		{Kind: model.ActionByzantine, Name: "forge", Node: 1, From: 3, Msg: "bogus"},
	} {
		r.Path.Steps = append(r.Path.Steps, explore.Step[twophase.State]{Action: a, State: s})
	}
	var b bytes.Buffer
	require.NoError(t, counterexamples.Render(&b, m, r))
	lines := strings.Split(b.String(), "\n")
	rows := map[string]string{}
	for _, l := range lines {
		if len(l) > 4 && l[3] >= '0' && l[3] <= '9' && (l[2] == ' ' || l[2] == '1') {
			rows[strings.TrimSpace(l[:4])] = l
		}
	}
	assert.Contains(t, rows["4"], `   4  |             @             |             |   deliver rm1→rm1 "self"`)
	assert.Contains(t, rows["5"], "   5  o-------------------------x |             |   drop TM→rm2 1")
	assert.Contains(t, rows["6"], "   6  +<========================================o   duplicate rm3→TM 2")
	assert.Contains(t, rows["7"], "|             |             |             *   timeout rm3")
	assert.Contains(t, rows["8"], "|             |             X             |   crash rm2")
	assert.Contains(t, rows["9"], "  =             =             =             =   heal")
	assert.Contains(t, rows["10"], "  |             #             #             |   partition actor.Partition{Group:[1 2], OneWay:false}")
	assert.Contains(t, rows["11"], "  |             |             R             |   recover rm2")
	assert.Contains(t, rows["12"], `  |             |<~~~~~~~~~~~~~~~~~~~~~~~~~~B   byzantine forge rm3→rm1 "bogus"`)
}

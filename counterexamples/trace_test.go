package counterexamples_test

import (
	"regexp"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intp(i int) *int { return &i }

func TestRecordStoresActionsByContent(t *testing.T) {
	names := []string{"n0", "n1", "n2"}
	tests := []struct {
		name string
		a    model.Action
		want counterexamples.ActionRecord
		text string
	}{
		{
			name: "spec step with arg",
			a:    model.StepArg("RMPrepare", 2, 2),
			want: counterexamples.ActionRecord{Kind: "step", Name: "RMPrepare", Node: "n2", Arg: intp(2)},
			text: "RMPrepare(2)",
		},
		{
			name: "spec step of no node",
			a:    model.Step("Tick", model.NoNode),
			want: counterexamples.ActionRecord{Kind: "step", Name: "Tick"},
			text: "Tick",
		},
		{
			name: "delivery",
			a:    model.Action{Kind: model.ActionDeliver, Node: 1, From: 0, Msg: Ping{Seq: 1}},
			want: counterexamples.ActionRecord{Kind: "deliver", Node: "n1", From: "n0",
				Msg: &counterexamples.Payload{Type: "counterexamples_test.Ping", Value: "counterexamples_test.Ping{Seq:1}"}},
			text: "deliver n0→n1 counterexamples_test.Ping{Seq:1}",
		},
		{
			name: "drop",
			a:    model.Action{Kind: model.ActionDrop, Node: 0, From: 1, Msg: Pong{Seq: 2}},
			want: counterexamples.ActionRecord{Kind: "drop", Node: "n0", From: "n1",
				Msg: &counterexamples.Payload{Type: "counterexamples_test.Pong", Value: "counterexamples_test.Pong{Seq:2}"}},
			text: "drop n1→n0 counterexamples_test.Pong{Seq:2}",
		},
		{
			name: "timeout",
			a:    model.Action{Kind: model.ActionTimeout, Node: 2, From: model.NoNode, Msg: "election"},
			want: counterexamples.ActionRecord{Kind: "timeout", Node: "n2", Msg: &counterexamples.Payload{Type: "string", Value: `"election"`}},
			text: `timeout n2 "election"`,
		},
		{
			name: "choices",
			a:    model.Action{Kind: model.ActionDeliver, Node: 1, From: 0, Msg: &Ping{Seq: 3}, Choices: []int{1, 0}},
			want: counterexamples.ActionRecord{Kind: "deliver", Node: "n1", From: "n0", Choices: []int{1, 0},
				Msg: &counterexamples.Payload{Type: "*counterexamples_test.Ping", Value: "&counterexamples_test.Ping{Seq:3}"}},
			text: "deliver n0→n1 &counterexamples_test.Ping{Seq:3} choices=[1 0]",
		},
		{
			name: "node beyond the names",
			a:    model.Action{Kind: model.ActionCrash, Node: 7, From: model.NoNode},
			want: counterexamples.ActionRecord{Kind: "crash", Node: "7"},
			text: "crash 7",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := counterexamples.Record(tt.a, names)
			assert.Equal(t, tt.want, r)
			assert.True(t, r.Equal(tt.want))
			assert.Equal(t, tt.text, r.String())
		})
	}
}

func TestRecordWithoutNamesUsesIndexes(t *testing.T) {
	r := counterexamples.Record(model.Action{Kind: model.ActionDeliver, Node: 1, From: 0, Msg: 5}, nil)
	assert.Equal(t, "1", r.Node)
	assert.Equal(t, "0", r.From)
	assert.Equal(t, "deliver 0→1 5", r.String())
}

func TestRecordEqualComparesEveryField(t *testing.T) {
	base := counterexamples.ActionRecord{Kind: "deliver", Name: "x", Node: "a", From: "b", Arg: intp(1),
		Msg: &counterexamples.Payload{Type: "T", Value: "v"}, Choices: []int{1}}
	same := base
	same.Arg = intp(1)
	same.Msg = &counterexamples.Payload{Type: "T", Value: "v"}
	assert.True(t, base.Equal(same), "pointers to equal content are equal")

	for name, change := range map[string]func(r *counterexamples.ActionRecord){
		"kind":      func(r *counterexamples.ActionRecord) { r.Kind = "drop" },
		"name":      func(r *counterexamples.ActionRecord) { r.Name = "y" },
		"node":      func(r *counterexamples.ActionRecord) { r.Node = "c" },
		"from":      func(r *counterexamples.ActionRecord) { r.From = "c" },
		"arg":       func(r *counterexamples.ActionRecord) { r.Arg = intp(2) },
		"no arg":    func(r *counterexamples.ActionRecord) { r.Arg = nil },
		"msg type":  func(r *counterexamples.ActionRecord) { r.Msg = &counterexamples.Payload{Type: "U", Value: "v"} },
		"msg value": func(r *counterexamples.ActionRecord) { r.Msg = &counterexamples.Payload{Type: "T", Value: "w"} },
		"no msg":    func(r *counterexamples.ActionRecord) { r.Msg = nil },
		"choices":   func(r *counterexamples.ActionRecord) { r.Choices = []int{2} },
		"no choice": func(r *counterexamples.ActionRecord) { r.Choices = nil },
	} {
		other := base
		change(&other)
		assert.False(t, base.Equal(other), name)
		assert.False(t, other.Equal(base), name)
	}
	a := counterexamples.ActionRecord{Kind: "step", Choices: nil}
	assert.True(t, a.Equal(counterexamples.ActionRecord{Kind: "step", Choices: []int{}}), "nil and empty choices are equal")
}

func TestIdentity(t *testing.T) {
	p, params := counterexamples.Identity(earlyCommit(t))
	assert.Equal(t, "twophase", p)
	assert.Equal(t, map[string]string{"rms": "3", "bug": "early-commit"}, params)

	p, params = counterexamples.Identity[point](&grid{n: 2})
	assert.Equal(t, "go:*counterexamples_test.grid", p)
	assert.Nil(t, params)

	// A System with no protocol name falls back to its Go type; empty params are nil.
	p, params = counterexamples.Identity[*actor.State](&actor.System{Params: map[string]string{}})
	assert.Equal(t, "go:*actor.System", p)
	assert.Nil(t, params)
}

func TestNewRecordsTheViolation(t *testing.T) {
	m := earlyCommit(t)
	res, v := violation(t, m, explore.Options{Workers: 1})
	tr, err := counterexamples.New(m, res, v)
	require.NoError(t, err)
	assert.Equal(t, counterexamples.FormatName, tr.Format)
	assert.Equal(t, counterexamples.Version, tr.Version)
	assert.Equal(t, "twophase", tr.Protocol)
	assert.Equal(t, map[string]string{"rms": "3", "bug": "early-commit"}, tr.Params)
	assert.Equal(t, "TCConsistent", tr.Property)
	assert.Equal(t, "always", tr.Kind)
	assert.Equal(t, v.Reason, tr.Reason)
	assert.Equal(t, "bfs", tr.Strategy)
	assert.Zero(t, tr.Seed)
	assert.Equal(t, 0, tr.Init)
	assert.Empty(t, tr.End)
	require.Len(t, tr.Steps, v.Path.Len())
	for i, st := range v.Path.Steps {
		assert.Equal(t, counterexamples.Record(st.Action, m.ActorNames()), tr.Steps[i])
	}
	assert.Equal(t, "TM", tr.Steps[slicesIndex(tr.Steps, "TMCommit")].Node, "actions are stored with actor names")
}

func slicesIndex(steps []counterexamples.ActionRecord, name string) int {
	for i, s := range steps {
		if s.Name == name {
			return i
		}
	}
	return -1
}

func TestNewRecordsSeedAndWalkOfRandomSearch(t *testing.T) {
	g := &grid{n: 50, props: []model.Property[point]{
		properties.Always("x+y below 20", func(p point) bool { return p.X+p.Y < 20 }),
	}}
	res, v := violation(t, g, explore.Options{Strategy: explore.Random, Seed: 42, Walks: 100, Workers: 1})
	tr, err := counterexamples.New(g, res, v)
	require.NoError(t, err)
	assert.Equal(t, "random", tr.Strategy)
	assert.Equal(t, uint64(42), tr.Seed)
	assert.Equal(t, v.Walk, tr.Walk)
}

func TestNewFindsTheInitialState(t *testing.T) {
	g := &grid{n: 5, starts: []point{{0, 0}, {3, 0}, {0, 3}}, props: []model.Property[point]{
		properties.Always("x stays below 4", func(p point) bool { return p.X < 4 }),
	}}
	tr := traceOf(t, g)
	assert.Equal(t, 1, tr.Init, "the shortest path starts at (3, 0), the second initial state")
	assert.Len(t, tr.Steps, 1)

	r, err := counterexamples.Replay(g, tr)
	require.NoError(t, err)
	assert.True(t, r.Reproduced)
	assert.Equal(t, point{3, 0}, r.Path.Init)
}

func TestNewRecordsHowAnEventuallyPathEnds(t *testing.T) {
	g := &grid{n: 4, props: []model.Property[point]{
		properties.Eventually("visits (0,3)", func(p point) bool { return p == point{0, 3} }),
	}}
	tr := traceOf(t, g)
	assert.Equal(t, "eventually", tr.Kind)
	assert.Equal(t, counterexamples.EndTerminal, tr.End)

	res, v := violation(t, g, explore.Options{Strategy: explore.Random, MaxDepth: 3, Seed: 1})
	tr, err := counterexamples.New(g, res, v)
	require.NoError(t, err)
	assert.Equal(t, counterexamples.EndBound, tr.End)
}

func TestNewRefusesSometimesViolations(t *testing.T) {
	g := &grid{n: 3, props: []model.Property[point]{
		properties.Sometimes("reaches x=5", func(p point) bool { return p.X == 5 }),
	}}
	res, v := violation(t, g, explore.Options{Workers: 1})
	_, err := counterexamples.New(g, res, v)
	assert.ErrorContains(t, err, `"reaches x=5" is a sometimes property`)
}

func TestNewRefusesAPathFromElsewhere(t *testing.T) {
	g := &grid{n: 3, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.X < 2 }),
	}}
	res, v := violation(t, g, explore.Options{Workers: 1})
	v.Path.Init = point{1, 1}
	_, err := counterexamples.New(g, res, v)
	assert.ErrorContains(t, err, "is not one of the model's 1 initial states")
}

func TestRoundTrip(t *testing.T) {
	for name, tr := range map[string]*counterexamples.Trace{
		"twophase": traceOf(t, earlyCommit(t)),
		"pingpong": traceOf(t, pingPong(0)),
		"chooser":  traceOf(t, chooser()),
		"eventually": traceOf(t, &grid{n: 3, props: []model.Property[point]{
			properties.Eventually("never", func(point) bool { return false }),
		}}),
		"no steps": traceOf(t, &grid{n: 3, props: []model.Property[point]{
			properties.Always("never", func(point) bool { return false }),
		}}),
	} {
		t.Run(name, func(t *testing.T) {
			data, err := tr.Marshal()
			require.NoError(t, err)
			again, err := tr.Marshal()
			require.NoError(t, err)
			assert.Equal(t, data, again, "Marshal is deterministic")
			assert.True(t, data[len(data)-1] == '\n', "ends in a newline")

			back, err := counterexamples.Parse(data, name+".json")
			require.NoError(t, err)
			assert.Equal(t, tr, back)
		})
	}
}

func TestMarshalIsCanonical(t *testing.T) {
	tr := traceOf(t, pingPong(0))
	data, err := tr.Marshal()
	require.NoError(t, err)
	s := string(data)
	assert.Contains(t, s, "\n  \"format\": \"distcheck-trace\",\n  \"version\": 1,\n  \"protocol\": \"pingpong\",")
	assert.Contains(t, s, `"value": "counterexamples_test.Ping{Seq:`)
	assert.NotContains(t, s, `\u0026`, "no HTML escaping")

	empty := &counterexamples.Trace{Format: counterexamples.FormatName, Version: 1, Protocol: "p", Property: "q", Kind: "always", Strategy: "bfs"}
	data, err = empty.Marshal()
	require.NoError(t, err)
	assert.Contains(t, string(data), `"steps": []`)
}

func TestMarshalRefusesAnInvalidTrace(t *testing.T) {
	_, err := (&counterexamples.Trace{Format: counterexamples.FormatName, Version: 1, Property: "q", Kind: "always"}).Marshal()
	assert.ErrorContains(t, err, "no protocol")
}

func TestFileName(t *testing.T) {
	tr := traceOf(t, earlyCommit(t))
	name, err := tr.FileName()
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{16}\.json$`), name)
	again, err := tr.FileName()
	require.NoError(t, err)
	assert.Equal(t, name, again)

	tr.Steps[1].Arg = intp(*tr.Steps[1].Arg + 1)
	changed, err := tr.FileName()
	require.NoError(t, err)
	assert.NotEqual(t, name, changed, "another step gives another name")
}

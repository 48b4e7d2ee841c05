package counterexamples_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/echo"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// timeline replays tr on m and describes it.
func timeline[S any](t *testing.T, m model.Model[S], tr *counterexamples.Trace) *counterexamples.Timeline {
	t.Helper()
	tl, err := counterexamples.ToolsFor(m).Timeline(tr)
	require.NoError(t, err)
	return tl
}

// faultyTwoPC is two-phase commit with early commit and a fault of each kind it can have.
func faultyTwoPC(t *testing.T) *actor.System {
	t.Helper()
	sys, err := twopc.New(twopc.Config{Participants: 3, Bug: twopc.BugEarlyCommit,
		Faults: actor.Faults{Drops: 1, Duplicates: 1, Crashes: 1, Recoveries: 1, Partitions: 1}})
	require.NoError(t, err)
	return sys
}

// faultyTrace is a random walk of faultyTwoPC that has every fault it can have in it: a drop,
// a duplication, a crash and recovery, a partition and a timer firing.
func faultyTrace(t *testing.T, sys *actor.System) *counterexamples.Trace {
	t.Helper()
	want := []string{"drop", "duplicate", "crash", "recover", "partition", "timeout"}
	for seed := uint64(1); seed < 500; seed++ {
		tr := violationOf(t, sys, explore.Options{Strategy: explore.Random, Seed: seed, Walks: 200, MaxDepth: 60, Workers: 1}, "AllDecide")
		if tr == nil {
			continue
		}
		kinds := map[string]bool{}
		for _, s := range tr.Steps {
			kinds[s.Kind] = true
		}
		all := true
		for _, k := range want {
			all = all && kinds[k]
		}
		if all {
			return tr
		}
	}
	t.Fatal("no random walk has every fault")
	return nil
}

// The timeline pairs each delivery with the step that sent its message, and says what each
// step sent and changed.
func TestTimelinePairsSendsAndDeliveries(t *testing.T) {
	tl := timeline(t, pingPong(0), traceOf(t, pingPong(0)))
	require.Equal(t, []string{"pinger", "ponger"}, tl.Actors)
	require.Len(t, tl.Start.InFlight, 2)
	require.Len(t, tl.Steps, 3)
	ping, pong, drop := tl.Steps[0], tl.Steps[1], tl.Steps[2]
	assert.Equal(t, 0, ping.SentAt, "ping 1 was sent when the pinger started")
	assert.Equal(t, []int{1}, ping.Changed)
	require.Len(t, ping.Sent, 1)
	assert.Equal(t, "counterexamples_test.Pong{Seq:1}", ping.Sent[0].Summary)
	assert.Equal(t, 1, pong.SentAt, "the pong was sent by step 1")
	assert.Equal(t, 0, drop.SentAt)
	assert.Equal(t, "pongs=1", tl.At(3).States[0])
	assert.Equal(t, "pings=0", tl.At(0).States[1])
}

// greeting is a message that describes itself.
type greeting struct {
	To   string
	Body string
}

func (g greeting) String() string { return "hello " + g.To }

type greeter struct{}

func (greeter) Init(ctx actor.Context) {
	ctx.Send(1, greeting{To: "n1", Body: strings.Repeat("long ", 20)})
}
func (greeter) Handle(actor.Context, model.NodeID, actor.Message) {}
func (greeter) Timeout(actor.Context, actor.Timer)                {}

type greeted struct{ Got bool }

func (g *greeted) Init(actor.Context)                                      {}
func (g *greeted) Handle(_ actor.Context, _ model.NodeID, _ actor.Message) { g.Got = true }
func (g *greeted) Timeout(actor.Context, actor.Timer)                      {}

// Diagrams show a message by its String method; the trace keeps its canonical text.
func TestRenderingsSummarisePayloadsWithString(t *testing.T) {
	sys := &actor.System{
		Protocol: "greeting",
		Nodes:    []actor.Node{greeter{}, &greeted{}},
		Props: []model.Property[*actor.State]{
			properties.Always("never greeted", func(s *actor.State) bool { return !actor.NodeAs[*greeted](s, 1).Got }),
		},
	}
	tr := traceOf(t, sys)
	require.Len(t, tr.Steps, 1)
	assert.Contains(t, tr.Steps[0].Msg.Value, `Body:"long long`, "the trace stores the content")
	tl := timeline(t, sys, tr)
	assert.Equal(t, "deliver n0→n1 hello n1", tl.Steps[0].Text)
	var text, mermaid bytes.Buffer
	require.NoError(t, tl.WriteText(&text))
	require.NoError(t, tl.WriteMermaid(&mermaid))
	assert.Contains(t, text.String(), "sent at start: n0→n1 hello n1")
	assert.Contains(t, text.String(), "deliver n0→n1 hello n1")
	assert.NotContains(t, text.String(), "long long")
	assert.Contains(t, mermaid.String(), "A0->>A1: 1 deliver n0→n1 hello n1")
}

// A payload with no String method is shown by its content, in full: the summary keeps all of
// it, and the diagram, which cuts it, gives it in a note.
func TestLongPayloadsAreKeptInFull(t *testing.T) {
	sys := &actor.System{
		Protocol: "long",
		Nodes:    []actor.Node{&sender{Msg: strings.Repeat("x", 200)}, &greeted{}},
		Props: []model.Property[*actor.State]{
			properties.Always("never greeted", func(s *actor.State) bool { return !actor.NodeAs[*greeted](s, 1).Got }),
		},
	}
	tl := timeline(t, sys, traceOf(t, sys))
	assert.Equal(t, `"`+strings.Repeat("x", 200)+`"`, tl.Steps[0].Summary)
	var b bytes.Buffer
	require.NoError(t, tl.WriteText(&b))
	assert.Contains(t, b.String(), "… [1]")
	assert.Contains(t, strings.ReplaceAll(b.String(), "\n      ", ""), `[1] step 0: sent at start: n0→n1 "`+strings.Repeat("x", 200)+`"`)
}

type sender struct{ Msg string }

func (s *sender) Init(ctx actor.Context)                            { ctx.Send(1, s.Msg) }
func (s *sender) Handle(actor.Context, model.NodeID, actor.Message) {}
func (s *sender) Timeout(actor.Context, actor.Timer)                {}

// WriteTextAt marks the step and prints every node's state after it and what is in flight.
func TestWriteTextAtShowsTheStateAtAStep(t *testing.T) {
	tl := timeline(t, pingPong(0), traceOf(t, pingPong(0)))
	var b bytes.Buffer
	require.NoError(t, tl.WriteTextAt(&b, 1))
	out := b.String()
	assert.Contains(t, out, "deliver pinger→ponger counterexamples_test.Ping{Seq:1}   ponger: pings=1   ◀ step shown below")
	assert.Contains(t, out, `
State after step 1 (deliver pinger→ponger counterexamples_test.Ping{Seq:1}):
  pinger  pongs=0
  ponger  pings=1
In flight:
  ponger→pinger counterexamples_test.Pong{Seq:1}
  pinger→ponger counterexamples_test.Ping{Seq:2}
`)
	b.Reset()
	require.NoError(t, tl.WriteTextAt(&b, 0))
	assert.Contains(t, b.String(), "Initial state (step 0):\n  pinger  pongs=0\n")
	assert.Contains(t, b.String(), "|             |   ◀ step shown below\n")

	assert.ErrorContains(t, tl.WriteTextAt(&b, 4), "step 4: want a step from 0 to 3")
	assert.ErrorContains(t, tl.WriteTextAt(&b, -1), "step -1")
}

// Render draws what WriteText draws.
func TestRenderIsTheTimelinesText(t *testing.T) {
	m := earlyCommit(t)
	tr := traceOf(t, m)
	var b bytes.Buffer
	require.NoError(t, timeline(t, m, tr).WriteText(&b))
	assert.Equal(t, render(t, m, tr), b.String())
}

// A trace that no longer replays cannot be drawn; the error names the step that diverged.
func TestTimelineOfATraceThatNoLongerReplays(t *testing.T) {
	m := earlyCommit(t)
	tr := traceOf(t, m)
	tr.Steps[2].Arg = new(int)
	*tr.Steps[2].Arg = 9
	_, err := counterexamples.ToolsFor(m).Timeline(tr)
	var div *counterexamples.DivergedError
	require.True(t, errors.As(err, &div), "%v", err)
	assert.Equal(t, 3, div.Step)
	assert.ErrorContains(t, err, "trace diverges at step 3")

	other, err := twopc.New(twopc.Config{Participants: 3})
	require.NoError(t, err)
	_, err = counterexamples.ToolsFor[*actor.State](other).Timeline(tr)
	var mis *counterexamples.MismatchError
	require.True(t, errors.As(err, &mis), "%v", err)
	assert.ErrorContains(t, err, `trace is of protocol "twophase"`)
}

// Every kind of step is drawn in every rendering: a random walk of two-phase commit with each
// fault, and a Byzantine sender's forged message.
func TestRenderingsDrawEveryKindOfStep(t *testing.T) {
	sys := faultyTwoPC(t)
	tl := timeline(t, sys, faultyTrace(t, sys))
	var html, mermaid bytes.Buffer
	require.NoError(t, tl.WriteHTML(&html))
	require.NoError(t, tl.WriteMermaid(&mermaid))
	for _, want := range []string{`class="mark drop"`, `class="mark crash"`, `class="mark recover"`, `class="mark partition"`, `class="mark timeout"`, `class="mark dup"`, `class="down"`} {
		assert.Contains(t, html.String(), want)
	}
	for _, want := range []string{"-x", "->>", "Note over A0,A3", " crash ", " recover ", " timeout "} {
		assert.Contains(t, mermaid.String(), want)
	}

	byz, err := echo.New(echo.Config{Nodes: 4, F: 1, Bug: echo.BugUnsignedEcho, Adversary: adversary.Config{Byzantine: 1, Behavior: actor.Equivocate, Sends: 1}})
	require.NoError(t, err)
	tr := firstViolation(t, byz, explore.Options{Workers: 1})
	tl = timeline(t, byz, tr)
	html.Reset()
	mermaid.Reset()
	require.NoError(t, tl.WriteHTML(&html))
	require.NoError(t, tl.WriteMermaid(&mermaid))
	assert.Contains(t, html.String(), `class="mark byzantine"`)
	assert.Contains(t, mermaid.String(), "-)")
	checkShiViz(t, tl)
}

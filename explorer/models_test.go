package explorer_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/linreg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// counter is a spec-layer model without actors: a number that starts at 0 or 10 and goes up
// by one or two; it must stay below 13, and Next panics at 12.
type counter struct{}

func (counter) Init(emit func(int)) { emit(0); emit(10) }
func (counter) Next(s int, emit func(model.Action, int)) {
	if s == 12 {
		panic("twelve")
	}
	emit(model.StepArg("Add", model.NoNode, 1), s+1)
	emit(model.StepArg("Add", model.NoNode, 2), s+2)
}
func (counter) Fingerprint(s int) uint64 { return uint64(s) }
func (counter) Properties() []model.Property[int] {
	return []model.Property[int]{
		properties.Always("Below13", func(s int) bool { return s < 13 }),
		properties.Sometimes("ReachesTen", func(s int) bool { return s >= 10 }),
	}
}

// A user's spec-layer model without actors: its whole state is shown, it can start from each
// initial state, and a panic in its Next is reported in the view, not a crash of the server.
func TestASpecModelWithoutActors(t *testing.T) {
	_, c := start(t, counter{}, explorer.Options{TraceDir: t.TempDir()})
	v := c.view()
	assert.Equal(t, "0", v.Whole)
	assert.Empty(t, v.Actors)
	assert.False(t, v.ActorLayer)
	assert.Equal(t, 2, v.Inits)
	assert.Equal(t, "go:explorer_test.counter", v.Protocol)
	require.Len(t, v.Actions, 2)
	assert.Equal(t, "Add(1)", v.Actions[0].Label)
	assert.Equal(t, "step", v.Actions[0].Kind)

	v = c.post("/api/restart", map[string]int{"init": 1})
	assert.Equal(t, "10", v.Whole)
	assert.True(t, property(t, v, "ReachesTen").Holds)
	assert.Empty(t, v.Actions[1].Violates, "Add(2) from 10 reaches 12")
	v = c.choose("Add(1)")
	assert.Equal(t, "Below13", v.Actions[1].Violates, "Add(2) from 11 would reach 13")
	v = c.choose("Add(1)")
	assert.Equal(t, "12", v.Whole)
	assert.Contains(t, v.Error, "the model's Next panicked: twelve")
	assert.Empty(t, v.Actions)
	code, _ := c.do("POST", "/api/restart", `{"init":2}`)
	assert.Equal(t, http.StatusBadRequest, code)
}

// greeter is a node with a String method and a timer.
type greeter struct{ Greeted int }

type tick struct{}

func (g *greeter) Init(ctx actor.Context) { ctx.SetTimer(tick{}, 0) }
func (g *greeter) Handle(_ actor.Context, _ model.NodeID, _ actor.Message) {
	g.Greeted++
}
func (g *greeter) Timeout(ctx actor.Context, _ actor.Timer) {
	ctx.Broadcast("hello")
}
func (g *greeter) String() string { return fmt.Sprintf("greeted %d times", g.Greeted) }

// An actor-layer node's String method is its state's text; its timers are listed.
func TestANodesStringIsItsState(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&greeter{}, &greeter{}},
		Props: []model.Property[*actor.State]{properties.Always("Quiet", func(s *actor.State) bool { return len(s.InFlight()) < 2 })}}
	_, c := start(t, sys, explorer.Options{TraceDir: t.TempDir()})
	v := c.view()
	require.Len(t, v.Actors, 2)
	assert.Equal(t, "greeted 0 times timers=[explorer_test.tick{}]", v.Actors[0].State)
	assert.Equal(t, []string{"explorer_test.tick{}"}, v.Actors[0].Timers)
	require.NotEmpty(t, v.Actions)
	assert.Equal(t, "timeout", v.Actions[0].Kind)
	v = c.post("/api/choose", map[string]int{"step": 0, "action": 0})
	assert.Len(t, v.InFlight, 1, "one hello to the other node")
	v = c.choose(v.Actions[0].Label)
	assert.Contains(t, []string{v.Actors[0].State, v.Actors[1].State}, "greeted 1 times timers=[explorer_test.tick{}]")
}

// The clients' history is shown as operations are invoked and return.
func TestTheHistoryIsShown(t *testing.T) {
	sys, err := linreg.New(linreg.Config{Clients: 1, Ops: 1})
	require.NoError(t, err)
	_, c := start(t, sys, explorer.Options{TraceDir: t.TempDir()})
	v := c.view()
	require.Len(t, v.History, 1, "the client invoked its write in Init")
	assert.Contains(t, v.History[0], "(pending)")
	for i := 0; i < 10 && strings.Contains(v.History[0], "(pending)"); i++ {
		require.NotEmpty(t, v.Actions)
		v = c.post("/api/choose", map[string]int{"step": v.Step, "action": 0})
	}
	assert.Contains(t, v.History[0], "→", "the write returned: %v", v.History)
	assert.NotContains(t, v.History[0], "(pending)")
}

package checks_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// register is a server that holds a copy of a register and answers requests from its copy.
type register struct{ Value string }

func (r *register) Init(actor.Context) {}

func (r *register) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	req, ok := msg.(checks.Request)
	if !ok {
		return
	}
	var res checks.Result
	switch req.Op.Kind {
	case checks.KindWrite:
		r.Value = req.Op.Value
	case checks.KindRead:
		res.Value = r.Value
	}
	ctx.Send(from, checks.Reply{Seq: req.Seq, Result: res})
}

func (r *register) Timeout(actor.Context, actor.Timer) {}

// registers returns servers copies of a register, without coordination, and clients that each
// write a value of their own and then read.
func registers(t testing.TB, servers, clients int, props ...func(*actor.System) []model.Property[*actor.State]) *actor.System {
	t.Helper()
	sys := &actor.System{}
	var ids []model.NodeID
	for i := range servers {
		sys.Nodes = append(sys.Nodes, &register{})
		ids = append(ids, model.NodeID(i))
	}
	for i := range clients {
		c, err := checks.NewClient(checks.Script(checks.Write(string(rune('A'+i))), checks.Read()), ids...)
		require.NoError(t, err)
		sys.Nodes = append(sys.Nodes, c)
	}
	sys.Props = []model.Property[*actor.State]{
		checks.Linearizable("Linearizable", checks.RegisterModel()),
		checks.SequentiallyConsistent("SequentiallyConsistent", checks.RegisterModel()),
		properties.Sometimes("ReadSeesAWrite", func(s *actor.State) bool {
			for _, op := range s.History() {
				if op.Returned && op.Input == checks.Read() && op.Output != (checks.Result{}) {
					return true
				}
			}
			return false
		}),
	}
	return sys
}

// One copy of a register is linearizable whatever the interleaving.
func TestOneCopyIsLinearizable(t *testing.T) {
	res := distcheck.Check(t, registers(t, 1, 2))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// durableRegister is a register on stable storage. With Once, it applies each client's request
// once and answers a repeated one from what it answered before.
type durableRegister struct {
	Once  bool                          `distcheck:"-"`
	Value string                        `distcheck:"durable"`
	Last  map[model.NodeID]checks.Reply `distcheck:"durable"`
}

func (r *durableRegister) Init(actor.Context) {}

func (r *durableRegister) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	req, ok := msg.(checks.Request)
	if !ok {
		return
	}
	if last, ok := r.Last[from]; ok && last.Seq >= req.Seq && r.Once {
		if last.Seq == req.Seq {
			ctx.Send(from, last)
		}
		return
	}
	reply := checks.Reply{Seq: req.Seq}
	switch req.Op.Kind {
	case checks.KindWrite:
		r.Value = req.Op.Value
	case checks.KindRead:
		reply.Result.Value = r.Value
	}
	last := maps.Clone(r.Last)
	if last == nil {
		last = map[model.NodeID]checks.Reply{}
	}
	last[from] = reply
	r.Last = last
	ctx.Send(from, reply)
}

func (r *durableRegister) Timeout(actor.Context, actor.Timer) {}

// A client that crashes and recovers resumes its session: it sends its pending request again,
// which a server that applies each request once answers without applying it twice.
func TestClientsResumeAfterARecovery(t *testing.T) {
	sys := registers(t, 1, 2)
	sys.Nodes[0] = &durableRegister{Once: true}
	sys.Faults = actor.Faults{Crashes: 1, Recoveries: 1}
	res := distcheck.Check(t, sys)
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// Without that, the request resent after the recovery is applied a second time, later — a
// write that takes effect twice is not linearizable.
func TestResentRequestsAppliedTwiceAreNotLinearizable(t *testing.T) {
	sys := registers(t, 1, 2)
	sys.Nodes[0] = &durableRegister{}
	sys.Faults = actor.Faults{Crashes: 1, Recoveries: 1}
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Linearizable"), distcheck.TraceDir(t.TempDir()), distcheck.Workers(1))
	require.NotNil(t, res)
	v, ok := res.Violation("Linearizable")
	require.True(t, ok)
	writes := 0
	for _, st := range v.Path.Steps {
		if req, ok := st.Action.Msg.(checks.Request); ok && st.Action.Kind == model.ActionDeliver && req.Op.Kind == checks.KindWrite {
			writes++
		}
	}
	assert.Equal(t, 3, writes, "one of the two writes is delivered twice")
}

// Two copies without coordination are not: a client writes to one copy and reads the other.
// The failure is explained by porcupine's drawing, written next to the trace.
func TestTwoCopiesAreNotLinearizableAndTheFailureIsDrawn(t *testing.T) {
	dir := t.TempDir()
	res := distcheck.Check(t, registers(t, 2, 2), distcheck.ExpectViolation("Linearizable"), distcheck.TraceDir(dir))
	require.NotNil(t, res)
	_, found := res.Violation("Linearizable")
	require.True(t, found)
	traces, err := filepath.Glob(filepath.Join(dir, t.Name(), "*.json"))
	require.NoError(t, err)
	require.Len(t, traces, 1)
	page, err := os.ReadFile(strings.TrimSuffix(traces[0], ".json") + ".html")
	require.NoError(t, err, "the drawing is written next to the trace")
	html := string(page)
	for _, want := range []string{"write(B)", "read() → \\\"\\\"", `distcheck: Linearizable`, checks.TraceTag, "<script>"} {
		assert.Contains(t, html, want)
	}
	assert.NotContains(t, html, "src=", "the page is self-contained")
	assert.NotContains(t, html, "href=\"http")
}

// The two copies are not even sequentially consistent: a client writes to one copy and then
// reads its own write's absence from the other.
func TestTwoCopiesAreNotSequentiallyConsistent(t *testing.T) {
	sys := registers(t, 2, 2)
	sys.Props = sys.Props[1:] // a state that breaks two invariants is reported for the first
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("SequentiallyConsistent"), distcheck.TraceDir(t.TempDir()))
	require.NotNil(t, res)
	v, found := res.Violation("SequentiallyConsistent")
	require.True(t, found)
	var returned []actor.Op
	for _, op := range v.Path.Last().History() {
		if op.Returned {
			returned = append(returned, op)
		}
	}
	require.Len(t, returned, 2, "one client's write and read suffice")
	assert.Equal(t, returned[0].ID.Client, returned[1].ID.Client)
}

// Explain draws the history on the timeline of the path's steps, and says when the path's
// history is in fact linearizable.
func TestExplainDrawsThePathsHistory(t *testing.T) {
	sys := registers(t, 1, 2)
	prop := sys.Props[0]
	require.NotNil(t, prop.Explain)
	var s *actor.State
	sys.Init(func(x *actor.State) { s = x })
	states := []*actor.State{s}
	var steps []string
	for range 4 {
		var next *actor.State
		sys.Next(s, func(a model.Action, t *actor.State) {
			if next == nil {
				next, steps = t, append(steps, a.String())
			}
		})
		require.NotNil(t, next)
		s = next
		states = append(states, s)
	}
	var b bytes.Buffer
	require.NoError(t, prop.Explain(&b, states, steps, []string{"server", "alice", "bob"}))
	assert.Contains(t, b.String(), "is linearizable")
	assert.Contains(t, b.String(), "invoked at step 0")
	assert.Contains(t, b.String(), "returned at step")
	assert.Contains(t, b.String(), "0 is alice (node 1), 1 is bob (node 2)")
}

// The property's cache is shared by the explorer's workers.
func TestHistoryPropertiesAreSafeForConcurrentUse(t *testing.T) {
	sys := registers(t, 2, 3)
	var states []*actor.State
	res, err := explore.Run(t.Context(), sys, explore.Options{Workers: 4, MaxStates: 3000, CollectAll: true})
	require.NoError(t, err)
	for _, v := range res.Violations {
		if v.Path.Len() > 0 {
			states = append(states, v.Path.Init)
			for _, st := range v.Path.Steps {
				states = append(states, st.State)
			}
		}
	}
	require.NotEmpty(t, states)
	lin := checks.Linearizable("L", checks.RegisterModel())
	want := make([]bool, len(states))
	for i, s := range states {
		want[i] = lin.Holds(s)
	}
	fresh := checks.Linearizable("L", checks.RegisterModel())
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, s := range states {
				assert.Equal(t, want[i], fresh.Holds(s))
			}
		}()
	}
	wg.Wait()
}

// A client that invokes an operation while another is pending breaks the rule the checks rely
// on; the property says so rather than judging.
type impatient struct{}

func (impatient) Init(ctx actor.Context) {
	ctx.Invoke(checks.Write("A"))
	ctx.Invoke(checks.Read())
}
func (impatient) Handle(actor.Context, model.NodeID, actor.Message) {}
func (impatient) Timeout(actor.Context, actor.Timer)                {}

func TestABadHistoryIsAPanicNotAVerdict(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{impatient{}}}
	var s *actor.State
	sys.Init(func(x *actor.State) { s = x })
	lin := checks.Linearizable("Linearizable", checks.RegisterModel())
	assert.PanicsWithValue(t,
		`checks: property "Linearizable": history: node 0's operation 1 (read()): invoked while operation 0 of the same node was pending (Before counts 0 of its operations returned): a client runs one operation at a time`,
		func() { lin.Holds(s) })
}

// Clients choose among alternatives nondeterministically, and the explorer tries each.
func TestClientsChooseTheirOperations(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&register{}}}
	c, err := checks.NewClient(checks.Choose(2, checks.Write("A"), checks.Read()), 0)
	require.NoError(t, err)
	sys.Nodes = append(sys.Nodes, c)
	seen := map[string]bool{}
	sys.Props = []model.Property[*actor.State]{properties.Always("record", func(s *actor.State) bool {
		if actor.NodeAs[*checks.Client](s, 1).Done() {
			var ops []string
			for _, op := range s.History() {
				ops = append(ops, op.Input.(checks.Input).String())
			}
			seen[strings.Join(ops, " ")] = true
		}
		return true
	})}
	_, err = explore.Run(t.Context(), sys, explore.Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"write(A) write(A)": true, "write(A) read()": true, "read() write(A)": true, "read() read()": true}, seen)
}

func TestBadWorkloadsAreErrors(t *testing.T) {
	_, err := checks.NewClient(checks.Script(checks.Read()))
	assert.EqualError(t, err, "client: no servers")
	_, err = checks.NewClient(checks.Script(checks.Input{Kind: "incr"}), 0)
	assert.ErrorContains(t, err, `client: workload: operation 0: operation of unknown kind "incr"`)
	_, err = checks.NewClient(checks.Workload{{}}, 0)
	assert.EqualError(t, err, "client: workload: operation 0 has no alternatives")
}

package counterexamples_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A student's Raft, as written against rafttest: the role has a String method, the server
// and its messages do not.
type studentRole int

func (r studentRole) String() string { return [...]string{"follower", "candidate", "leader"}[r] }

type studentEntry struct{ Term, Cmd int }

type appendReq struct {
	Term, PrevIndex, PrevTerm int
	Entries                   []studentEntry
	LeaderCommit              int
}

type studentServer struct {
	id          int
	currentTerm int
	role        studentRole
	votedFor    int
	log         []studentEntry
	commitIndex int
}

func (s *studentServer) Init(ctx actor.Context) {
	if s.id == 0 {
		s.role, s.currentTerm = 2, 1
		ctx.Send(1, appendReq{Term: 1, Entries: []studentEntry{{1, 101}, {1, 102}, {1, 103}, {1, 104}, {1, 105}, {1, 106}}, LeaderCommit: 3})
	}
}

func (s *studentServer) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	m := msg.(appendReq)
	s.currentTerm, s.log, s.commitIndex = m.Term, append(s.log, m.Entries...), m.LeaderCommit
}

func (s *studentServer) Timeout(actor.Context, actor.Timer) {}

// A long AppendEntries is never cut where a reader needs it: the row cuts it and a numbered
// note under the diagram gives it in full; the states list every field, the role by its
// String method; replay --step and the HTML page show the full message; no line is long.
func TestDiagramsKeepLongRaftMessagesAndStates(t *testing.T) {
	sys := &actor.System{
		Protocol: "student-raft",
		Nodes:    []actor.Node{&studentServer{id: 0, votedFor: -1}, &studentServer{id: 1, votedFor: -1}},
		Props: []model.Property[*actor.State]{
			properties.Always("follower commits nothing", func(s *actor.State) bool {
				return actor.NodeAs[*studentServer](s, 1).commitIndex == 0
			}),
		},
	}
	tl := timeline(t, sys, traceOf(t, sys))
	full := "counterexamples_test.appendReq{Term:1, PrevIndex:0, PrevTerm:0, Entries:[{Term:1, Cmd:101} {Term:1, Cmd:102} {Term:1, Cmd:103} {Term:1, Cmd:104} {Term:1, Cmd:105} {Term:1, Cmd:106}], LeaderCommit:3}"
	require.Len(t, tl.Steps, 1)
	assert.Equal(t, full, tl.Steps[0].Summary, "the summary is the whole message")

	var text bytes.Buffer
	require.NoError(t, tl.WriteText(&text))
	out := text.String()
	row := lineWith(t, out, "   1  ")
	assert.Contains(t, row, "deliver n0→n1 counterexamples_test.appendReq{Term:1")
	assert.Regexp(t, `… \[\d\]`, row, "the row refers to its note")
	notes := unwrap(out[strings.Index(out, "Notes"):strings.Index(out, "Final state")])
	assert.Contains(t, notes, "step 1: deliver n0→n1 "+full, "the note holds the whole message")
	assert.Contains(t, notes, "n1 after step 1: {id:1, currentTerm:1, role:follower, votedFor:-1, log:[{Term:1, Cmd:101}")
	final := unwrap(out[strings.Index(out, "Final state"):])
	assert.Contains(t, final, "n0 {id:0, currentTerm:1, role:leader, votedFor:-1, log:[], commitIndex:0}")
	assert.Contains(t, final, "{Term:1, Cmd:106}], commitIndex:3}")
	assert.NotContains(t, out, "role:2", "a role shows by its String method")
	for _, l := range strings.Split(out, "\n") {
		assert.LessOrEqual(t, len([]rune(l)), 140, "line too long: %s", l)
	}

	text.Reset()
	require.NoError(t, tl.WriteTextAt(&text, 0))
	at := unwrap(text.String()[strings.Index(text.String(), "Initial state (step 0)"):])
	assert.Contains(t, at, "In flight: n0→n1 "+full, "replay --step shows the full message in flight")

	var page bytes.Buffer
	require.NoError(t, tl.WriteHTML(&page))
	assert.Contains(t, page.String(), `"inflight":["n0→n1 `+full+`"]`, "the HTML page shows the full message")
	assert.Contains(t, page.String(), `{id:1, currentTerm:1, role:follower, votedFor:-1, log:[{Term:1, Cmd:101} {Term:1, Cmd:102} {Term:1, Cmd:103} {Term:1, Cmd:104} {Term:1, Cmd:105} {Term:1, Cmd:106}], commitIndex:3}`, "and full states")
}

// lineWith returns the first line of out that starts with prefix.
func lineWith(t *testing.T, out, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no line starts with %q in\n%s", prefix, out)
	return ""
}

// unwrap joins wrapped lines back, and every line with one space, so that a text can be
// looked for whatever its wrapping.
func unwrap(s string) string { return strings.Join(strings.Fields(s), " ") }

package rafttest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/raft"
	"github.com/distcheck/distcheck/protocols/raft/rafttest"
)

// recorder is a testing.TB that records failures instead of failing the real test, so that a
// test can check that the suite fails an implementation.
type recorder struct {
	testing.TB
	name string

	mu     sync.Mutex
	failed bool
	errs   []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return r.name }
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Fatal(args ...any)   { r.Fatalf("%s", fmt.Sprint(args...)) }
func (r *recorder) Fail()               { r.mu.Lock(); r.failed = true; r.mu.Unlock() }
func (r *recorder) FailNow()            { r.Fail(); runtime.Goexit() }
func (r *recorder) Failed() bool        { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Log(...any)          {}

func (r *recorder) errors() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errs, "\n")
}

// runSuite runs the suite on a recorder named name, in a goroutine so that Fatalf can end it.
func runSuite(t *testing.T, name string, newPeer rafttest.NewPeer, opts ...rafttest.Option) (*recorder, *rafttest.Report) {
	t.Helper()
	r := &recorder{TB: t, name: name}
	var rep *rafttest.Report
	done := make(chan struct{})
	go func() {
		defer close(done)
		rep = rafttest.Run(r, newPeer, opts...)
	}()
	<-done
	return r, rep
}

func variant(t *testing.T, bug raft.Bug) rafttest.NewPeer {
	t.Helper()
	newPeer, err := raft.Variant(bug)
	require.NoError(t, err)
	return newPeer
}

// The project's server passes every scenario of the suite, exhaustively where the scenario is,
// and the report says so in text and in JSON.
func TestTheProjectServerPassesTheSuite(t *testing.T) {
	var out bytes.Buffer
	path := filepath.Join(t.TempDir(), "report.json")
	rep := rafttest.Run(t, raft.NewServer, rafttest.Output(&out), rafttest.JSON(path))
	require.True(t, rep.OK(), out.String())
	assert.Equal(t, 7, rep.Total)
	assert.Contains(t, out.String(), "rafttest: 7/7 properties hold (TestTheProjectServerPassesTheSuite, 4 scenarios)")
	t.Log("\n" + out.String())

	require.Len(t, rep.Scenarios, 4)
	for _, sc := range rep.Scenarios[:2] {
		assert.True(t, sc.Exhaustive, sc.Name)
	}
	assert.Equal(t, "complete", rep.Scenarios[2].Stopped, "the partition scenario covers its depth")
	assert.Positive(t, rep.Scenarios[3].Walks)

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var decoded rafttest.Report
	require.NoError(t, json.Unmarshal(data, &decoded))
	assert.Equal(t, *rep, decoded)
	var props []string
	for _, g := range decoded.Properties {
		props = append(props, g.Property)
		assert.Equal(t, rafttest.StatusPassed, g.Status)
	}
	assert.Equal(t, []string{raft.ElectionSafety, raft.LogMatching, raft.LeaderCompleteness, raft.StateMachineSafety,
		raft.CommittedSurvives, raft.CommandCommitted, model.PanicProperty}, props)
}

// Every named bug fails the suite: the report grades the property it breaks as failed, with a
// saved counterexample that replays. (The suite stops at the first scenario that fails.)
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	for _, c := range []struct {
		bug      raft.Bug
		property string
		scenario string
	}{
		{raft.BugForgetVote, raft.ElectionSafety, "crash-recovery"},
		{raft.BugNoLogCheck, raft.LeaderCompleteness, "crash-recovery"},
		{raft.BugCommitOldTerm, raft.CommittedSurvives, "lost-messages"},
		{raft.BugNoTruncate, raft.CommittedSurvives, "crash-recovery"},
		{raft.BugStaleVotes, raft.ElectionSafety, "partition"},
	} {
		t.Run(string(c.bug), func(t *testing.T) {
			var out bytes.Buffer
			r, rep := runSuite(t, t.Name(), variant(t, c.bug), rafttest.FailFast(), rafttest.Output(&out))
			require.NotNil(t, rep)
			assert.True(t, r.Failed(), "the suite fails %s", c.bug)
			assert.False(t, rep.OK())
			t.Log("\n" + out.String())
			g, ok := rep.Grade(c.property)
			require.True(t, ok)
			require.Equal(t, rafttest.StatusFailed, g.Status, out.String())
			assert.Equal(t, c.scenario, g.Scenario)
			assert.Contains(t, out.String(), c.property)
			assert.Contains(t, out.String(), "FAILED in "+c.scenario+": "+g.Counterexample)
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, c.property, tr.Property)
			assert.Equal(t, rafttest.Protocol, tr.Protocol)
			assert.Contains(t, r.errors(), "["+c.scenario+"]")
		})
	}
}

// silent is a server that does nothing: every invariant holds, vacuously, and no command is
// ever committed.
type silent struct{ Term0 int }

func (*silent) Init(model.Context)                                {}
func (*silent) Handle(model.Context, model.NodeID, model.Message) {}
func (*silent) Timeout(model.Context, model.Timer)                {}
func (s *silent) Term() int                                       { return s.Term0 }
func (*silent) Role() rafttest.Role                               { return rafttest.Follower }
func (*silent) Log() []rafttest.Entry                             { return nil }
func (*silent) CommitIndex() int                                  { return 0 }
func (*silent) Propose(model.Context, int)                        {}

// A server that does nothing passes no test: CommandCommitted fails, with the reason.
func TestASilentServerFailsCommandCommitted(t *testing.T) {
	var out bytes.Buffer
	r, rep := runSuite(t, t.Name(), func(model.NodeID, []model.NodeID) rafttest.Peer { return &silent{} },
		rafttest.Output(&out), rafttest.TraceDir(t.TempDir()))
	assert.True(t, r.Failed())
	assert.Equal(t, 6, rep.Passed)
	g, _ := rep.Grade(raft.CommandCommitted)
	assert.Equal(t, rafttest.StatusFailed, g.Status)
	assert.Empty(t, g.Counterexample)
	assert.Contains(t, g.Detail, "never held")
	assert.Contains(t, out.String(), "rafttest: 6/7 properties hold")
}

// panicky is the project's server, but it panics when it becomes leader.
type panicky struct{ raft.Server }

func (p *panicky) Handle(ctx model.Context, from model.NodeID, msg model.Message) {
	p.Server.Handle(ctx, from, msg)
	if p.Role() == raft.Leader {
		panic("elected")
	}
}

// A server that panics fails no-panic, with a counterexample that ends in the panic.
func TestAPanicIsAFailure(t *testing.T) {
	r, rep := runSuite(t, t.Name(), func(id model.NodeID, peers []model.NodeID) rafttest.Peer {
		return &panicky{*raft.NewServer(id, peers).(*raft.Server)}
	}, rafttest.Output(&bytes.Buffer{}), rafttest.TraceDir(t.TempDir()), rafttest.FailFast())
	assert.True(t, r.Failed())
	g, _ := rep.Grade(model.PanicProperty)
	require.Equal(t, rafttest.StatusFailed, g.Status)
	assert.FileExists(t, g.Counterexample)
	assert.Contains(t, r.errors(), "elected")
}

func TestBadScenariosAreErrors(t *testing.T) {
	for want, sc := range map[string]rafttest.Scenario{
		"rafttest: a scenario has no name":                                           {Nodes: 3, MaxTerm: 1},
		`rafttest: scenario "a/b": the name must not contain a slash`:                {Name: "a/b", Nodes: 3, MaxTerm: 1},
		`rafttest: scenario "x": raft: nodes is 1, want at least 2`:                  {Name: "x", Nodes: 1, MaxTerm: 1},
		`rafttest: scenario "x": Walks, ShortWalks, Depth and MaxStates must be ≥ 0`: {Name: "x", Nodes: 3, MaxTerm: 1, Depth: -1},
	} {
		r, _ := runSuite(t, t.Name(), raft.NewServer, rafttest.Scenarios(sc), rafttest.Output(&bytes.Buffer{}))
		assert.Equal(t, want, r.errors())
	}
}

package rafttest_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/raft"
	"github.com/distcheck/distcheck/protocols/raft/rafttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOn runs the suite on impl's servers, recording its failures instead of
// failing the test, and returns the recording and the report.
func runOn(t *testing.T, impl rafttest.Implementation, opts ...conformance.Option) (r *conformance.Recording, rep *rafttest.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = rafttest.Run(tb, impl, opts...) })
	return r, rep
}

// The project's server passes every check of every scenario — exhaustively where the
// scenario is, to its depth in the partition, in every random walk at five servers — and
// the report says so in text and in JSON.
func TestTheProjectServerPassesTheSuite(t *testing.T) {
	var out bytes.Buffer
	path := filepath.Join(t.TempDir(), "report.json")
	rep := rafttest.Run(t, rafttest.Reference(), conformance.Output(&out), conformance.JSON(path))
	require.True(t, rep.OK(), out.String())
	assert.True(t, strings.HasPrefix(out.String(), "rafttest: reference: 42/42 checks passed\n"), out.String())
	assert.Contains(t, out.String(), "ElectionSafety     passed (6 scenarios)")

	require.Len(t, rep.Scenarios, 6)
	five := rep.Scenarios[5]
	assert.True(t, five.Exhaustive, "five servers, two commands, a crash and a recovery, under symmetry")
	assert.Contains(t, five.Search, "orbits of interchangeable nodes")
	for _, sc := range rep.Scenarios[:2] {
		assert.True(t, sc.Exhaustive, sc.Name)
	}
	assert.Contains(t, rep.Scenarios[2].Search, "bounded: every behaviour of ≤ 12 steps", "the partition scenario covers its depth")
	walks := int64(10_000)
	if testing.Short() {
		walks = 2_000
	}
	assert.Equal(t, walks, rep.Scenarios[4].Walks)
	assert.Equal(t, 2*walks, rep.Scenarios[3].Walks, "two-commands")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var back rafttest.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, *rep, back)
	var props []string
	for _, g := range back.Properties {
		props = append(props, g.Property)
		assert.Equal(t, conformance.Passed, g.Status, g.Property)
		assert.Equal(t, 6, g.Scenarios, g.Property)
	}
	assert.Equal(t, []string{raft.ElectionSafety, raft.LogMatching, raft.LeaderCompleteness, raft.StateMachineSafety,
		raft.CommittedSurvives, raft.CommandCommitted, model.PanicProperty}, props)
}

// Every named bug fails the suite: the report grades the property it breaks as failed in the
// scenario that exposes it, with a saved counterexample of the bug's implementation. (FailFast
// stops the suite there.) The counterexamples are saved under this test's directory in
// testdata and replayed first on later runs.
func TestTheSuiteFailsEveryNamedBug(t *testing.T) {
	exposed := map[bugs.Bug]struct{ property, scenario string }{
		raft.BugForgetVote:     {raft.ElectionSafety, "crash-recovery"},
		raft.BugNoLogCheck:     {raft.LeaderCompleteness, "crash-recovery"},
		raft.BugCommitOldTerm:  {raft.CommittedSurvives, "lost-messages"},
		raft.BugNoTruncate:     {raft.CommittedSurvives, "crash-recovery"},
		raft.BugStaleVotes:     {raft.ElectionSafety, "partition"},
		raft.BugFixedQuorum:    {raft.CommittedSurvives, "random-5"},
		raft.BugAckLogLength:   {raft.CommittedSurvives, "crash-recovery"},
		raft.BugAlwaysTruncate: {raft.CommittedSurvives, "partition"},
		// Two leader changes in one command's scenario with four lost messages.
		raft.BugNoPrevTermCheck: {raft.LeaderCompleteness, "lost-messages"},
		// Needs two commands.
		raft.BugAppendAtEnd: {raft.LogMatching, "two-commands"},
	}
	for _, bug := range raft.Catalog.Bugs() {
		t.Run(string(bug), func(t *testing.T) {
			want, ok := exposed[bug]
			require.True(t, ok, "the test does not say where %s fails", bug)
			r, rep := runOn(t, rafttest.Buggy(bug), conformance.FailFast())
			require.True(t, r.Failed(), "the suite passes %s", bug)
			assert.False(t, rep.OK())
			assert.True(t, strings.HasPrefix(rep.String(), "rafttest: "+string(bug)+": "), rep.String())
			g, ok := rep.Grade(want.property)
			require.True(t, ok)
			require.Equal(t, conformance.Failed, g.Status, rep.String())
			assert.Equal(t, want.scenario, g.Scenario)
			assert.Equal(t, want.scenario, rep.Scenarios[len(rep.Scenarios)-1].Name, "the suite stops at the failing scenario")
			assert.Contains(t, rep.String(), "FAILED in "+want.scenario+": "+g.Counterexample)
			assert.Contains(t, r.Errors(), g.Counterexample)
			tr, err := counterexamples.Load(g.Counterexample)
			require.NoError(t, err)
			assert.Equal(t, want.property, tr.Property)
			assert.Equal(t, "rafttest/"+string(bug), tr.Protocol)
		})
	}
}

// A quorum fixed at two is a majority of three servers but not of five: random-5's walks find
// it, and the exhaustive five-servers scenario, under symmetry, finds it on every run.
func TestFiveServersCatchesAFixedQuorum(t *testing.T) {
	r, rep := runOn(t, rafttest.Buggy(raft.BugFixedQuorum), distcheck.TraceDir(t.TempDir()), conformance.Only("five-servers"))
	require.True(t, r.Failed(), "five-servers passes %s", raft.BugFixedQuorum)
	var failed []string
	for _, g := range rep.Properties {
		if g.Status == conformance.Failed {
			failed = append(failed, g.Property)
		}
	}
	assert.Contains(t, failed, raft.CommittedSurvives, rep.String())
	t.Logf("%v: %s", failed, rep.Scenarios[0].Search)
}

// silent is a server that does nothing: every invariant holds, vacuously, and no command is
// ever committed.
type silent struct{ Term0 int }

func (*silent) Init(actor.Context)                                {}
func (*silent) Handle(actor.Context, model.NodeID, actor.Message) {}
func (*silent) Timeout(actor.Context, actor.Timer)                {}
func (s *silent) Term() int                                       { return s.Term0 }
func (*silent) Role() rafttest.Role                               { return rafttest.Follower }
func (*silent) Log() []rafttest.Entry                             { return nil }
func (*silent) CommitIndex() int                                  { return 0 }
func (*silent) Propose(actor.Context, int)                        {}

// A server that does nothing passes no test: CommandCommitted fails in the first scenario,
// with the reason, and is not searched for again; every other check passes.
func TestASilentServerFailsCommandCommitted(t *testing.T) {
	silent := rafttest.Implementation{NewPeer: func(model.NodeID, []model.NodeID) rafttest.Peer { return &silent{} }}
	r, rep := runOn(t, silent, distcheck.TraceDir(t.TempDir()))
	assert.True(t, r.Failed())
	g, _ := rep.Grade(raft.CommandCommitted)
	assert.Equal(t, conformance.Failed, g.Status)
	assert.Equal(t, "crash-recovery", g.Scenario)
	assert.Empty(t, g.Counterexample)
	assert.Contains(t, g.Reason, "never held")
	assert.Contains(t, rep.String(), "rafttest: TestASilentServerFailsCommandCommitted: 36/37 checks passed",
		"seven checks in the first scenario, six in each of the five others; named after the test")
}

// panicky is the project's server, but it panics when it becomes leader.
type panicky struct{ raft.Server }

func (p *panicky) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	p.Server.Handle(ctx, from, msg)
	if p.Role() == raft.Leader {
		panic("elected")
	}
}

func newPanicky(id model.NodeID, peers []model.NodeID) rafttest.Peer {
	return &panicky{*raft.NewServer(id, peers).(*raft.Server)}
}

// A server that panics fails no-panic, with a counterexample that ends in the panic, and
// the counterexample replays alone with -distcheck.replay (or DISTCHECK_REPLAY).
func TestAPanicIsAFailureThatReplaysAlone(t *testing.T) {
	dir := t.TempDir()
	panicky := rafttest.Implementation{NewPeer: newPanicky}
	r, rep := runOn(t, panicky, distcheck.TraceDir(dir), conformance.FailFast())
	assert.True(t, r.Failed())
	g, _ := rep.Grade(model.PanicProperty)
	require.Equal(t, conformance.Failed, g.Status)
	assert.FileExists(t, g.Counterexample)
	assert.Contains(t, r.Errors(), "elected")
	assert.Contains(t, r.Errors(), "Replay it alone: go test -run '^TestAPanicIsAFailureThatReplaysAlone$' -distcheck.replay="+g.Counterexample)

	t.Setenv(distcheck.ReplayEnv, g.Counterexample)
	r, rep = runOn(t, panicky, distcheck.TraceDir(dir))
	assert.True(t, r.Failed())
	require.Len(t, rep.Scenarios, 1)
	assert.Equal(t, g.Scenario, rep.Scenarios[0].Name)
	assert.Equal(t, 1, rep.Total)
	assert.Contains(t, r.Errors(), g.Counterexample+" still fails")
}

// conformance.CheckDeterminism checks every scenario for servers that are not deterministic.
func TestCheckDeterminismChecksEveryScenario(t *testing.T) {
	tiny := rafttest.Scenario{Name: "tiny", Nodes: 2, MaxTerm: 1, Commands: 1}
	rep := rafttest.Run(t, rafttest.Implementation{NewPeer: raft.NewServer, Scenarios: []rafttest.Scenario{tiny}}, conformance.CheckDeterminism())
	g, ok := rep.Grade(actor.DeterminismProperty)
	require.True(t, ok)
	assert.Equal(t, conformance.Passed, g.Status)
}

// A suite whose scenarios give the log one command cannot exercise LogMatching: the summary
// says so instead of "passed", and the other properties pass.
func TestOneCommandScenariosDoNotExerciseLogMatching(t *testing.T) {
	var out bytes.Buffer
	tiny := rafttest.Scenario{Name: "tiny", Nodes: 2, MaxTerm: 1, Commands: 1}
	rep := rafttest.Run(t, rafttest.Implementation{NewPeer: raft.NewServer, Scenarios: []rafttest.Scenario{tiny}}, conformance.Output(&out))
	g, ok := rep.Grade(raft.LogMatching)
	require.True(t, ok)
	assert.Equal(t, conformance.NotExercised, g.Status)
	assert.Contains(t, out.String(), "LogMatching        not exercised: held in 1 scenario that cannot break it")
	g, _ = rep.Grade(raft.ElectionSafety)
	assert.Equal(t, conformance.Passed, g.Status)
	tiny.Commands = 2
	rep = rafttest.Run(t, rafttest.Implementation{NewPeer: raft.NewServer, Scenarios: []rafttest.Scenario{tiny}})
	g, _ = rep.Grade(raft.LogMatching)
	assert.Equal(t, conformance.Passed, g.Status)
}

func TestBadScenariosAreErrors(t *testing.T) {
	for want, sc := range map[string]rafttest.Scenario{
		"scenario 0 has no name": {Nodes: 3, MaxTerm: 1},
		`scenario "a/b": a name must not be a path (it names a directory)`: {Name: "a/b", Nodes: 3, MaxTerm: 1},
		`scenario "x": raft: nodes is 1, want at least 2`:                  {Name: "x", Nodes: 1, MaxTerm: 1},
		`scenario "x": Walks, ShortWalks, Depth and MaxStates must be ≥ 0`: {Name: "x", Nodes: 3, MaxTerm: 1, Depth: -1},
	} {
		r, _ := runOn(t, rafttest.Implementation{Name: "reference", NewPeer: raft.NewServer, Scenarios: []rafttest.Scenario{sc}})
		assert.Equal(t, "rafttest: reference: "+want, r.Errors())
	}
	r, _ := runOn(t, rafttest.Implementation{Name: "nobody"})
	assert.Equal(t, "rafttest: nobody: Implementation.NewPeer is nil", r.Errors())
	r, _ = runOn(t, rafttest.Buggy("nope"))
	assert.Contains(t, r.Errors(), `rafttest: nope: raft: unknown bug "nope" (known: forget-vote,`)
	r, _ = runOn(t, rafttest.Reference(), distcheck.Strategy(explore.DFS))
	assert.Equal(t, "rafttest: reference: conformance.Run does not take the option distcheck.Strategy (the suites' scenarios choose their own search)", r.Errors())
}

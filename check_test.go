package distcheck_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/distcheck/distcheck"
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

// recorder is a testing.TB that records failures instead of failing the real test, so that a
// test can check that Check fails when it should.
type recorder struct {
	testing.TB
	name string

	mu     sync.Mutex
	failed bool
	errs   []string
	logs   []string
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
func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }
func (r *recorder) Fail()             { r.mu.Lock(); r.failed = true; r.mu.Unlock() }
func (r *recorder) FailNow()          { r.Fail(); runtime.Goexit() }
func (r *recorder) Failed() bool      { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }
func (r *recorder) Logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}
func (r *recorder) Log(args ...any) { r.Logf("%s", fmt.Sprint(args...)) }

func (r *recorder) errors() string { return strings.Join(r.errs, "\n") }

// check runs distcheck.Check on a recorder named name, in a goroutine so that Fatalf can end
// it, and returns the recorder and Check's result.
func check[S any](t *testing.T, name string, m model.Model[S], opts ...distcheck.Option) (*recorder, *explore.Result[S]) {
	t.Helper()
	r := &recorder{TB: t, name: name}
	var res *explore.Result[S]
	done := make(chan struct{})
	go func() {
		defer close(done)
		res = distcheck.Check(r, m, opts...)
	}()
	<-done
	return r, res
}

func traceFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	return files
}

func TestCheckPassesACorrectModel(t *testing.T) {
	m, err := twophase.New(3, bugs.None)
	require.NoError(t, err)
	dir := t.TempDir()
	r, res := check(t, "TestOK", m, distcheck.TraceDir(dir), distcheck.NoReductions())
	assert.False(t, r.Failed(), r.errors())
	require.NotNil(t, res)
	assert.Equal(t, int64(288), res.Distinct)
	assert.Contains(t, strings.Join(r.logs, "\n"), "288 distinct states")
	assert.NoDirExists(t, filepath.Join(dir, "TestOK"))
}

// By default Check reduces by symmetry where the model declares it (TwoPhase's RMs): TLC's
// 288 states are 80 orbits (brute-forced in protocols/twophase), and the log says so.
func TestCheckReducesBySymmetryByDefault(t *testing.T) {
	m, err := twophase.New(3, bugs.None)
	require.NoError(t, err)
	r, res := check(t, "TestOK", m, distcheck.TraceDir(t.TempDir()))
	assert.False(t, r.Failed(), r.errors())
	require.NotNil(t, res)
	assert.True(t, res.Options.Symmetry)
	assert.Equal(t, int64(288), res.Represented)
	assert.Less(t, res.Distinct, int64(288))
	assert.Contains(t, strings.Join(r.logs, "\n"), fmt.Sprintf("symmetry: %d orbits stand for 288 states", res.Distinct))
}

func TestCheckFailsOnABugSavesTheTraceAndReplaysItFirstNextTime(t *testing.T) {
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	dir := t.TempDir()

	r, res := check(t, "TestBuggy", m, distcheck.TraceDir(dir), distcheck.Workers(1))
	require.True(t, r.Failed())
	require.NotNil(t, res)
	msg := r.errors()
	assert.Contains(t, msg, "TCConsistent (always) violated after 5 steps")
	assert.Contains(t, msg, "RMChooseToAbort")
	assert.Contains(t, msg, "go test -run '^TestBuggy$' -distcheck.replay=")
	assert.Contains(t, msg, "or: distcheck replay ")
	files := traceFiles(t, filepath.Join(dir, "TestBuggy"))
	require.Len(t, files, 1)
	assert.Contains(t, msg, files[0])
	tr, err := counterexamples.Load(files[0])
	require.NoError(t, err)
	assert.Len(t, tr.Steps, 5)

	// The next run replays the saved trace first and fails without searching.
	r2, res2 := check(t, "TestBuggy", m, distcheck.TraceDir(dir), distcheck.Workers(1))
	assert.True(t, r2.Failed())
	assert.Nil(t, res2, "no search should run when a saved counterexample still fails")
	assert.Contains(t, r2.errors(), "saved counterexample "+files[0]+" still fails")
	assert.Len(t, traceFiles(t, filepath.Join(dir, "TestBuggy")), 1)
}

// counter is a spec-layer model of a counter that counts to 10. Its invariant "below 5" fails
// unless fixed, when it is judged against 100 instead; if stop is set, it also stops at 4, so
// that old traces diverge. Its identity does not change with either, as a user's model's does
// not when its code is fixed.
type counter struct{ fixed, stop bool }

func (c *counter) Init(emit func(int)) { emit(0) }
func (c *counter) Next(s int, emit func(model.Action, int)) {
	if s < 10 && !(c.stop && s == 4) {
		emit(model.Step("inc", model.NoNode), s+1)
	}
}
func (c *counter) Fingerprint(s int) uint64 { return uint64(s) }
func (c *counter) Properties() []model.Property[int] {
	bound := 5
	if c.fixed {
		bound = 100
	}
	return []model.Property[int]{
		properties.Always("below 5", func(s int) bool { return s < bound }),
		properties.Sometimes("counts", func(s int) bool { return s > 0 }),
	}
}

func TestFixedBugPassesItsSavedCounterexample(t *testing.T) {
	dir := t.TempDir()
	r, _ := check(t, "TestCounter", &counter{}, distcheck.TraceDir(dir))
	require.True(t, r.Failed())
	require.Len(t, traceFiles(t, filepath.Join(dir, "TestCounter")), 1)
	assert.NotContains(t, r.errors(), "distcheck replay", "a model defined in a test is replayed with go test only")

	r, res := check(t, "TestCounter", &counter{fixed: true}, distcheck.TraceDir(dir))
	assert.False(t, r.Failed(), r.errors())
	require.NotNil(t, res, "the search runs once the saved counterexample no longer fails")
	assert.Equal(t, int64(11), res.Distinct)

	// A trace that no longer applies (the path is gone) does not fail the test either.
	r, res = check(t, "TestCounter", &counter{stop: true}, distcheck.TraceDir(dir), distcheck.ExpectViolation("below 5"))
	assert.True(t, r.Failed(), "but with ExpectViolation, a saved trace must still reproduce")
	assert.Contains(t, r.errors(), "trace diverges at step 5")
	r, res = check(t, "TestCounter", &counter{stop: true, fixed: true}, distcheck.TraceDir(dir))
	assert.False(t, r.Failed(), r.errors())
	require.NotNil(t, res)
	assert.Contains(t, strings.Join(r.logs, "\n"), "no longer applies")
}

func TestReplayEnvironmentVariableReplaysOneFile(t *testing.T) {
	dir := t.TempDir()
	r, _ := check(t, "TestCounter", &counter{}, distcheck.TraceDir(dir))
	require.True(t, r.Failed())
	file := traceFiles(t, filepath.Join(dir, "TestCounter"))[0]

	t.Setenv(distcheck.ReplayEnv, file)
	r, res := check(t, "TestCounter", &counter{}, distcheck.TraceDir(t.TempDir()))
	assert.Nil(t, res, "replaying one file runs no search")
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), file+" still fails")
	assert.Contains(t, r.errors(), "inc")

	r, res = check(t, "TestCounter", &counter{fixed: true}, distcheck.TraceDir(t.TempDir()))
	assert.Nil(t, res)
	assert.False(t, r.Failed(), r.errors())
	assert.Contains(t, strings.Join(r.logs, "\n"), "below 5 holds in the last state")

	r, _ = check(t, "TestCounter", &counter{stop: true}, distcheck.TraceDir(t.TempDir()))
	assert.True(t, r.Failed(), "a trace that diverges cannot be replayed")
	assert.Contains(t, r.errors(), "trace diverges at step 5: inc is not enabled")

	t.Setenv(distcheck.ReplayEnv, filepath.Join(dir, "missing.json"))
	r, _ = check(t, "TestCounter", &counter{}, distcheck.TraceDir(t.TempDir()))
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), "missing.json")
}

func TestExpectViolationPassesWhenTheBugIsFoundAndSavesOnce(t *testing.T) {
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	dir := t.TempDir()
	for range 2 {
		r, res := check(t, "TestExpect", m, distcheck.TraceDir(dir), distcheck.ExpectViolation("TCConsistent"))
		assert.False(t, r.Failed(), r.errors())
		require.NotNil(t, res)
		assert.Len(t, traceFiles(t, filepath.Join(dir, "TestExpect")), 1)
	}

	// On the correct protocol the expectation fails; the saved trace, of another
	// configuration (as when one test makes several Checks), is skipped and said so.
	ok, err := twophase.New(3, bugs.None)
	require.NoError(t, err)
	r, _ := check(t, "TestExpect", ok, distcheck.TraceDir(t.TempDir()), distcheck.ExpectViolation("TCConsistent"))
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), `expected "TCConsistent" to be violated`)

	r, _ = check(t, "TestExpect", ok, distcheck.TraceDir(dir), distcheck.ExpectViolation("TCConsistent"))
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), `expected "TCConsistent" to be violated`)
	assert.Contains(t, strings.Join(r.logs, "\n"), `is of another configuration; skipped: trace is of protocol "twophase" with bug=early-commit, rms=3, this model is "twophase" with rms=3`)
}

func TestSometimesNeverReachedFailsCheck(t *testing.T) {
	m := &stuck{}
	r, _ := check(t, "TestStuck", m, distcheck.TraceDir(t.TempDir()))
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), `sometimes-property "moves" never held`)
}

// stuck is a model that does nothing.
type stuck struct{}

func (stuck) Init(emit func(int))               { emit(0) }
func (stuck) Next(int, func(model.Action, int)) {}
func (stuck) Fingerprint(s int) uint64          { return uint64(s) }
func (stuck) Properties() []model.Property[int] {
	return []model.Property[int]{properties.Sometimes("moves", func(s int) bool { return s > 0 })}
}

// boom is a node that panics when it receives a message.
type boom struct{ Got []int }

func (b *boom) Init(ctx actor.Context) {
	if ctx.ID() == 0 {
		ctx.Send(1, 7)
	}
}
func (b *boom) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	b.Got[msg.(int)] = 1
}
func (b *boom) Timeout(actor.Context, actor.Timer) {}

func TestNodePanicFailsCheckWithTheStepThatPanicked(t *testing.T) {
	sys := &actor.System{Protocol: "boom", Nodes: []actor.Node{&boom{}, &boom{}}}
	r, _ := check(t, "TestBoom", sys, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	msg := r.errors()
	assert.Contains(t, msg, "no-panic (always) violated after 1 steps")
	assert.Contains(t, msg, "n1: panic: runtime error: index out of range [7] with length 0")
	assert.Contains(t, msg, "check_test.go:")
}

func TestBadModelFailsCheckWithOneLine(t *testing.T) {
	r, _ := check(t, "TestBad", &actor.System{}, distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	assert.Equal(t, "distcheck: system (unnamed): no nodes", r.errors())
}

func TestCorruptSavedTraceFailsCheckNamingTheFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "TestCorrupt")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "0000000000000000.json"), []byte(`{"format": "distcheck-trace", "vers`), 0o644))
	r, _ := check(t, "TestCorrupt", &counter{fixed: true}, distcheck.TraceDir(dir))
	require.True(t, r.Failed())
	assert.Contains(t, r.errors(), "0000000000000000.json")
	assert.Contains(t, r.errors(), "truncated")
}

func TestSubtestNamesBecomeSafeDirectories(t *testing.T) {
	dir := t.TempDir()
	r, _ := check(t, "TestX/rms=3 bug:a/../b", &counter{}, distcheck.TraceDir(dir))
	require.True(t, r.Failed())
	files, err := filepath.Glob(filepath.Join(dir, "TestX", "rms_3_bug_a", "_", "b", "*.json"))
	require.NoError(t, err)
	assert.Len(t, files, 1)
}

// spinner goes 0 → 1 ⇄ 2 and may stop at 3; "stops" is eventually true only if it leaves the
// loop, which nothing forces.
type spinner struct{}

func (spinner) Init(emit func(int)) { emit(0) }
func (spinner) Next(s int, emit func(model.Action, int)) {
	switch s {
	case 0:
		emit(model.Step("start", 0), 1)
	case 1:
		emit(model.Step("spin", 0), 2)
		emit(model.Step("stop", 0), 3)
	case 2:
		emit(model.Step("spin back", 0), 1)
	}
}
func (spinner) Fingerprint(s int) uint64 { return uint64(s) + 1 }
func (spinner) Properties() []model.Property[int] {
	return []model.Property[int]{properties.Eventually("stops", func(s int) bool { return s == 3 })}
}

func TestCheckSavesAndReplaysLassos(t *testing.T) {
	dir := t.TempDir()
	r, res := check(t, "TestSpin", spinner{}, distcheck.TraceDir(dir))
	require.True(t, r.Failed())
	require.NotNil(t, res)
	assert.Contains(t, r.errors(), "stops (eventually) violated")
	assert.Contains(t, r.errors(), "┌ loop: steps 2 to 3 repeat forever (fairness none)")
	files := traceFiles(t, filepath.Join(dir, "TestSpin"))
	require.Len(t, files, 1)
	tr, err := counterexamples.Load(files[0])
	require.NoError(t, err)
	require.NotNil(t, tr.Loop)
	assert.Equal(t, 1, *tr.Loop)

	r, res = check(t, "TestSpin", spinner{}, distcheck.TraceDir(dir))
	assert.Nil(t, res, "the saved lasso still fails, so no search runs")
	assert.Contains(t, r.errors(), "still fails: stops is never met: the loop of 2 steps after step 1 repeats forever")

	// Under per-action fairness "stop", enabled in 1 but not in 2, is not forced: it still
	// fails. (Fairness is weak: an action must stay enabled to be owed.)
	r, _ = check(t, "TestSpinFair", spinner{}, distcheck.TraceDir(dir), distcheck.Fairness(model.FairActions))
	assert.True(t, r.Failed())
}

// wanderer counts up (inc) or fiddles with a flag that changes nothing that matters (flip);
// "below 3" fails after three incs, however much flipping a random walk does first.
type wanderer struct{}

type wanderState struct{ N, Flips int }

func (wanderer) Init(emit func(wanderState)) { emit(wanderState{}) }
func (wanderer) Next(s wanderState, emit func(model.Action, wanderState)) {
	emit(model.Step("inc", 0), wanderState{s.N + 1, s.Flips})
	if s.Flips < 6 {
		emit(model.Step("flip", 0), wanderState{s.N, s.Flips + 1})
	}
}
func (wanderer) Fingerprint(s wanderState) uint64 { return uint64(s.N)<<8 | uint64(s.Flips) }
func (wanderer) Properties() []model.Property[wanderState] {
	return []model.Property[wanderState]{properties.Always("below 3", func(s wanderState) bool { return s.N < 3 })}
}

func TestCheckMinimizesRandomCounterexamplesBeforeSaving(t *testing.T) {
	dir := t.TempDir()
	r, res := check(t, "TestWander", wanderer{}, distcheck.TraceDir(dir), distcheck.Strategy(explore.Random), distcheck.Seed(9))
	require.True(t, r.Failed())
	require.NotNil(t, res)
	require.Len(t, res.Violations, 1)
	assert.Greater(t, res.Violations[0].Path.Len(), 3, "the walk wandered (seed 9: 9 steps)")
	assert.Contains(t, r.errors(), "below 3 (always) violated after 3 steps (random)")
	files := traceFiles(t, filepath.Join(dir, "TestWander"))
	require.Len(t, files, 1)
	tr, err := counterexamples.Load(files[0])
	require.NoError(t, err)
	assert.Len(t, tr.Steps, 3, "the saved trace is minimized to the three incs")
}

// ReplaySaved passes while the saved trace reproduces, and fails once the bug is fixed or
// when nothing was saved.
func TestReplaySavedGuardsTheSavedTraces(t *testing.T) {
	dir := t.TempDir()
	r, _ := check(t, "TestCounter", &counter{}, distcheck.TraceDir(dir))
	require.True(t, r.Failed())

	var n int
	r = record(t, func(tb testing.TB) { n = distcheck.ReplaySaved(tb, &counter{}, "TestCounter", distcheck.TraceDir(dir)) })
	assert.False(t, r.Failed(), r.errors())
	assert.Equal(t, 1, n)

	r = record(t, func(tb testing.TB) {
		distcheck.ReplaySaved(tb, &counter{fixed: true}, "TestCounter", distcheck.TraceDir(dir))
	})
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), "no longer reproduces")

	r = record(t, func(tb testing.TB) { distcheck.ReplaySaved(tb, &counter{}, "TestNothing", distcheck.TraceDir(dir)) })
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), "TestNothing has no saved counterexample")
}

// record runs f on a recorder, in a goroutine so that Fatalf can end it.
func record(t *testing.T, f func(testing.TB)) *recorder {
	r := &recorder{TB: t, name: t.Name()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// Violation hands back the violation a test expects, and ends the test when there is none.
func TestViolationEndsTheTestWithoutTheViolation(t *testing.T) {
	_, res := check(t, "TestCounter", &counter{}, distcheck.TraceDir(t.TempDir()))
	require.NotNil(t, res)
	assert.Equal(t, 5, distcheck.Violation(t, res, "below 5").Path.Len())

	r := record(t, func(tb testing.TB) { distcheck.Violation(tb, res, "counts") })
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), `"counts" is not violated (1 violations: below 5)`)
	r = record(t, func(tb testing.TB) { distcheck.Violation[int](tb, nil, "below 5") })
	assert.Contains(t, r.errors(), "no search ran")
}

// upTo counts up to n; "reaches n" is reached only at the end.
type upTo struct{ n int }

func (c upTo) Init(emit func(int)) { emit(0) }
func (c upTo) Next(s int, emit func(model.Action, int)) {
	if s < c.n {
		emit(model.Step("inc", 0), s+1)
	}
}
func (c upTo) Fingerprint(s int) uint64 { return uint64(s) + 1 }
func (c upTo) Properties() []model.Property[int] {
	return []model.Property[int]{properties.Sometimes("reaches n", func(s int) bool { return s == c.n })}
}

// deadlined is a recorder whose test's deadline is already too close for a search.
type deadlined struct{ *recorder }

func (deadlined) Deadline() (time.Time, bool) { return time.Now().Add(time.Second), true }

// A search stopped by the test's deadline, which the test did not ask for, fails the test,
// worded as inconclusive and not as a violation; a bounded search the test asked for (a depth
// bound here) passes when every Sometimes property was reached, and fails, worded likewise,
// when one was not.
func TestCheckFailsAnInconclusiveRunUnlessItAskedForABound(t *testing.T) {
	m, err := twophase.New(3, "") // the protocol as specified
	require.NoError(t, err)
	r := deadlined{&recorder{TB: t, name: "TestDeadline"}}
	done := make(chan *explore.Result[twophase.State])
	go func() { done <- distcheck.Check(r, m, distcheck.TraceDir(t.TempDir()), distcheck.Workers(1)) }()
	res := <-done
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), "distcheck: inconclusive: the search stopped at the test's deadline before it finished")
	assert.NotContains(t, r.errors(), "violated")
	require.NotNil(t, res)
	assert.Equal(t, explore.StopCanceled, res.Stopped)

	rr, res2 := check(t, "TestDepth", upTo{n: 3}, distcheck.TraceDir(t.TempDir()), distcheck.MaxDepth(4), distcheck.Workers(1))
	assert.False(t, rr.Failed(), "states 0..3 are within 4 levels: reached; %s", rr.errors())
	assert.False(t, res2.Exhaustive)
	rr, _ = check(t, "TestDepth", upTo{n: 4}, distcheck.TraceDir(t.TempDir()), distcheck.MaxDepth(4), distcheck.Workers(1))
	assert.True(t, rr.Failed(), "state 4 is at depth 5")
	assert.Contains(t, rr.errors(), `inconclusive: sometimes-property "reaches n" was not reached`)
	assert.NotContains(t, rr.errors(), `sometimes-property "reaches n" never held`, "the wording of an exhaustive search that never reached it")
}

// A Sometimes property that a bounded search did not reach is inconclusive, not "never held";
// the test still fails, as a model that never reaches it may do nothing. A search stopped at
// the budget it was given, with every Sometimes reached, passes and says it is inconclusive.
func TestCheckWordsAnInconclusiveSearchAsSuch(t *testing.T) {
	r, res := check(t, "TestCounter", upTo{n: 20}, distcheck.TraceDir(t.TempDir()), distcheck.MaxStates(5), distcheck.Workers(1))
	assert.True(t, r.Failed())
	assert.Contains(t, r.errors(), `inconclusive: sometimes-property "reaches n" was not reached`)
	assert.NotContains(t, r.errors(), "violated")
	require.NotNil(t, res)
	assert.Equal(t, explore.Inconclusive, res.Verdict())

	r, res = check(t, "TestCounter", upTo{n: 2}, distcheck.TraceDir(t.TempDir()), distcheck.MaxStates(3), distcheck.Workers(1))
	assert.False(t, r.Failed(), r.errors())
	assert.Equal(t, explore.StopMaxStates, res.Stopped)
	assert.Contains(t, strings.Join(r.logs, "\n"), "inconclusive, as asked")
}

// explained is counter with an invariant that draws its failures (as the history checks do).
type explained struct{ counter }

func (e *explained) Properties() []model.Property[int] {
	p := properties.Always("below 5", func(s int) bool { return s < 5 })
	p.Explain = func(w io.Writer, states []int, _, _ []string) error {
		_, err := fmt.Fprintf(w, "<html>the counter reached %d</html>", states[len(states)-1])
		return err
	}
	return []model.Property[int]{p}
}

// The page that explains a violation is written beside its trace, and written again when a
// later run replays the trace and the page is missing (pages are not committed).
func TestExplanationPageIsWrittenAgainWhenMissing(t *testing.T) {
	dir := t.TempDir()
	for _, expect := range []string{"", "below 5"} {
		r, _ := check(t, "TestExplained", &explained{}, distcheck.TraceDir(dir), distcheck.ExpectViolation(expect))
		assert.Equal(t, expect == "", r.Failed(), r.errors())
		files := traceFiles(t, filepath.Join(dir, "TestExplained"))
		require.Len(t, files, 1)
		page := counterexamples.ExplanationPath(files[0])
		data, err := os.ReadFile(page)
		require.NoError(t, err)
		assert.Equal(t, "<html>the counter reached 5</html>", string(data))
		require.NoError(t, os.Remove(page))

		r, res := check(t, "TestExplained", &explained{}, distcheck.TraceDir(dir), distcheck.ExpectViolation(expect))
		assert.Equal(t, expect == "", r.Failed(), r.errors())
		if expect == "" {
			assert.Nil(t, res, "the saved trace still fails: no search")
			assert.Contains(t, r.errors(), page)
		}
		assert.FileExists(t, page)
		require.NoError(t, os.RemoveAll(filepath.Join(dir, "TestExplained")))
	}
}

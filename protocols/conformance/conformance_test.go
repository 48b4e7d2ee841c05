package conformance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A tiny system to run suites on: a sender sends one ping, a receiver counts the pings it
// gets. "AtMostOnePing" holds unless a ping is duplicated.

type ping struct{}

type sender struct{}

func (*sender) Init(ctx actor.Context)                            { ctx.Send(1, ping{}) }
func (*sender) Handle(actor.Context, model.NodeID, actor.Message) {}
func (*sender) Timeout(actor.Context, actor.Timer)                {}

type receiver struct{ Pings int }

func (*receiver) Init(actor.Context) {}
func (r *receiver) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	if _, ok := msg.(ping); ok {
		r.Pings++
	}
}
func (*receiver) Timeout(actor.Context, actor.Timer) {}

const atMostOnePing = "AtMostOnePing"

func pingSystem(f actor.Faults) func() (*actor.System, error) {
	return func() (*actor.System, error) {
		return &actor.System{
			Nodes:  []actor.Node{&sender{}, &receiver{}},
			Faults: f,
			Props: []model.Property[*actor.State]{
				properties.Always(atMostOnePing, func(s *actor.State) bool { return s.Node(1).(*receiver).Pings <= 1 }),
			},
		}, nil
	}
}

var (
	once        = conformance.Scenario{Name: "once", Doc: "one ping, no faults", Build: pingSystem(actor.Faults{}), Deterministic: true}
	walks       = conformance.Scenario{Name: "walks", Doc: "random walks", Build: pingSystem(actor.Faults{Drops: 1}), Random: true, Walks: 20, Depth: 8}
	duplication = conformance.Scenario{Name: "duplication", Doc: "a ping is duplicated", Build: pingSystem(actor.Faults{Duplicates: 1})}
)

func suite(scenarios ...conformance.Scenario) conformance.Suite {
	return conformance.Suite{Name: "pingtest", Implementation: "pinger", Scenarios: scenarios}
}

func TestAPassingSuitePassesAndWritesItsReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.json")
	var out bytes.Buffer
	rep := conformance.Run(t, suite(once, walks), conformance.JSON(path), conformance.Output(&out))
	require.True(t, rep.OK(), out.String())
	assert.True(t, bytes.HasPrefix(out.Bytes(), []byte("pingtest: pinger: 5/5 checks passed\n")), out.String())
	assert.Contains(t, out.String(), "AtMostOnePing  passed (2 scenarios)")
	require.Len(t, rep.Scenarios, 2)
	assert.True(t, rep.Scenarios[0].Exhaustive)
	assert.False(t, rep.Scenarios[1].Exhaustive)
	assert.Equal(t, int64(20), rep.Scenarios[1].Walks, "the scenario's own number of walks")
	assert.Contains(t, rep.Scenarios[0].Search, "exhaustive")
	assert.Contains(t, rep.Scenarios[1].Search, "walks of ≤ 7 steps")
	g, ok := rep.Grade("deterministic")
	require.True(t, ok)
	assert.Equal(t, conformance.Passed, g.Status)
	assert.Equal(t, 1, g.Scenarios)

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var back conformance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, *rep, back)
	assert.Contains(t, string(data), `"suite": "pingtest"`)
}

// A failing scenario fails the test with the counterexample, saves it under the test's and
// the scenario's directory, and the next run replays it instead of searching.
func TestAFailureIsSavedAndReplayedOnTheNextRun(t *testing.T) {
	dir := t.TempDir()
	r, rep := record(t, suite(once, duplication), distcheck.TraceDir(dir))
	require.True(t, r.Failed())
	assert.False(t, rep.OK())
	g, ok := rep.Grade(atMostOnePing)
	require.True(t, ok)
	assert.Equal(t, conformance.Failed, g.Status)
	assert.Equal(t, "duplication", g.Scenario)
	assert.Equal(t, filepath.Join(dir, t.Name(), "duplication"), filepath.Dir(g.Counterexample))
	// once: AtMostOnePing, no-panic and deterministic pass; duplication: AtMostOnePing fails
	// and the search stops there, so no-panic is not checked in it.
	assert.Contains(t, r.Errors(), "pingtest: pinger: 3/5 checks passed: 1 FAILED, 1 not checked")
	assert.Equal(t, [4]int{3, 1, 1, 5}, [4]int{rep.Passed, rep.Failed, rep.NotChecked, rep.Total})
	assert.Contains(t, r.Errors(), "AtMostOnePing (always) violated in scenario duplication")
	assert.Contains(t, r.Errors(), "Replay it alone: go test -run '^TestAFailureIsSavedAndReplayedOnTheNextRun$' -distcheck.replay="+g.Counterexample)
	assert.Contains(t, rep.String(), "AtMostOnePing  FAILED in duplication: "+g.Counterexample)

	tr, err := counterexamples.Load(g.Counterexample)
	require.NoError(t, err)
	assert.Equal(t, "pingtest/pinger", tr.Protocol, "a system the suite leaves unnamed is named after it")

	r2, rep2 := record(t, suite(once, duplication), distcheck.TraceDir(dir))
	require.True(t, r2.Failed())
	assert.Equal(t, "replayed saved counterexamples; no search", rep2.Scenarios[1].Search)
	assert.Contains(t, r2.Errors(), "still fails")
	g2, _ := rep2.Grade(atMostOnePing)
	assert.Equal(t, g.Counterexample, g2.Counterexample)
}

// A property that failed is not searched for again in later scenarios, unless CollectAll;
// FailFast stops at the first failing scenario.
func TestLaterScenariosSkipAFailedPropertyAndFailFastStops(t *testing.T) {
	again := duplication
	again.Name = "duplication-again"
	s := suite(duplication, again, once)
	for name, tc := range map[string]struct {
		opts  []conformance.Option
		ran   int
		again conformance.Status // of AtMostOnePing in duplication-again
		later conformance.Status // and in once
	}{
		"default":    {ran: 3, again: conformance.Skipped, later: conformance.Skipped},
		"collectall": {opts: []conformance.Option{distcheck.CollectAll()}, ran: 3, again: conformance.Failed, later: conformance.Passed},
		"failfast":   {opts: []conformance.Option{conformance.FailFast()}, ran: 1},
	} {
		t.Run(name, func(t *testing.T) {
			r, rep := record(t, s, append(tc.opts, distcheck.TraceDir(t.TempDir()))...)
			require.True(t, r.Failed())
			require.Len(t, rep.Scenarios, tc.ran)
			if tc.ran > 1 {
				assert.Equal(t, tc.again, check(t, rep.Scenarios[1], atMostOnePing).Status)
				assert.Equal(t, tc.later, check(t, rep.Scenarios[2], atMostOnePing).Status)
				assert.Equal(t, conformance.Passed, check(t, rep.Scenarios[2], "no-panic").Status)
			}
		})
	}
}

func check(t *testing.T, sr conformance.ScenarioReport, property string) conformance.Check {
	t.Helper()
	for _, c := range sr.Checks {
		if c.Property == property {
			return c
		}
	}
	t.Fatalf("scenario %s has no check of %s", sr.Name, property)
	return conformance.Check{}
}

func TestOnlyRunsTheNamedScenarios(t *testing.T) {
	rep := conformance.Run(t, suite(once, duplication, walks), conformance.Only("walks", "once"))
	require.Len(t, rep.Scenarios, 2)
	assert.Equal(t, "once", rep.Scenarios[0].Name, "in the suite's order")
	assert.Equal(t, "walks", rep.Scenarios[1].Name)

	r, _ := record(t, suite(once), conformance.Only("onse"))
	require.True(t, r.Failed())
	assert.Contains(t, r.Errors(), `pingtest: pinger: Only: no scenario "onse" (scenarios: once)`)
}

func TestAScenarioThatCannotBeBuiltIsAnError(t *testing.T) {
	broken := conformance.Scenario{Name: "broken", Build: func() (*actor.System, error) { return nil, errors.New("no nodes today") }}
	unbuilt := conformance.Scenario{Name: "unbuilt"}
	r, rep := record(t, suite(broken, unbuilt, once))
	require.True(t, r.Failed())
	require.Len(t, rep.Scenarios, 3)
	assert.Equal(t, "building the system: no nodes today", rep.Scenarios[0].Error)
	assert.Equal(t, "the scenario has no Build function", rep.Scenarios[1].Error)
	assert.Empty(t, rep.Scenarios[2].Error)
	assert.Equal(t, rep.Passed, rep.Total, "every check that ran passed")
	assert.False(t, rep.OK())
	assert.Contains(t, rep.String(), "ERROR: building the system: no nodes today")
}

func TestAScenarioBoundsItsOwnSearch(t *testing.T) {
	bounded := once
	bounded.MaxStates = 2
	rep := conformance.Run(t, suite(bounded), distcheck.MaxStates(0))
	require.Len(t, rep.Scenarios, 1)
	assert.False(t, rep.Scenarios[0].Exhaustive)
	assert.Contains(t, rep.Scenarios[0].Search, "bounded: stopped at its state budget")
	assert.True(t, rep.OK(), "a bounded search passes what it covered")
}

// A scenario's Depth bounds its breadth-first search: a violation beyond it is not found, and
// the report says how far the search went.
func TestADepthBoundLimitsTheBreadthFirstSearch(t *testing.T) {
	shallow := duplication
	shallow.Depth = 3
	rep := conformance.Run(t, suite(shallow), distcheck.TraceDir(t.TempDir()))
	require.Len(t, rep.Scenarios, 1)
	assert.True(t, rep.OK(), "no violation within two steps")
	assert.False(t, rep.Scenarios[0].Exhaustive)
	assert.Contains(t, rep.Scenarios[0].Search, "depth 3, bounded: every behaviour of ≤ 2 steps (Depth)")

	shallow.Depth = 4
	r, rep := record(t, suite(shallow), distcheck.TraceDir(t.TempDir()))
	assert.True(t, r.Failed(), "a violation after three steps")
	assert.Equal(t, 3, check(t, rep.Scenarios[0], atMostOnePing).Steps)
}

// Asked to replay one counterexample (-distcheck.replay, or DISTCHECK_REPLAY), Run searches
// nothing: it replays it in the scenario it is of and reports that one check.
func TestRunReplaysTheOneCounterexampleItIsAskedTo(t *testing.T) {
	_, rep := record(t, suite(once, duplication), distcheck.TraceDir(t.TempDir()))
	g, _ := rep.Grade(atMostOnePing)
	require.FileExists(t, g.Counterexample)
	t.Setenv(distcheck.ReplayEnv, g.Counterexample)

	r, rep := record(t, suite(once, duplication), distcheck.TraceDir(t.TempDir()))
	require.True(t, r.Failed())
	require.Len(t, rep.Scenarios, 1)
	assert.Equal(t, "duplication", rep.Scenarios[0].Name)
	assert.Equal(t, "replayed "+g.Counterexample+" only; no search", rep.Scenarios[0].Search)
	assert.Equal(t, 0, rep.Passed)
	assert.Equal(t, 1, rep.Total)
	assert.Contains(t, r.Errors(), g.Counterexample+" still fails in scenario duplication")

	// Once the bug is fixed, the counterexample passes.
	fixed := duplication
	fixed.Build = func() (*actor.System, error) {
		sys, err := duplication.Build()
		sys.Props = []model.Property[*actor.State]{properties.Always(atMostOnePing, func(*actor.State) bool { return true })}
		return sys, err
	}
	rep = conformance.Run(t, suite(once, fixed))
	assert.True(t, rep.OK())
	assert.Equal(t, 1, rep.Total)

	// A counterexample of none of the scenarios is an error.
	r, _ = record(t, suite(once, duplication), conformance.Only("once"))
	require.True(t, r.Failed())
	assert.Contains(t, r.Errors(), g.Counterexample+" does not replay in any of the scenarios to run: trace diverges at step 1")
	r, _ = record(t, conformance.Suite{Name: "pingtest", Implementation: "other", Scenarios: []conformance.Scenario{duplication}})
	require.True(t, r.Failed())
	assert.Contains(t, r.Errors(), g.Counterexample+` is a counterexample of none of the scenarios to run (it records protocol "pingtest/pinger"`)
}

func TestSuitesWithUnnamedOrSameNamedScenariosAreRejected(t *testing.T) {
	for name, s := range map[string]conformance.Suite{
		`two scenarios are named "once"`:                                   suite(once, once),
		"scenario 1 has no name":                                           suite(once, conformance.Scenario{Build: once.Build}),
		`scenario "a/b": a name must not be a path (it names a directory)`: suite(conformance.Scenario{Name: "a/b", Build: once.Build}),
		`scenario "..": a name must not be a path (it names a directory)`:  suite(conformance.Scenario{Name: "..", Build: once.Build}),
	} {
		r, _ := record(t, s)
		assert.True(t, r.Failed(), name)
		assert.Contains(t, r.Errors(), name)
	}
}

func TestRecordCapturesFailuresWithoutFailingTheTest(t *testing.T) {
	after := false
	r := conformance.Record(t, func(tb testing.TB) {
		assert.Equal(t, t.Name(), tb.Name())
		tb.Logf("a log line does not fail")
		assert.False(t, tb.Failed())
		tb.Errorf("first %d", 1)
		tb.Fatalf("second %d", 2)
		after = true
	})
	assert.False(t, after, "Fatalf ends f")
	assert.True(t, r.Failed())
	assert.False(t, r.Skipped())
	assert.Equal(t, "first 1\nsecond 2", r.Errors())
	assert.False(t, t.Failed())

	r = conformance.Record(t, func(tb testing.TB) { tb.Log("fine") })
	assert.False(t, r.Failed())
	assert.Empty(t, r.Errors())

	r = conformance.Record(t, func(tb testing.TB) { tb.Skip("not today") })
	assert.True(t, r.Skipped())
	assert.False(t, r.Failed())

	r = conformance.Record(t, func(tb testing.TB) { tb.FailNow() })
	assert.True(t, r.Failed())
	assert.Empty(t, r.Errors())
}

// record runs the suite, recording its failures instead of failing the test.
func record(t *testing.T, s conformance.Suite, opts ...conformance.Option) (r *conformance.Recording, rep *conformance.Report) {
	r = conformance.Record(t, func(tb testing.TB) { rep = conformance.Run(tb, s, opts...) })
	return r, rep
}

// A random scenario with Seeds runs its walks under each seed, and the report gives every
// scenario's reach — exhaustive or not, its bound, its seeds and what it cannot exercise — and
// which seed found a failure.
func TestEveryScenarioReportsItsReachAndSeeds(t *testing.T) {
	seeded := walks
	seeded.Name, seeded.Seeds, seeded.Limits = "seeded", 3, []string{"one ping only"}
	bounded := once
	bounded.Name, bounded.Depth, bounded.Deterministic = "bounded", 2, false
	var out bytes.Buffer
	rep := conformance.Run(t, suite(once, seeded, bounded), conformance.Output(&out), distcheck.Seed(5))
	require.True(t, rep.OK(), out.String())
	require.Len(t, rep.Scenarios, 3)
	assert.Equal(t, "exhaustive", rep.Scenarios[0].Reach)
	s := rep.Scenarios[1]
	assert.Equal(t, []uint64{5, 6, 7}, s.Seeds)
	assert.Equal(t, int64(60), s.Walks, "20 walks under each of three seeds")
	assert.Equal(t, 7, s.Depth)
	assert.Equal(t, []string{"one ping only"}, s.Limits)
	assert.Equal(t, "sampled, not exhaustive: 60 walks of ≤ 7 steps under 3 seeds (5, 6, 7); cannot exercise: one ping only", s.Reach)
	assert.Contains(t, s.Search, "under 3 seeds")
	assert.Contains(t, out.String(), "reach: sampled, not exhaustive: 60 walks")
	assert.Contains(t, rep.Scenarios[2].Reach, "every behaviour of ≤ 1 steps")

	dup := duplication
	dup.Random, dup.Walks, dup.Depth, dup.Seeds = true, 30, 4, 4
	r, failed := record(t, suite(dup), distcheck.TraceDir(t.TempDir()), distcheck.Seed(2))
	require.True(t, r.Failed())
	c := failed.Scenarios[0].Checks[0]
	require.Equal(t, conformance.Failed, c.Status)
	require.NotNil(t, c.Seed)
	assert.Equal(t, failed.Scenarios[0].Seeds[len(failed.Scenarios[0].Seeds)-1], *c.Seed, "the search stops at the seed that found it")
	assert.Contains(t, failed.String(), "AtMostOnePing found by seed ")
}

// picker picks 0 or 1 when it starts: a walk reaches one of two states.
type picker struct{ Picked int }

func (p *picker) Init(ctx actor.Context)                          { p.Picked = ctx.Choose(2) }
func (*picker) Handle(actor.Context, model.NodeID, actor.Message) {}
func (*picker) Timeout(actor.Context, actor.Timer)                {}

// picks is a random scenario of one walk per seed in which "Picked<want>" sometimes holds.
func picks(want int, seeds int) conformance.Scenario {
	name := fmt.Sprintf("Picked%d", want)
	return conformance.Scenario{Name: "picks", Random: true, Walks: 1, Depth: 2, Seeds: seeds,
		Build: func() (*actor.System, error) {
			return &actor.System{Nodes: []actor.Node{&picker{}}, Props: []model.Property[*actor.State]{
				properties.Sometimes(name, func(s *actor.State) bool { return s.Node(0).(*picker).Picked == want }),
			}}, nil
		}}
}

// A Sometimes property of a scenario with several seeds is reached if the walks of any seed
// reach it, even when the first seed's do not; it fails, saying in how many seeds, only when
// none does.
func TestASometimesPropertyIsReachedIfAnySeedReachesIt(t *testing.T) {
	// Which of the seeds 0..19 reach Picked0 with their one walk, each alone.
	var hits []bool
	for seed := range uint64(20) {
		r, rep := record(t, suite(picks(0, 1)), distcheck.Seed(seed))
		g, ok := rep.Grade("Picked0")
		require.True(t, ok)
		hits = append(hits, !r.Failed())
		if r.Failed() {
			assert.Equal(t, conformance.Failed, g.Status)
			assert.NotContains(t, rep.String(), "never reached in")
		}
	}
	// A seed that misses it followed, within ten seeds, by one that reaches it.
	miss := slices.IndexFunc(hits[:10], func(h bool) bool { return !h })
	require.GreaterOrEqual(t, miss, 0, "each of the seeds 0..9 reaches Picked0: %v", hits)
	reach := slices.Index(hits[miss:], true)
	require.True(t, reach > 0 && reach < 10, "no seed of %d..%d reaches Picked0: %v", miss, miss+9, hits)

	var out bytes.Buffer
	rep := conformance.Run(t, suite(picks(0, 10)), distcheck.Seed(uint64(miss)), conformance.Output(&out))
	require.True(t, rep.OK(), out.String())
	g, _ := rep.Grade("Picked0")
	assert.Equal(t, conformance.Passed, g.Status)
	assert.Len(t, rep.Scenarios[0].Seeds, 10, "every seed ran")

	r, never := record(t, suite(picks(2, 4)), distcheck.Seed(uint64(miss)))
	require.True(t, r.Failed())
	c := never.Scenarios[0].Checks[0]
	assert.Equal(t, "Picked2", c.Property)
	assert.Equal(t, conformance.Failed, c.Status)
	assert.Nil(t, c.Seed, "no seed found it")
	assert.Contains(t, c.Reason, "never reached in 4 seeds: ")
	assert.Len(t, never.Scenarios[0].Seeds, 4)
}

package distcheck

import (
	"strings"
	"time"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/model"
)

// Option configures Check and the conformance suites (package conformance, whose Option is
// this type): one option set, so that a seed, a budget or a trace directory is given the same
// way to both. The options of this package whose meaning is the same in both — Seed, Walks,
// MaxStates, Workers, CollectAll, TraceDir, InShort, POR — are taken by both; those that choose
// Check's search (Strategy, MaxDepth, Time, MaxMemory, Fairness, Symmetry, WithOptions,
// ExpectViolation) by Check only, since a suite's scenarios choose their own; and package
// conformance's (FailFast, Only, Output, JSON, CheckDeterminism) by the suites only. An
// option given where it is not taken fails the test at once, naming it.
type Option = testrun.Option

// option returns the option of this package called name.
func option(name string, set func(*testrun.Settings)) Option {
	return testrun.NewOption("distcheck."+name, set)
}

// checkTakes reports whether Check takes the option called name: every option of this
// package, none of package conformance's.
func checkTakes(name string) bool { return strings.HasPrefix(name, "distcheck.") }

// newConfig returns Check's settings: by default, each reduction where it is sound
// (explore.Options.AutoReduce).
func newConfig(opts []Option, short bool) (*testrun.Settings, error) {
	defaults := testrun.Settings{Dir: DefaultTraceDir, Explore: explore.Options{AutoReduce: explore.AllReductions}}
	return testrun.Apply(defaults, opts, short, checkTakes, "distcheck.Check")
}

// DefaultTraceDir is where Check keeps counterexamples, relative to the package under test:
// testdata/counterexamples/<TestName>/<16 hex of sha256>.json.
const DefaultTraceDir = "testdata/counterexamples"

// Strategy selects the search: explore.BFS (the default), explore.DFS, or the sampled walks
// explore.Random, explore.PCT, explore.Swarm and explore.Coverage.
func Strategy(s explore.Strategy) Option {
	return option("Strategy", func(c *testrun.Settings) { c.Explore.Strategy = s })
}

// Workers sets the number of goroutines that expand states (default GOMAXPROCS), in Check's
// search or in each of a suite's.
func Workers(n int) Option {
	return option("Workers", func(c *testrun.Settings) { c.Explore.Workers = n })
}

// MaxDepth bounds the depth of the search (an initial state is depth 1).
func MaxDepth(n int) Option {
	return option("MaxDepth", func(c *testrun.Settings) { c.Explore.MaxDepth = n })
}

// MaxStates stops the search after n distinct states. A search that stops at its budget
// without a violation passes, and says what it covered in the test log. In a conformance
// suite it bounds each exhaustive search of a scenario that sets no bound of its own (default
// conformance.DefaultMaxStates; 0 means no bound).
func MaxStates(n int64) Option {
	return option("MaxStates", func(c *testrun.Settings) { c.Explore.MaxStates = n })
}

// Time stops the search after d. A search that stops at its budget without a violation
// passes, and says what it covered in the test log.
func Time(d time.Duration) Option {
	return option("Time", func(c *testrun.Settings) { c.Explore.Time = d })
}

// MaxMemory stops the search once the process's memory passes bytes. A search that stops at a
// budget it was given passes, and says what it covered in the test log; without this option
// the budget is three quarters of the machine's memory, and reaching it fails the test.
func MaxMemory(bytes int64) Option {
	return option("MaxMemory", func(c *testrun.Settings) { c.Explore.MaxMemory = bytes })
}

// Fairness sets the fairness that liveness properties are judged under, overriding the model's.
func Fairness(f model.Fairness) Option {
	return option("Fairness", func(c *testrun.Settings) { c.Explore.Fairness = &f })
}

// Seed seeds random walks: Check's, or a suite's random scenarios' (default 0).
func Seed(s uint64) Option {
	return option("Seed", func(c *testrun.Settings) { c.Explore.Seed = s })
}

// Walks sets the number of random walks: Check's, or in a conformance suite those of each
// random scenario that does not set its own (default conformance.DefaultWalks,
// conformance.DefaultShortWalks under -short).
func Walks(n int64) Option {
	return option("Walks", func(c *testrun.Settings) { c.Explore.Walks = n })
}

// CollectAll reports every violated property instead of stopping at the first. In a
// conformance suite it grades every property in every scenario: searches go on after a
// violation, and a property that failed is searched for again in later scenarios.
func CollectAll() Option {
	return option("CollectAll", func(c *testrun.Settings) { c.Explore.CollectAll = true })
}

// Symmetry turns on symmetry reduction (explore.Options.Symmetry): one state per orbit of the
// model's interchangeable actors (model.Symmetric). Counterexamples stay concrete paths. Check
// turns it on by itself where it is sound (see NoReductions); asked for, it is refused where
// it cannot apply.
func Symmetry() Option {
	return option("Symmetry", func(c *testrun.Settings) { c.Explore.Symmetry = true })
}

// NoReductions makes Check search every state: without it, Check turns symmetry and
// partial-order reduction on where they are sound for the model and the search
// (explore.Options.AutoReduce), and its log says which ran. Symmetry and POR still ask for one.
func NoReductions() Option {
	return option("NoReductions", func(c *testrun.Settings) { c.Explore.AutoReduce = 0 })
}

// POR turns on partial-order reduction (explore.Options.POR): BFS follows only an ample set
// of the steps where the model's topology and its properties' reads allow. A conformance suite
// applies it to the exhaustive scenarios whose system accepts it (actor.System.CheckReduction)
// and searches the others in full.
func POR() Option { return option("POR", func(c *testrun.Settings) { c.Explore.POR = true }) }

// WithOptions sets every search option at once.
func WithOptions(o explore.Options) Option {
	return option("WithOptions", func(c *testrun.Settings) { c.Explore = o })
}

// InShort applies opts only when the tests run with -short, e.g. to lower a budget (Check and
// the suites check them either way):
//
//	distcheck.Check(t, m, distcheck.InShort(distcheck.MaxStates(10_000)))
func InShort(opts ...Option) Option {
	return option("InShort", func(c *testrun.Settings) { c.Short = append(c.Short, opts...) })
}

// ExpectViolation turns Check around, for named buggy variants: the test passes when the
// search finds property violated (and its saved counterexamples still reproduce), and fails
// when it does not. A counterexample is saved the first time, so that later runs replay it.
func ExpectViolation(property string) Option {
	return option("ExpectViolation", func(c *testrun.Settings) { c.Expect = property })
}

// TraceDir sets the directory under which counterexamples are saved and replayed (default
// DefaultTraceDir); each test has a subdirectory named after it, and in a conformance suite
// each scenario one in that.
func TraceDir(dir string) Option {
	return option("TraceDir", func(c *testrun.Settings) { c.Dir = dir })
}

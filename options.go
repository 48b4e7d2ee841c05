package distcheck

import (
	"time"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// Option configures Check.
type Option func(*config)

type config struct {
	explore explore.Options
	short   []Option
	expect  string
	dir     string
}

func newConfig(opts []Option, short bool) *config {
	c := &config{dir: DefaultTraceDir}
	for _, o := range opts {
		o(c)
	}
	if short {
		for _, o := range c.short {
			o(c)
		}
	}
	return c
}

// DefaultTraceDir is where Check keeps counterexamples, relative to the package under test:
// testdata/counterexamples/<TestName>/<16 hex of sha256>.json.
const DefaultTraceDir = "testdata/counterexamples"

// Strategy selects the search: explore.BFS (the default), explore.DFS, or the sampled walks
// explore.Random, explore.PCT, explore.Swarm and explore.Coverage.
func Strategy(s explore.Strategy) Option { return func(c *config) { c.explore.Strategy = s } }

// Workers sets the number of goroutines that expand states (default GOMAXPROCS).
func Workers(n int) Option { return func(c *config) { c.explore.Workers = n } }

// MaxDepth bounds the depth of the search (an initial state is depth 1).
func MaxDepth(n int) Option { return func(c *config) { c.explore.MaxDepth = n } }

// MaxStates stops the search after n distinct states. A search that stops at its budget
// without a violation passes, and says what it covered in the test log.
func MaxStates(n int64) Option { return func(c *config) { c.explore.MaxStates = n } }

// Time stops the search after d. A search that stops at its budget without a violation
// passes, and says what it covered in the test log.
func Time(d time.Duration) Option { return func(c *config) { c.explore.Time = d } }

// MaxMemory stops the search once the process's memory passes bytes. A search that stops at a
// budget it was given passes, and says what it covered in the test log; without this option
// the budget is three quarters of the machine's memory, and reaching it fails the test.
func MaxMemory(bytes int64) Option { return func(c *config) { c.explore.MaxMemory = bytes } }

// Fairness sets the fairness that liveness properties are judged under, overriding the model's.
func Fairness(f model.Fairness) Option { return func(c *config) { c.explore.Fairness = &f } }

// Seed seeds random walks.
func Seed(s uint64) Option { return func(c *config) { c.explore.Seed = s } }

// Walks sets the number of random walks.
func Walks(n int64) Option { return func(c *config) { c.explore.Walks = n } }

// CollectAll reports every violated property instead of stopping at the first.
func CollectAll() Option { return func(c *config) { c.explore.CollectAll = true } }

// Symmetry turns on symmetry reduction (explore.Options.Symmetry): one state per orbit of the
// model's interchangeable actors (model.Symmetric). Counterexamples stay concrete paths.
func Symmetry() Option { return func(c *config) { c.explore.Symmetry = true } }

// POR turns on partial-order reduction (explore.Options.POR): BFS follows only an ample set
// of the steps where the model's topology and its properties' reads allow.
func POR() Option { return func(c *config) { c.explore.POR = true } }

// WithOptions sets every search option at once.
func WithOptions(o explore.Options) Option { return func(c *config) { c.explore = o } }

// InShort applies opts only when the tests run with -short, e.g. to lower a budget:
//
//	distcheck.Check(t, m, distcheck.InShort(distcheck.MaxStates(10_000)))
func InShort(opts ...Option) Option {
	return func(c *config) { c.short = append(c.short, opts...) }
}

// ExpectViolation turns Check around, for named buggy variants: the test passes when the
// search finds property violated (and its saved counterexamples still reproduce), and fails
// when it does not. A counterexample is saved the first time, so that later runs replay it.
func ExpectViolation(property string) Option { return func(c *config) { c.expect = property } }

// TraceDir sets the directory under which counterexamples are saved and replayed (default
// DefaultTraceDir); each test has a subdirectory named after it.
func TraceDir(dir string) Option { return func(c *config) { c.dir = dir } }

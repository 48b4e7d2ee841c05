package conformance

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
)

// Scenario is one system a suite explores, and how.
type Scenario struct {
	// Name names the scenario in reports and, under the test's, the directory of its
	// counterexamples: it must not contain a slash.
	Name string
	// Doc says what it explores, in a sentence.
	Doc string
	// Build returns a fresh system for the scenario; it is called more than once. The system
	// is named (Protocol) by the suite, e.g. "paxostest/<implementation>", so that
	// `distcheck replay` does not rebuild the project's own implementation in its place; Run
	// names a system left unnamed "<suite>/<implementation>".
	Build func() (*actor.System, error)
	// Random explores with random walks instead of an exhaustive breadth-first search.
	Random bool
	// Strategy, for a Random scenario, is the sampled strategy of its walks (explore.PCT,
	// explore.Swarm, explore.Coverage); zero means uniform random walks.
	Strategy explore.Strategy
	// Deterministic checks that every node is deterministic, by running each step twice.
	Deterministic bool
	// MaxStates, if not zero, bounds this scenario's breadth-first search, in place of the
	// option MaxStates (or DefaultMaxStates).
	MaxStates int64
	// Walks, if not zero, is this scenario's number of random walks, in place of the option
	// Walks (or its default).
	Walks int64
	// Depth, if not zero, bounds the length of this scenario's paths, counting the initial
	// state (explore.Options.MaxDepth): each random walk's, in place of WalkDepth, or the
	// breadth-first search's, which then covers every behaviour of at most Depth-1 steps and
	// is not exhaustive if there are longer ones.
	Depth int
	// Seeds, if more than one, runs a random scenario's walks under that many seeds — the
	// option Seed, then Seed+1, ... — Walks walks under each, and reports which seed found
	// what: a bug that one seed misses, another may catch.
	Seeds int
	// Limits say what the scenario cannot exercise, a few words each ("one ballot per
	// proposer", "the adversary sends nothing of its own"): the report prints them with the
	// scenario's reach.
	Limits []string
	// Vacuous names the properties the scenario cannot exercise — that hold in it whatever
	// the implementation does, e.g. Raft's LogMatching when logs hold one command. A property
	// that passes only in such scenarios is graded NotExercised, not Passed.
	Vacuous []string
}

// Suite is what Run checks: the suite's name, which starts the summary ("paxostest:
// reference: 21/21 checks passed"; "conformance" if empty), the name of the implementation
// under test, and the scenarios, in the order they run, each named uniquely.
type Suite struct {
	Name           string
	Implementation string
	Scenarios      []Scenario
}

// name returns the suite's name, or "conformance" for a suite without one.
func (s Suite) name() string { return cmp.Or(s.Name, "conformance") }

// validate checks that the scenarios are named uniquely, with names that can name their
// directories, and that the scenarios o selects exist.
func (s Suite) validate(o *options) error {
	var names []string
	for i, sc := range s.Scenarios {
		switch {
		case sc.Name == "":
			return fmt.Errorf("scenario %d has no name", i)
		case strings.ContainsAny(sc.Name, `/\`) || sc.Name == "." || sc.Name == "..":
			return fmt.Errorf("scenario %q: a name must not be a path (it names a directory)", sc.Name)
		case slices.Contains(names, sc.Name):
			return fmt.Errorf("two scenarios are named %q", sc.Name)
		}
		names = append(names, sc.Name)
	}
	for _, name := range o.only {
		if !slices.Contains(names, name) {
			return fmt.Errorf("Only: no scenario %q (scenarios: %s)", name, strings.Join(names, ", "))
		}
	}
	return nil
}

// Defaults of the options.
const (
	// DefaultWalks is the number of random walks, and DefaultShortWalks the number under
	// -short.
	DefaultWalks      = 10_000
	DefaultShortWalks = 1_000
	// WalkDepth bounds a random walk's length.
	WalkDepth = 60
	// DefaultMaxStates bounds each exhaustive search: a system whose state space is larger is
	// searched to that many states, breadth first — every behaviour up to some length — and
	// the report says so.
	DefaultMaxStates = 1_000_000
	// DefaultTraceDir is where counterexamples are saved, relative to the package under test.
	DefaultTraceDir = "testdata/counterexamples"
)

// Option configures Run.
type Option func(*options)

type options struct {
	walks     int64
	maxStates int64
	failFast  bool
	seed      uint64
	out       io.Writer
	json      string
	dir       string
	all       bool
	only      []string
	por       bool
}

func newOptions(opts []Option) *options {
	o := &options{walks: DefaultWalks, maxStates: DefaultMaxStates, dir: DefaultTraceDir}
	if testing.Short() {
		o.walks = DefaultShortWalks
	}
	for _, f := range opts {
		f(o)
	}
	return o
}

// Walks sets the number of random walks of a scenario that does not set its own (default
// DefaultWalks, DefaultShortWalks under -short).
func Walks(n int64) Option { return func(o *options) { o.walks = n } }

// MaxStates bounds each exhaustive search of a scenario that does not set its own bound
// (default DefaultMaxStates; 0 means no bound).
func MaxStates(n int64) Option { return func(o *options) { o.maxStates = n } }

// FailFast stops the suite after the first scenario in which a check fails, like go test's
// -failfast: the scenarios after it are not run.
func FailFast() Option { return func(o *options) { o.failFast = true } }

// Seed seeds the random walks (default 0).
func Seed(s uint64) Option { return func(o *options) { o.seed = s } }

// Output also prints the graded summary to w (it always goes to the test log).
func Output(w io.Writer) Option { return func(o *options) { o.out = w } }

// JSON also writes the report, as JSON, to the file at path.
func JSON(path string) Option { return func(o *options) { o.json = path } }

// TraceDir sets the directory under which counterexamples are saved and replayed (default
// DefaultTraceDir); each test has a subdirectory named after it, and each scenario one in
// that.
func TraceDir(dir string) Option { return func(o *options) { o.dir = dir } }

// CollectAll grades every property in every scenario: searches go on after a violation, and
// a property that failed is searched for again in later scenarios. It takes longer.
func CollectAll() Option { return func(o *options) { o.all = true } }

// PartialOrder searches the exhaustive scenarios with partial-order reduction
// (explore.Options.POR) where the scenario's system accepts it (actor.System.CheckReduction:
// its properties declare what they read, and it has no adversary); the others are searched in
// full.
func PartialOrder() Option { return func(o *options) { o.por = true } }

// Only runs the named scenarios only; Run fails the test if the suite has no scenario of one
// of the names.
func Only(scenarios ...string) Option {
	return func(o *options) { o.only = append(o.only, scenarios...) }
}

func (o *options) runs(sc Scenario) bool {
	return len(o.only) == 0 || slices.Contains(o.only, sc.Name)
}

// seeds returns the seeds of sc's random walks: o's seed, and the next ones if sc asks for
// more than one.
func (o *options) seeds(sc Scenario) []uint64 {
	out := []uint64{o.seed}
	for i := 1; i < sc.Seeds; i++ {
		out = append(out, o.seed+uint64(i))
	}
	return out
}

// explore returns the options of sc's search, whose walks, if it is random, are seeded with
// seed.
func (o *options) explore(sc Scenario, seed uint64) explore.Options {
	if sc.Random {
		return explore.Options{Strategy: cmp.Or(sc.Strategy, explore.Random), CollectAll: o.all, Seed: seed,
			Walks: cmp.Or(sc.Walks, o.walks), MaxDepth: cmp.Or(sc.Depth, WalkDepth)}
	}
	return explore.Options{CollectAll: o.all, MaxStates: cmp.Or(sc.MaxStates, o.maxStates), MaxDepth: sc.Depth}
}

// Sampled returns n, a scenario's number of random walks, or a fifth of it under go test
// -short: for suites whose scenarios set their own Walks.
func Sampled(n int64) int64 {
	if testing.Short() {
		return n / 5
	}
	return n
}

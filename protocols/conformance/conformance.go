package conformance

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
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
	// KeepIgnored leaves a message that its receiver ignores in flight instead of consuming it
	// (actor.System.KeepIgnored): the same reachable node states, so the same verdicts on
	// node states and histories, in fewer states.
	KeepIgnored bool
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
	// Symmetry explores an exhaustive scenario with symmetry reduction, one state per orbit
	// of the system's interchangeable nodes (actor.System.Symmetry), where the system accepts
	// it: an implementation whose nodes are not copies of each other up to their IDs is
	// searched in full, within MaxStates. It assumes, as the reduction does, that a node's
	// behaviour depends on IDs only through the IDs it stores and receives (no `if id == 0`).
	Symmetry bool
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
)

// Option configures Run. It is distcheck.Option: a suite takes the options of package
// distcheck whose meaning is the same as in distcheck.Check — distcheck.Seed, Walks,
// MaxStates, Workers, CollectAll, TraceDir (default distcheck.DefaultTraceDir), InShort and POR —
// and this package's FailFast, Only, Output, JSON and CheckDeterminism. Any other option
// (distcheck.Strategy, say: a scenario chooses its own search) fails the test at once.
type Option = distcheck.Option

// suiteTakes reports whether Run takes the option called name.
func suiteTakes(name string) bool {
	switch name {
	case "distcheck.Seed", "distcheck.Walks", "distcheck.MaxStates", "distcheck.Workers",
		"distcheck.CollectAll", "distcheck.TraceDir", "distcheck.InShort", "distcheck.POR":
		return true
	}
	return strings.HasPrefix(name, "conformance.")
}

// option returns the option of this package called name.
func option(name string, set func(*testrun.Settings)) Option {
	return testrun.NewOption("conformance."+name, set)
}

// options are the settings Run reads.
type options struct {
	walks         int64
	maxStates     int64
	workers       int
	failFast      bool
	seed          uint64
	out           io.Writer
	json          string
	dir           string
	all           bool
	only          []string
	deterministic bool
	por           bool
}

func newOptions(opts []Option) (*options, error) {
	st, err := testrun.Apply(testrun.Settings{Dir: distcheck.DefaultTraceDir}, opts, testing.Short(), suiteTakes, "conformance.Run")
	if err != nil {
		return nil, err
	}
	o := &options{walks: DefaultWalks, maxStates: DefaultMaxStates, workers: st.Explore.Workers,
		failFast: st.FailFast, seed: st.Explore.Seed, out: st.Out, json: st.JSON, dir: st.Dir,
		all: st.Explore.CollectAll, only: st.Only, deterministic: st.Deterministic, por: st.Explore.POR}
	if testing.Short() {
		o.walks = DefaultShortWalks
	}
	if st.Gave("distcheck.Walks") {
		o.walks = st.Explore.Walks
	}
	if st.Gave("distcheck.MaxStates") {
		o.maxStates = st.Explore.MaxStates
	}
	return o, nil
}

// FailFast stops the suite after the first scenario in which a check fails, like go test's
// -failfast: the scenarios after it are not run.
func FailFast() Option { return option("FailFast", func(s *testrun.Settings) { s.FailFast = true }) }

// Output also prints the graded summary to w (it always goes to the test log).
func Output(w io.Writer) Option { return option("Output", func(s *testrun.Settings) { s.Out = w }) }

// JSON also writes the report, as JSON, to the file at path.
func JSON(path string) Option { return option("JSON", func(s *testrun.Settings) { s.JSON = path }) }

// Only runs the named scenarios only; Run fails the test if the suite has no scenario of one
// of the names.
func Only(scenarios ...string) Option {
	return option("Only", func(s *testrun.Settings) { s.Only = append(s.Only, scenarios...) })
}

// CheckDeterminism makes every scenario Deterministic: each step runs twice, and the property
// actor.DeterminismProperty fails when the two runs differ — an implementation that iterates
// over a map, say. It doubles the cost.
func CheckDeterminism() Option {
	return option("CheckDeterminism", func(s *testrun.Settings) { s.Deterministic = true })
}

// configured returns the suite with what o changes in its scenarios: all of them
// Deterministic under CheckDeterminism.
func (s Suite) configured(o *options) Suite {
	if o.deterministic {
		s.Scenarios = slices.Clone(s.Scenarios)
		for i := range s.Scenarios {
			s.Scenarios[i].Deterministic = true
		}
	}
	return s
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
			Walks: cmp.Or(sc.Walks, o.walks), MaxDepth: cmp.Or(sc.Depth, WalkDepth), Workers: o.workers}
	}
	return explore.Options{CollectAll: o.all, MaxStates: cmp.Or(sc.MaxStates, o.maxStates), MaxDepth: sc.Depth, Workers: o.workers}
}

// Sampled returns n, a scenario's number of random walks, or a fifth of it under go test
// -short: for suites whose scenarios set their own Walks.
func Sampled(n int64) int64 {
	if testing.Short() {
		return n / 5
	}
	return n
}

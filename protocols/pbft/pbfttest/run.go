package pbfttest

import (
	"io"
	"testing"

	"github.com/distcheck/distcheck/protocols/conformance"
)

// name is the suite's name, which starts its summary.
const name = "pbfttest"

// Run checks impl against the suite's scenarios with package conformance's runner: it prints
// the graded summary to t's log (and to Output's writer), writes it as JSON if asked, fails t
// for every check that failed, and returns the report. An implementation without a factory
// fails t at once.
func Run(t testing.TB, impl Implementation, opts ...Option) *Report {
	t.Helper()
	if impl.NewReplica == nil {
		t.Fatalf("%s: implementation %q: NewReplica is nil; set it to a function that makes a replica", name, impl.Name)
		return &Report{Suite: name, Implementation: impl.Name}
	}
	s := conformance.Suite{Name: name, Implementation: impl.Name}
	for _, sc := range Scenarios() {
		s.Scenarios = append(s.Scenarios, sc.scenario(impl))
	}
	return conformance.Run(t, s, opts...)
}

// protocol names an implementation's systems in traces: not a built-in protocol, so that
// `distcheck replay` does not rebuild the project's implementation in its place.
func protocol(impl Implementation) string { return name + "/" + impl.Name }

// Defaults of the options, package conformance's.
const (
	// DefaultWalks is the number of random walks, and DefaultShortWalks the number under
	// -short.
	DefaultWalks      = conformance.DefaultWalks
	DefaultShortWalks = conformance.DefaultShortWalks
	// WalkDepth bounds a random walk's length.
	WalkDepth = conformance.WalkDepth
	// DefaultMaxStates bounds each exhaustive search of a scenario without its own bound. The
	// project's implementation needs an eighth of it at most.
	DefaultMaxStates = conformance.DefaultMaxStates
	// DefaultTraceDir is where counterexamples are saved, relative to the package under test.
	DefaultTraceDir = conformance.DefaultTraceDir
)

// Option configures Run; it is package conformance's.
type Option = conformance.Option

// Walks sets the number of random walks (default DefaultWalks, DefaultShortWalks under
// -short).
func Walks(n int64) Option { return conformance.Walks(n) }

// MaxStates bounds each exhaustive search of a scenario without its own bound (default
// DefaultMaxStates; 0 means no bound). The scenario view-change-equivocation keeps its bound,
// ViewChangeMaxStates.
func MaxStates(n int64) Option { return conformance.MaxStates(n) }

// FailFast stops the suite after the first scenario in which a check fails.
func FailFast() Option { return conformance.FailFast() }

// Seed seeds the random walks (default 0).
func Seed(s uint64) Option { return conformance.Seed(s) }

// Output also prints the graded summary to w (it always goes to the test log).
func Output(w io.Writer) Option { return conformance.Output(w) }

// JSON also writes the report, as JSON, to the file at path.
func JSON(path string) Option { return conformance.JSON(path) }

// TraceDir sets the directory under which counterexamples are saved and replayed (default
// DefaultTraceDir): <dir>/<TestName>/<scenario>/<hash>.json.
func TraceDir(dir string) Option { return conformance.TraceDir(dir) }

// CollectAll grades every property in every scenario; it takes longer.
func CollectAll() Option { return conformance.CollectAll() }

// Only runs the named scenarios only.
func Only(scenarios ...string) Option { return conformance.Only(scenarios...) }

// Report is the graded outcome of Run (see package conformance).
type Report = conformance.Report

// ScenarioReport is what the suite found in one scenario.
type ScenarioReport = conformance.ScenarioReport

// Check is one property's outcome in one scenario.
type Check = conformance.Check

// PropertyGrade is a property's outcome over every scenario.
type PropertyGrade = conformance.PropertyGrade

// Status is the outcome of one check: one property in one scenario.
type Status = conformance.Status

// The outcomes of a check (see package conformance).
const (
	Passed     = conformance.Passed
	Failed     = conformance.Failed
	NotChecked = conformance.NotChecked
	Skipped    = conformance.Skipped
)

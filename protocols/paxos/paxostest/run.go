package paxostest

import (
	"testing"

	"github.com/distcheck/distcheck/protocols/conformance"
)

// name is the suite's name, which starts its summary.
const name = "paxostest"

// Run checks impl against the suite's scenarios with package conformance's runner: it prints
// the graded summary to t's log (and to Output's writer), writes it as JSON if asked, fails t
// for every check that failed, and returns the report. An implementation without both
// factories fails t at once.
func Run(t testing.TB, impl Implementation, opts ...conformance.Option) *conformance.Report {
	t.Helper()
	if impl.NewProposer == nil || impl.NewAcceptor == nil {
		t.Fatalf("%s: implementation %q: NewProposer and NewAcceptor must both be set", name, impl.Name)
		return &conformance.Report{Suite: name, Implementation: impl.Name}
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

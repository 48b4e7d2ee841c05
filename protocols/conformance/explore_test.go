package conformance_test

import (
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer/explorertest"
	"github.com/distcheck/distcheck/protocols/conformance"
)

// With -distcheck.explore and -distcheck.replay, Run checks nothing: it serves the explorer on
// the system of the scenario the counterexample is of, at its end, until the page's Stop.
func TestExploreOpensTheCounterexampleInItsScenario(t *testing.T) {
	_, rep := record(t, suite(once, duplication), distcheck.TraceDir(t.TempDir()))
	g, _ := rep.Grade(atMostOnePing)
	require.FileExists(t, g.Counterexample)
	tr, err := counterexamples.Load(g.Counterexample)
	require.NoError(t, err)
	t.Setenv(distcheck.ReplayEnv, g.Counterexample)
	require.NoError(t, flag.Set("distcheck.explore", "true"))
	t.Cleanup(func() { _ = flag.Set("distcheck.explore", "false") })
	require.True(t, distcheck.ExploreRequested())

	// The explorer prints its URL to standard error.
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	stderr := os.Stderr
	os.Stderr = pw
	t.Cleanup(func() { os.Stderr = stderr })
	wait := explorertest.Background(pr)
	rep = conformance.Run(t, suite(once, duplication), distcheck.TraceDir(t.TempDir()))
	os.Stderr = stderr
	pw.Close()
	view, err := wait()
	require.NoError(t, err)
	assert.Equal(t, len(tr.Steps), view.Step)
	assert.Equal(t, atMostOnePing, view.Violated)
	assert.Equal(t, 0, rep.Total, "nothing was checked")
}

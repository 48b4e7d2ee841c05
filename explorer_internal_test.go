package distcheck

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/explorer/explorertest"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// With -distcheck.explore, Check serves the explorer at the end of the test's saved
// counterexample, and returns when the page's Stop button is pressed.
func TestExploreFlagOpensTheSavedCounterexample(t *testing.T) {
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	dir := t.TempDir()
	res, err := explore.Run(context.Background(), m, explore.Options{Workers: 1})
	require.NoError(t, err)
	v, ok := res.Violation("TCConsistent")
	require.True(t, ok)
	_, _, _, steps, err := saveViolation(context.Background(), m, res, v, dir)
	require.NoError(t, err)

	pr, pw := io.Pipe()
	wait := explorertest.Background(pr)
	exploreTest(t, m, dir, pw)
	pw.Close()
	view, err := wait()
	require.NoError(t, err)
	assert.Equal(t, steps, view.Step)
	assert.Equal(t, "TCConsistent", view.Violated)
}

// The flag is off unless given: a plain test run never starts a server.
func TestExploreFlagIsOffByDefault(t *testing.T) {
	require.False(t, ExploreRequested())
}

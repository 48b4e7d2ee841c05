package twophase_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/twophase"
)

// TypeOK and TCConsistent hold, and SomeRMCommits is reached, with 3 RMs.
func TestTwoPhaseHolds(t *testing.T) {
	m, err := twophase.New(3, bugs.None)
	require.NoError(t, err)
	res := distcheck.Check(t, m)
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// BugEarlyCommit breaks TCConsistent. The counterexample is saved under
// testdata/counterexamples/TestEarlyCommitIsCaught/ and replayed first by every later run.
func TestEarlyCommitIsCaught(t *testing.T) {
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	distcheck.Check(t, m, distcheck.ExpectViolation("TCConsistent"), distcheck.Workers(1))
}

// The saved counterexample of the early-commit bug replays: five steps, TCConsistent broken.
func TestSavedEarlyCommitCounterexampleReplays(t *testing.T) {
	traces, paths, err := counterexamples.LoadDir(filepath.Join(distcheck.DefaultTraceDir, "TestEarlyCommitIsCaught"))
	require.NoError(t, err)
	require.NotEmpty(t, traces, "TestEarlyCommitIsCaught saves one")
	m, err := twophase.New(3, twophase.BugEarlyCommit)
	require.NoError(t, err)
	for i, tr := range traces {
		r, err := counterexamples.Replay(m, tr)
		require.NoError(t, err, paths[i])
		assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
		assert.Equal(t, "TCConsistent", tr.Property)
		assert.Len(t, tr.Steps, 5)
	}
}

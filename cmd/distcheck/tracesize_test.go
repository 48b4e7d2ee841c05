package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A trace over the size limit is refused in one line that names --max-trace-size, by every
// command that reads traces, and the flag raises the limit.
func TestMaxTraceSizeRaisesTheLimitAndIsNamed(t *testing.T) {
	trace := randomTrace(t)
	for _, cmd := range []string{"replay", "minimize", "explore"} {
		t.Run(cmd, func(t *testing.T) {
			code, _, stderr := cli(t, cmd, trace, "--max-trace-size", "100B")
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, "over the size limit of 100 bytes")
			assert.Contains(t, stderr, "--max-trace-size")
			assert.Contains(t, stderr, trace)
			code, _, stderr = cli(t, cmd, trace, "--max-trace-size=x")
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, "max-trace-size")
			assert.Contains(t, stderr, `"x" is not a size`)
		})
	}
	code, out, _ := cli(t, "replay", "--max-trace-size", "1MiB", trace)
	assert.Equal(t, exitViolation, code, "a raised limit reads the trace")
	assert.Contains(t, out, "Still fails")

	// A file over the default 64 MiB (sparse: it takes no disk) is refused before it is read;
	// with the limit raised, it is read and refused for what it is.
	huge := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(huge)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(65<<20))
	require.NoError(t, f.Close())
	code, _, stderr := cli(t, "replay", huge)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "over the size limit of 64 MiB (raise the limit with --max-trace-size")
	code, _, stderr = cli(t, "replay", huge, "--max-trace-size", "128MiB")
	assert.Equal(t, exitUsage, code)
	assert.NotContains(t, stderr, "size limit")
}

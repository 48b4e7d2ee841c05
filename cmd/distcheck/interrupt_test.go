package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
)

// signalAfter starts the binary, waits for its first line on stderr and then for wait, sends
// SIGINT, and returns the exit status, the standard output, the standard error, and how long
// the command took to stop.
func signalAfter(t *testing.T, bin string, wait time.Duration, args ...string) (int, string, string, time.Duration) {
	t.Helper()
	return signalled(t, bin, syscall.SIGINT, func(r *bufio.Reader) (string, error) { return r.ReadString('\n') }, wait, args...)
}

// Ctrl-C during minimize stops it and keeps the shortest trace found so far: it is written,
// it replays, and the exit status says the minimization was cut short (3).
func TestInterruptedMinimizeKeepsTheShortestTraceSoFar(t *testing.T) {
	bin := buildCLI(t)
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "twopc-8-random-walk.json"))
	require.NoError(t, err)
	trace := filepath.Join(dir, "walk.json")
	require.NoError(t, os.WriteFile(trace, data, 0o644))
	orig, err := counterexamples.Load(trace)
	require.NoError(t, err)

	// ddmin takes a few replays; the shortening searches (up to 10^8 states) take seconds.
	code, out, errOut, took := signalAfter(t, bin, 300*time.Millisecond, "minimize", trace, "--states", "100000000", "--time", "10m")
	t.Logf("stopped %v after the signal\n%s", took, errOut)
	assert.Equal(t, exitInconclusive, code, errOut)
	assert.Contains(t, errOut, "interrupted")
	path := strings.TrimSpace(out)
	require.FileExists(t, path)
	min, err := counterexamples.Load(path)
	require.NoError(t, err)
	assert.Less(t, len(min.Steps), len(orig.Steps), "what ddmin found before the interrupt is kept")
	code, replayed, _ := cli(t, "replay", path)
	assert.Equal(t, exitViolation, code, "the trace written still fails: %s", replayed)
	after, err := os.ReadFile(trace)
	require.NoError(t, err)
	assert.Equal(t, data, after, "the input is untouched")
}

// Ctrl-C during the replay of a large trace stops it at once, says so, and writes nothing.
func TestInterruptedReplayStopsAndWritesNothing(t *testing.T) {
	bin := buildCLI(t)
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "twopc-8-random-walk.json"))
	require.NoError(t, err)
	var tr map[string]any
	require.NoError(t, json.Unmarshal(data, &tr))
	steps := tr["steps"].([]any)
	var many []any
	for len(many) < 60_000 { // about 20 MB: seconds to read
		many = append(many, steps...)
	}
	tr["steps"] = many
	big, err := json.Marshal(tr)
	require.NoError(t, err)
	trace := filepath.Join(dir, "big.json")
	require.NoError(t, os.WriteFile(trace, big, 0o644))
	html := filepath.Join(dir, "page.html")

	code, out, errOut, took := signalAfter(t, bin, 200*time.Millisecond, "replay", trace, "--html", html)
	t.Logf("stopped %v after the signal", took)
	assert.Equal(t, exitInconclusive, code, out+errOut)
	assert.Contains(t, errOut, "replaying "+trace)
	assert.Contains(t, out, "interrupted: the replay of "+trace+" stopped before it finished; nothing was written")
	assert.NoFileExists(t, html)
}

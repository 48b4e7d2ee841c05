package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer/explorertest"
)

// explorerSession runs distcheck explore with args in the background and returns a client of
// the explorer it serves and a channel that receives its exit status.
func explorerSession(t *testing.T, args ...string) (*explorertest.Client, <-chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		var errOut strings.Builder
		code := run(append([]string{"explore"}, args...), pw, &errOut)
		pw.CloseWithError(io.EOF)
		done <- code
	}()
	c, err := explorertest.FromOutput(pr)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	require.NoError(t, err, "distcheck explore %v", args)
	return c, done
}

// distcheck explore on a protocol serves its initial state until the page's Stop button is
// pressed, then exits with status 0.
func TestExploreProtocolServesUntilStopped(t *testing.T) {
	c, done := explorerSession(t, "twophase", "--bug", "early-commit", "--rms", "2", "--dir", t.TempDir())
	assert.Equal(t, "127.0.0.1", c.URL.Hostname())
	v, err := c.View()
	require.NoError(t, err)
	assert.Equal(t, "twophase", v.Protocol)
	assert.Equal(t, map[string]string{"bug": "early-commit", "rms": "2"}, v.Params)
	assert.Len(t, v.Actors, 3)
	assert.Equal(t, 0, v.Step)
	require.NoError(t, c.Stop())
	select {
	case status := <-done:
		assert.Equal(t, exitOK, status)
	case <-time.After(10 * time.Second):
		t.Fatal("distcheck explore did not stop")
	}
}

// distcheck explore on a trace starts at the end of its path.
func TestExploreTraceStartsAtItsEnd(t *testing.T) {
	matches, err := filepath.Glob(filepath.Join(repoRoot, "protocols", "twophase", "testdata", "counterexamples", "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, matches, "twophase's saved counterexamples")
	tr, _, err := loadTrace("explore", matches[0])
	require.NoError(t, err)
	c, done := explorerSession(t, matches[0])
	v, err := c.View()
	require.NoError(t, err)
	assert.Equal(t, len(tr.Steps), v.Step)
	assert.Equal(t, tr.Property, v.Violated)
	require.NoError(t, c.Stop())
	assert.Equal(t, exitOK, <-done)
}

func TestExploreBadInputIsAUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"explore"},
		{"explore", "nosuch"},
		{"explore", "--bug", "x"},
		{"explore", "twophase", "--bug", "nosuch"},
		{"explore", "twophase", "--drops", "1"},
		{"explore", "twophase", "--dir"},
		{"explore", "twophase", "--dir", "/nonexistent/dir"},
		{"explore", "missing.json"},
		{"explore", "twophase", "extra"},
		{"explore", "twophase", "--json"},
		{"explore", "twophase", "--strategy", "random"},
	} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, out)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: one line: %s", args, errOut)
		assert.True(t, strings.HasPrefix(errOut, "distcheck: "), errOut)
	}
	code, out, _ := cli(t, "explore", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: distcheck explore")
}

// A trace of a model defined in a Go test is explored from go test; the error says how.
func TestExploreAGoModelsTraceSaysToUseGoTest(t *testing.T) {
	matches, err := filepath.Glob(filepath.Join(repoRoot, "protocols", "twophase", "testdata", "counterexamples", "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, matches)
	tr, err := counterexamples.Load(matches[0])
	require.NoError(t, err)
	tr.Protocol, tr.Params = "go:*mypkg.model", nil
	file, err := counterexamples.Save(t.TempDir(), tr)
	require.NoError(t, err)
	code, _, errOut := cli(t, "explore", file)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "-distcheck.replay="+file+" -distcheck.explore")
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols"
)

// Exit statuses scripts can trust: a budget or a depth bound that leaves a Sometimes property
// unreached is inconclusive (3), not a violation (1); the JSON says the same.
func TestExitStatusPerStopReason(t *testing.T) {
	for _, tt := range []struct {
		name    string
		args    []string
		code    int
		verdict string
		stopped string
	}{
		{"exhaustive", []string{"twophase", "--rms", "3"}, exitOK, "holds", "complete"},
		{"bug", []string{"twophase", "--rms", "3", "--bug", "early-commit", "--workers", "1"}, exitViolation, "violated", "violation"},
		{"max-states", []string{"twophase", "--rms", "6", "--max-states", "50"}, exitInconclusive, "inconclusive", "max-states"},
		{"depth", []string{"twophase", "--rms", "3", "--depth", "3"}, exitInconclusive, "inconclusive", "complete"},
		{"time", []string{"twophase", "--rms", "10", "--time", "1ns"}, exitInconclusive, "inconclusive", "time"},
		{"max-memory", []string{"twophase", "--rms", "10", "--max-memory", "1B"}, exitInconclusive, "inconclusive", "max-memory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, rep := checkJSON(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.verdict, rep.Verdict)
			assert.Equal(t, tt.stopped, rep.Stopped)
			assert.Equal(t, tt.verdict == "holds", rep.OK)
			if tt.verdict == "inconclusive" {
				assert.Empty(t, rep.Violations, "nothing unreached is reported as a violation")
			}
		})
	}
	code, out, _ := cli(t, "check", "twophase", "--rms", "6", "--max-states", "50", "--quiet")
	assert.Equal(t, exitInconclusive, code)
	assert.Contains(t, out, "INCONCLUSIVE: SomeRMCommits (sometimes) not reached")
	assert.NotContains(t, out, "VIOLATION")
}

// Every output is checked before the work starts: a path that cannot be written is one line,
// exit 2, with no search run and nothing created.
func TestUnwritableOutputsAreRefusedBeforeTheWork(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	require.NoError(t, os.WriteFile(file, []byte("keep me"), 0o644))
	under := filepath.Join(file, "sub")
	for _, args := range [][]string{
		{"check", "twophase", "--save", under},
		{"check", "twophase", "--save", file},
		{"simulate", "push-gossip", "--output", filepath.Join(under, "out.json")},
		{"simulate", "push-gossip", "--csv", file},
		{"simulate", "push-gossip", "--plots", under},
		{"simulate", "push-gossip", "--output", dir},
	} {
		start := time.Now()
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.Empty(t, out, "%v: no work was done", args)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: %q", args, errOut)
		assert.Contains(t, errOut, args[2], "%v names the flag", args)
		assert.Less(t, time.Since(start), 5*time.Second, "%v", args)
	}
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "keep me", string(data))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no probe or output left behind")

	// A directory that does not exist yet is fine: it is created when something is saved.
	code, _, errOut := cli(t, "check", "twophase", "--save", filepath.Join(dir, "new", "traces"), "--quiet")
	assert.Equal(t, exitOK, code, errOut)
	_, err = os.Stat(filepath.Join(dir, "new"))
	assert.ErrorIs(t, err, os.ErrNotExist, "nothing to save, nothing created")
}

// If saving still fails at the end, the whole report is printed first and the error last.
func TestASaveThatFailsAtTheEndLosesNothing(t *testing.T) {
	p, err := protocols.Lookup("twophase")
	require.NoError(t, err)
	f, err := parseCheckFlags(p, nil, io.Discard)
	require.NoError(t, err)
	r, err := p.Build(protocols.Config{Params: map[string]int{"rms": 3}, Bug: "early-commit"})
	require.NoError(t, err)
	rep, err := r.Explore(context.Background(), explore.Options{Workers: 1})
	require.NoError(t, err)
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	f.save = filepath.Join(blocker, "dir") // passes no check: the check ran before
	var out bytes.Buffer
	_, err = reportCheck(&out, r, rep, f)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--save")
	assert.Contains(t, out.String(), "VIOLATION: TCConsistent")
	assert.Contains(t, out.String(), "1 violated", "the summary is printed before the error")
}

// buildCLI builds the distcheck binary once per test binary run.
func buildCLI(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "distcheck")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// interrupt starts the binary, waits for its first output on stderr (the search or simulation
// is under way), sends sig, and returns the exit status, the output, and how long the
// command took to stop.
func interrupt(t *testing.T, bin string, sig syscall.Signal, args ...string) (int, string, time.Duration) {
	t.Helper()
	code, out, _, took := signalled(t, bin, sig, func(r *bufio.Reader) (string, error) {
		b, err := r.ReadByte() // progress lines, or a progress bar drawn with \r
		return string(b), err
	}, 0, args...)
	return code, out, took
}

// signalled starts the binary, waits until ready has read the start of its stderr and then
// for wait, sends sig, and returns the exit status, the standard output, the standard error,
// and how long the command took to stop.
func signalled(t *testing.T, bin string, sig syscall.Signal, ready func(*bufio.Reader) (string, error), wait time.Duration, args ...string) (int, string, string, time.Duration) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	pipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	r := bufio.NewReader(pipe)
	first, err := ready(r)
	require.NoError(t, err, "the command printed nothing on stderr")
	rest := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		rest <- string(b)
	}()
	time.Sleep(wait)
	sent := time.Now()
	require.NoError(t, cmd.Process.Signal(sig))
	errOut := first + <-rest
	err = cmd.Wait()
	took := time.Since(sent)
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, out.String(), errOut, took
}

// Ctrl-C or SIGTERM during a search stops it at once with a partial report, exit 3.
func TestInterruptedCheckPrintsAPartialReport(t *testing.T) {
	bin := buildCLI(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		code, out, took := interrupt(t, bin, sig, "check", "twophase", "--rms", "14", "--symmetry=false", "--json")
		assert.Equal(t, exitInconclusive, code, "%v: %s", sig, out)
		var rep jsonReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
		assert.Equal(t, "canceled", rep.Stopped)
		assert.Equal(t, "inconclusive", rep.Verdict)
		assert.Positive(t, rep.Distinct)
		t.Logf("%v: stopped %v after the signal", sig, took)
	}
	code, out, _ := interrupt(t, bin, syscall.SIGINT, "check", "twophase", "--rms", "14", "--symmetry=false")
	assert.Equal(t, exitInconclusive, code)
	assert.Contains(t, out, "interrupted: the report below is partial")
}

// Ctrl-C during a simulation prints the metrics so far, marked partial, and writes them.
func TestInterruptedSimulatePrintsPartialMetrics(t *testing.T) {
	bin := buildCLI(t)
	outFile := filepath.Join(t.TempDir(), "out.json")
	code, out, took := interrupt(t, bin, syscall.SIGINT, "simulate", "push-gossip", "--nodes", "200", "--duration", "30m", "--rate", "5", "--output", outFile)
	assert.Equal(t, exitInconclusive, code, out)
	assert.Contains(t, out, "interrupted at ")
	assert.Contains(t, out, "the metrics below are partial")
	assert.Contains(t, out, "messages: ")
	data, err := os.ReadFile(outFile)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"partial": true`)
	t.Logf("stopped %v after the signal", took)
}

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// savedTrace matches the summary's line naming the trace a violation saved.
var savedTrace = regexp.MustCompile(`(?m)^Saved its (\d+) steps to (\S+) \(distcheck replay (\S+)\)$`)

// A safety violation in a consensus simulation saves a trace of the peers' steps, which the
// summary names and distcheck replay replays to the same violation; the same run again names
// the same file (named by its content), and a file in the way is not overwritten.
func TestSimulateViolationSavesATraceThatReplays(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "traces")
	results := filepath.Join(t.TempDir(), "r.json")
	args := []string{"simulate", "raft", "--bug", "fixed-quorum", "--duration", "5s", "--seed", "3", "--packet-loss", "0.05",
		"--fail", "n2@500ms", "--recover", "n2@800ms", "--save", dir, "--output", results, "--quiet"}
	code, out, errOut := cli(t, args...)
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, out, "VIOLATED CommittedSurvives at ")
	m := savedTrace.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	path := m[2]
	assert.Equal(t, path, m[3])
	assert.Equal(t, dir, filepath.Dir(path))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, want := range []string{`"protocol": "simulate:raft"`, `"bug": "fixed-quorum"`, `"seed": 3`, `"strategy": "simulate"`,
		`"kind": "crash"`, `"kind": "recover"`, `"kind": "drop"`} {
		assert.True(t, strings.Contains(string(data), want), "the trace has %s", want)
	}

	rep, err := os.ReadFile(results)
	require.NoError(t, err)
	assert.Contains(t, string(rep), `"trace_file": "`+path+`"`, "--output names the trace")

	code, replayed, errOut := cli(t, "replay", path)
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, replayed, "Still fails: CommittedSurvives does not hold in the last state (after "+m[1]+" steps)")

	// The same seed saves the same file; another file at its name stays as it was.
	code, again, _ := cli(t, args...)
	require.Equal(t, exitViolation, code)
	assert.Contains(t, again, "Saved its "+m[1]+" steps to "+path)
	require.NoError(t, os.WriteFile(path, []byte("mine\n"), 0o644))
	code, _, errOut = cli(t, args...)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "already exists with different content; not overwriting it")
	assert.Equal(t, 1, strings.Count(errOut, "\n"), errOut)
	kept, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "mine\n", string(kept))
}

// A simulation's trace that is broken or of an unknown simulation is refused in one line
// naming the file.
func TestReplayOfABadSimulationTraceIsOneLine(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, "simulate", "raft", "--bug", "fixed-quorum", "--duration", "5s", "--seed", "3", "--save", dir, "--quiet")
	require.Equal(t, exitViolation, code, errOut)
	m := savedTrace.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	data, err := os.ReadFile(m[2])
	require.NoError(t, err)
	for name, tc := range map[string]struct{ from, to, want string }{
		"protocol.json": {`"simulate:raft"`, `"simulate:chord"`, `unknown protocol "chord"`},
		"nodes.json":    {`"nodes": "5"`, `"nodes": "five"`, `param nodes: "five" is not a count`},
		"bug.json":      {`"bug": "fixed-quorum"`, `"bug": "nope"`, `param bug: `},
		"steps.json":    {`"kind": "deliver"`, `"kind": "timeout"`, "trace diverges at step "},
	} {
		bad := strings.Replace(string(data), tc.from, tc.to, 1)
		require.NotEqual(t, string(data), bad, name)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(bad), 0o644))
		code, out, errOut := cli(t, "replay", path)
		assert.Equal(t, exitUsage, code, "%s: %s", name, out)
		assert.True(t, strings.HasPrefix(errOut, "distcheck: replay: "+path+": "), "%s: %q", name, errOut)
		assert.Contains(t, errOut, tc.want, name)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%s: one line: %q", name, errOut)
	}
}

// simulate pbft --malicious 1 runs a malicious replica that equivocates with the model
// checker's mutations: with f = 1 of 4 the correct protocol stays safe and commits, while
// no-digest-check — which the model checker catches with --byzantine 1
// (TestNoDigestCheckCommitsTwoRequestsInOneView in package pbft) — breaks Agreement, which it
// does not without the malicious replica; its saved trace replays to the same violation.
func TestSimulatePBFTWithAMaliciousReplica(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (int, string) {
		t.Helper()
		code, out, errOut := cli(t, append([]string{"simulate", "pbft", "--duration", "5s", "--seed", "2", "--save", dir, "--quiet"}, args...)...)
		require.NotEqual(t, exitUsage, code, errOut)
		return code, out
	}
	code, out := run("--malicious", "1")
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "safety: every property held on every step")
	assert.Regexp(t, `commands: \d+ requested, [1-9]\d+ committed`, out)

	code, out = run("--bug", "no-digest-check")
	assert.Equal(t, exitOK, code, "no malicious replica, no violation: %s", out)

	code, out = run("--bug", "no-digest-check", "--malicious", "1")
	require.Equal(t, exitViolation, code, out)
	assert.Contains(t, out, "VIOLATED Agreement at ")
	m := savedTrace.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	data, err := os.ReadFile(m[2])
	require.NoError(t, err)
	assert.Contains(t, string(data), `"malicious": "1"`)
	code, replayed, errOut := cli(t, "replay", m[2])
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, replayed, "Still fails: Agreement does not hold in the last state")

	// The other behaviours: forged messages (pbft's Forge) and replayed ones hold with f = 1;
	// forging breaks no-digest-check too, and its trace replays.
	code, out = run("--malicious", "1", "--attack", "forge,replay")
	assert.Equal(t, exitOK, code, out)
	code, out = run("--malicious", "1", "--attack", "forge", "--bug", "no-digest-check", "--seed", "5")
	require.Equal(t, exitViolation, code, out)
	m = savedTrace.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	code, replayed, errOut = cli(t, "replay", m[2])
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, replayed, "Still fails: Agreement")

	simulateFailsInOneLine(t, []string{"pbft", "--malicious", "1", "--attack", "hide"}, "distcheck: simulate pbft: --attack hide: pbft's malicious replicas equivocate, forge or replay (a comma-separated list)")
	simulateFailsInOneLine(t, []string{"pbft", "--malicious", "4"}, "distcheck: simulate pbft: --malicious 4: want fewer than the 4 replicas (--nodes)")
	simulateFailsInOneLine(t, []string{"raft", "--malicious", "1"}, "distcheck: simulate raft: --malicious 1: the raft simulation has no malicious peers")
}

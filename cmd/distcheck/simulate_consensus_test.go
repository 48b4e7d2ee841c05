package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The command lines of the simulator this command grew from run as written (shorter here).
func TestSimulateConsensusCommandLinesOfTheOriginalSimulator(t *testing.T) {
	for _, args := range [][]string{
		{"simulate", "--nodes", "5", "--algorithm", "raft", "--duration", "10"},
		{"simulate", "--nodes", "7", "--packet-loss", "0.1", "--latency", "50", "200", "--duration", "10"},
		{"simulate", "--nodes", "5", "--visualize", "--output", filepath.Join(t.TempDir(), "results.json"), "--duration", "10"},
		{"simulate", "raft", "--fail", "node3@3s", "--recover", "node3@6s", "--partition", "n0,n1|n2,n3,n4@4s-8s", "--duration", "10s", "--rate", "20"},
	} {
		code, out, errOut := cli(t, append(args, "--quiet")...)
		require.Equal(t, exitOK, code, "%v: %s", args, errOut)
		assert.Contains(t, out, "simulated raft:", "%v", args)
		assert.Contains(t, out, "safety: every property held on every step", "%v", args)
		assert.Regexp(t, `commands: \d+ requested, [1-9]\d* committed`, out, "%v", args)
		if args[3] == "--visualize" {
			assert.FileExists(t, strings.TrimSuffix(args[5], ".json")+"-plots/roles.png")
			assert.FileExists(t, strings.TrimSuffix(args[5], ".json")+"-plots/cluster-10s.svg")
			assert.FileExists(t, strings.TrimSuffix(args[5], ".json")+"-plots/timeline.html")
		}
	}
}

func TestSimulateConsensusBadInputIsOneLineNamingTheFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--algorithm", "chord"}, `distcheck: simulate: --algorithm: unknown protocol "chord"`},
		{[]string{"push-gossip", "--algorithm", "raft"}, "distcheck: simulate push-gossip: --algorithm raft names another protocol than push-gossip"},
		{[]string{"raft", "--fail", "node3"}, `distcheck: simulate raft: --fail "node3": want NODE@TIME, e.g. node3@10s`},
		{[]string{"raft", "--fail", "leader@1s"}, `distcheck: simulate raft: --fail "leader@1s": "leader" is not a node (use n3, node3 or 3)`},
		{[]string{"raft", "--fail", "n9@1s"}, "distcheck: simulate raft: --fail n9@1s: no node n9 (nodes are n0 to n4)"},
		{[]string{"raft", "--recover", "n3@20s"}, "distcheck: simulate raft: --recover n3@20s: n3 has not failed before"},
		{[]string{"raft", "--fail", "n3@1s", "--fail", "n3@2s"}, "distcheck: simulate raft: --fail n3@2s: n3 is down already (it failed at 1s)"},
		{[]string{"raft", "--partition", "n0,n1@1s-2s"}, `distcheck: simulate raft: --partition "n0,n1@1s-2s": want at least two groups separated by |`},
		{[]string{"raft", "--partition", "n0|n1@2s"}, `distcheck: simulate raft: --partition "n0|n1@2s": want GROUP|GROUP@START-END`},
		{[]string{"raft", "--partition", "n0|n8@1s-2s"}, "distcheck: simulate raft: --partition n0|n8@1s-2s: no node n8 (nodes are n0 to n5)"},
		{[]string{"raft", "--bug", "nope"}, `distcheck: simulate raft: --bug: unknown bug "nope" of raft (bugs: forget-vote,`},
		{[]string{"push-gossip", "--bug", "x"}, "distcheck: simulate push-gossip: --bug x: push-gossip has no named bugs"},
		{[]string{"raft", "--topology", "ring"}, "distcheck: simulate raft: --topology: the servers of raft talk to each other directly"},
		{[]string{"raft", "--heartbeat", "1s"}, "distcheck: simulate raft: --heartbeat 1s: want a positive duration less than the election timeout 550ms"},
		{[]string{"raft", "--duration", "soon"}, `distcheck: simulate raft: invalid value "soon" for flag -duration: "soon" is not a duration`},
		{[]string{"raft", "--visualize-at", "5s,70s"}, "distcheck: simulate raft: --visualize-at: 1m10s is after the end of the run (--duration 1m0s)"},
		{[]string{"raft", "--visualize-at", "soon"}, `distcheck: simulate raft: --visualize-at: "soon" is not a time`},
		{[]string{"raft", "--check-every", "-1s"}, "distcheck: simulate raft: --check-every -1s: want 0 (every step) or a positive duration"},
	} {
		simulateFailsInOneLine(t, tc.args, tc.want)
	}
}

// A violated safety property stops the run, exits 1, and is written with its seed and steps.
func TestSimulateConsensusViolationExitsOneWithItsTrace(t *testing.T) {
	out := filepath.Join(t.TempDir(), "v.json")
	code, stdout, errOut := cli(t, "simulate", "raft", "--bug", "fixed-quorum", "--duration", "5s", "--seed", "3", "--output", out, "--save", t.TempDir(), "--quiet")
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, stdout, "VIOLATED CommittedSurvives at ")
	assert.Contains(t, stdout, "seed 3")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	var rep struct {
		Violation struct {
			Property string
			Seed     uint64
			Trace    []struct{ Kind string }
			States   []string
		}
		Consensus struct{ Servers int }
	}
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.Equal(t, "CommittedSurvives", rep.Violation.Property)
	assert.Equal(t, uint64(3), rep.Violation.Seed)
	assert.NotEmpty(t, rep.Violation.Trace)
	assert.Len(t, rep.Violation.States, 6)
	assert.Equal(t, 5, rep.Consensus.Servers)
}

func TestSimulateConsensusTheSameSeedWritesTheSameJSON(t *testing.T) {
	dir := t.TempDir()
	run := func(seed, name string) []byte {
		path := filepath.Join(dir, name)
		code, _, errOut := cli(t, "simulate", "raft", "--duration", "8s", "--packet-loss", "0.05", "--fail", "n1@2s", "--recover", "n1@4s",
			"--seed", seed, "--output", path, "--csv", filepath.Join(dir, name+".csv"), "--quiet")
		require.Equal(t, exitOK, code, errOut)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		return data
	}
	a := run("5", "a.json")
	assert.Equal(t, a, run("5", "b.json"))
	assert.NotEqual(t, a, run("6", "c.json"))
	for _, f := range []string{"commands.csv", "roles.csv", "leaders.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, "a.json.csv", f))
		require.NoError(t, err)
		assert.Greater(t, strings.Count(string(data), "\n"), 1, f)
	}
}

func TestListShowsSimulateForConsensus(t *testing.T) {
	code, out, _ := cli(t, "list")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `(?m)^raft +check,replay,minimize,explore,simulate `, out)
}

// simulateFailsInOneLine runs distcheck simulate with args and checks that it refuses them with
// exit status 2 and a one-line error that begins with want.
func simulateFailsInOneLine(t *testing.T, args []string, want string) {
	t.Helper()
	code, out, errOut := cli(t, append([]string{"simulate"}, args...)...)
	assert.Equal(t, exitUsage, code, "%v", args)
	assert.Empty(t, out, "%v", args)
	assert.True(t, strings.HasPrefix(errOut, want), "%v:\n got %q\nwant %q…", args, errOut, want)
	assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: one line: %q", args, errOut)
}

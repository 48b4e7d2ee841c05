package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/protocols"
)

// cli runs the command line in-process and returns its exit status and output.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func checkJSON(t *testing.T, args ...string) (int, jsonReport) {
	t.Helper()
	code, out, errOut := cli(t, append(append([]string{"check"}, args...), "--json", "--quiet")...)
	require.Empty(t, errOut)
	var rep jsonReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	return code, rep
}

func TestListPrintsOneProtocolPerLine(t *testing.T) {
	code, out, _ := cli(t, "list")
	require.Equal(t, exitOK, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, len(protocols.All()))
	for i, p := range protocols.All() {
		fields := strings.Fields(lines[i])
		assert.Equal(t, p.Name, fields[0])
		assert.Equal(t, strings.Join(p.Commands(), ","), fields[1])
		k := slices.Index(fields, "bugs:")
		if !p.Supports(protocols.CmdCheck) {
			assert.Equal(t, -1, k, lines[i])
			continue
		}
		require.Positive(t, k, lines[i])
		assert.Len(t, fields[2:k], len(p.Params), "%s: one --param=default per parameter", p.Name)
		assert.Equal(t, p.BugNames(), fields[k+1:])
	}
	assert.Contains(t, lines, "twopc check,replay,minimize,explore --participants=3 bugs: early-commit")
	assert.Contains(t, lines, "twophase check,replay,minimize,explore --rms=3 bugs: early-commit")
	assert.Contains(t, lines, "push-gossip simulate")
}

// The reference counts, TLC's for TwoPhase.tla: TwoPhase with 3 RMs has 288 distinct states and 1,146
// generated, depth 11; with 5, 8,832 distinct. They must not depend on the strategy or the
// number of workers. (--symmetry=false: by default the search keeps one state per orbit.)
func TestCheckTwoPhaseCountsMatchTLC(t *testing.T) {
	for _, extra := range [][]string{
		{"--workers", "1"}, {"--workers", "2"}, {"--strategy", "dfs"}, {"--strategy", "dfs", "--workers", "2"},
	} {
		extra = append(extra, "--symmetry=false")
		code, rep := checkJSON(t, append([]string{"twophase", "--rms", "3"}, extra...)...)
		assert.Equal(t, exitOK, code)
		assert.Equal(t, int64(288), rep.Distinct, "%v", extra)
		assert.Equal(t, int64(1146), rep.Generated, "%v", extra)
		assert.True(t, rep.OK)
		assert.True(t, rep.Exhaustive)
		assert.Empty(t, rep.Violations)
		if extra[1] != "dfs" {
			assert.Equal(t, 11, rep.Depth)
		}

		if len(extra) == 5 {
			assert.Contains(t, rep.Notes, "--strategy dfs runs on one worker: --workers 2 was not used (bfs and random run in parallel)", "the change is said, not silent")
		}

		code, rep = checkJSON(t, append([]string{"twophase", "--rms", "5"}, extra...)...)
		assert.Equal(t, exitOK, code)
		assert.Equal(t, int64(8832), rep.Distinct, "%v", extra)
	}
}

func TestCheckJSONHasTheContractFields(t *testing.T) {
	_, out, _ := cli(t, "check", "twophase", "--json", "--quiet")
	var fields map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &fields))
	for _, f := range []string{"distinct", "generated", "depth", "seconds", "violations", "protocol", "params", "strategy", "workers", "states_per_second"} {
		assert.Contains(t, fields, f)
	}
}

func TestCheckBugExitsOneSavesAndReplays(t *testing.T) {
	dir := t.TempDir()
	code, rep := checkJSON(t, "twophase", "--bug", "early-commit", "--save", dir, "--workers", "1")
	require.Equal(t, exitViolation, code)
	require.Len(t, rep.Violations, 1)
	v := rep.Violations[0]
	assert.Equal(t, "TCConsistent", v.Property)
	assert.Equal(t, "always", v.Kind)
	assert.Equal(t, 5, v.Steps)
	require.FileExists(t, v.Trace)
	assert.Equal(t, dir, filepath.Dir(v.Trace))

	code, out, errOut := cli(t, "replay", v.Trace)
	assert.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, out, "TMCommit")
	assert.Contains(t, out, "Still fails: TCConsistent does not hold in the last state")
	assert.Contains(t, out, "Final state:")
}

func TestCheckTextOutputDrawsTheCounterexample(t *testing.T) {
	code, out, _ := cli(t, "check", "twopc", "--bug", "early-commit", "--quiet")
	assert.Equal(t, exitViolation, code)
	assert.Contains(t, out, "VIOLATION: Agreement (always) after 4 steps")
	assert.Contains(t, out, "coord")
	assert.Contains(t, out, "twopc.Vote{Yes:true}")
}

func TestReplayOfTheCommittedTwoPhaseCounterexample(t *testing.T) {
	files, err := filepath.Glob("../../protocols/twophase/testdata/counterexamples/TestEarlyCommitIsCaught/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	code, out, errOut := cli(t, "replay", files[0])
	assert.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, out, "Still fails")
}

// The same seed gives byte-identical trace files, whatever the number of workers; another seed
// gives another walk.
func TestRandomWalkTracesAreByteIdenticalForASeed(t *testing.T) {
	save := func(seed string, workers string) []byte {
		dir := t.TempDir()
		code, rep := checkJSON(t, "twopc", "--bug", "early-commit", "--strategy", "random", "--seed", seed,
			"--walks", "500", "--depth", "30", "--workers", workers, "--save", dir)
		require.Equal(t, exitViolation, code)
		require.Len(t, rep.Violations, 1)
		data, err := os.ReadFile(rep.Violations[0].Trace)
		require.NoError(t, err)
		return data
	}
	a := save("42", "1")
	assert.Equal(t, a, save("42", "1"))
	assert.Equal(t, a, save("42", "2"))
	assert.NotEqual(t, a, save("43", "1"))
}

// Bad input exits 2 with one line on stderr that names what is wrong, and nothing on stdout.
func TestBadInputIsOneLineExitTwo(t *testing.T) {
	dir := t.TempDir()
	good, err := filepath.Glob("../../protocols/twophase/testdata/counterexamples/TestEarlyCommitIsCaught/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, good)
	data, err := os.ReadFile(good[0])
	require.NoError(t, err)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	truncated := write("truncated.json", string(data[:len(data)/2]))
	version := write("version.json", strings.Replace(string(data), `"version": 1`, `"version": 7`, 1))
	otherProto := write("other.json", strings.Replace(string(data), `"protocol": "twophase"`, `"protocol": "raft9"`, 1))
	otherConf := write("conf.json", strings.Replace(string(data), `"rms": "3"`, `"rms": "1"`, 1))
	badParam := write("param.json", strings.Replace(string(data), `"rms": "3"`, `"nodes": "3"`, 1))

	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"check", "paxos9"}, []string{`unknown protocol "paxos9"`, "twophase"}},
		{[]string{"check"}, []string{"name a protocol"}},
		{[]string{"check", "--json", "twophase"}, []string{"name the protocol before the flags"}},
		{[]string{"check", "twophase", "--rms", "abc"}, []string{`invalid value "abc" for flag -rms`}},
		{[]string{"check", "twophase", "--rms", "0"}, []string{"--rms 0 is out of range (1 to 32)"}},
		{[]string{"check", "twophase", "--strategy", "sideways"}, []string{`unknown strategy "sideways"`}},
		{[]string{"check", "twophase", "--workers", "-1"}, []string{"--workers -1"}},
		{[]string{"check", "twophase", "--time", "soon"}, []string{`invalid value "soon" for flag -time`}},
		{[]string{"check", "twophase", "--max-memory", "lots"}, []string{`--max-memory: "lots" is not a size`}},
		{[]string{"check", "twophase", "--spill-dir", "/tmp"}, []string{"--spill-dir /tmp: only a search with --max-memory spills"}},
		{[]string{"check", "twophase", "--nodes", "3"}, []string{"flag provided but not defined: -nodes"}},
		{[]string{"check", "twophase", "--bug", "nope"}, []string{`twophase: unknown bug "nope"`, "early-commit"}},
		{[]string{"check", "twophase", "--drops", "1"}, []string{"spec-layer", "--drops"}},
		{[]string{"check", "twopc", "--drops", "-1"}, []string{"--drops is -1"}},
		{[]string{"check", "twopc", "--crashes", "-2"}, []string{"--crashes is -2"}},
		{[]string{"check", "twopc", "--byzantine", "1"}, []string{"twopc does not model Byzantine nodes"}},
		{[]string{"check", "twopc", "--behavior", "sneaky"}, []string{`unknown Byzantine behaviour "sneaky"`}},
		{[]string{"check", "twophase", "--partitions", "1"}, []string{"spec-layer"}},
		{[]string{"check", "twophase", "extra"}, []string{`unexpected argument "extra"`}},
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`}},
		{[]string{"replay"}, []string{"name a trace file"}},
		{[]string{"replay", filepath.Join(dir, "missing.json")}, []string{"missing.json"}},
		{[]string{"replay", truncated}, []string{"truncated.json", "truncated"}},
		{[]string{"replay", version}, []string{"version.json", "format version 7 is not supported"}},
		{[]string{"replay", otherProto}, []string{"other.json", `unknown protocol "raft9"`}},
		{[]string{"replay", otherConf}, []string{"conf.json", "diverges at step"}},
		{[]string{"replay", badParam}, []string{"param.json", `twophase has no parameter "nodes"`}},
		{[]string{"list", "extra"}, []string{`unexpected argument "extra"`}},
	}
	for _, c := range cases {
		code, out, errOut := cli(t, c.args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Empty(t, out, "%v", c.args)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: %q", c.args, errOut)
		assert.True(t, strings.HasPrefix(errOut, "distcheck: "), "%v: %q", c.args, errOut)
		for _, w := range c.want {
			assert.Contains(t, errOut, w, "%v", c.args)
		}
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "distcheck check <protocol>"},
		{[]string{"help"}, "distcheck replay <trace.json>"},
		{[]string{"check", "--help"}, "--strategy bfs|dfs|random"},
		{[]string{"check", "twophase", "--help"}, "--rms N"},
		{[]string{"check", "twopc", "-h"}, "--bug early-commit"},
		{[]string{"replay", "--help"}, "Usage: distcheck replay"},
		{[]string{"list", "-h"}, "Usage: distcheck list"},
	} {
		code, out, errOut := cli(t, c.args...)
		assert.Equal(t, exitOK, code, "%v", c.args)
		assert.Contains(t, out, c.want, "%v", c.args)
		assert.Empty(t, errOut)
	}
	code, _, errOut := cli(t)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "Usage:")
}

func TestListVerboseDescribesBugs(t *testing.T) {
	_, out, _ := cli(t, "list", "-v")
	assert.Contains(t, out, "bug early-commit: the TM commits when only some RMs have prepared")
	assert.Contains(t, out, "--rms: number of resource managers (1 to 32)")
}

func TestBudgetsAreReportedNotFailures(t *testing.T) {
	code, rep := checkJSON(t, "twophase", "--rms", "8", "--max-states", "20000", "--symmetry=false")
	// Stopped at the budget; SomeRMCommits may not have been reached yet, which is reported.
	assert.Equal(t, "max-states", rep.Stopped)
	assert.False(t, rep.Exhaustive)
	assert.GreaterOrEqual(t, rep.Distinct, int64(20000))
	// A budget that cuts the search short is inconclusive, whatever it reached.
	assert.Equal(t, exitInconclusive, code)
	assert.Equal(t, "inconclusive", rep.Verdict)
	assert.Empty(t, rep.Violations)
	for _, v := range rep.Inconclusive {
		assert.Equal(t, "sometimes", v.Kind)
	}
}

func TestProgressLines(t *testing.T) {
	var b bytes.Buffer
	p := progressPrinter(&b)
	p(statsFor(1234567, 9876543))
	assert.Contains(t, b.String(), "1,234,567 distinct")
	assert.Contains(t, b.String(), "9,876,543 generated")
	assert.Equal(t, "1,000", testrun.Thousands(1000))
	assert.Equal(t, "999", testrun.Thousands(999))
	assert.Equal(t, "0", testrun.Thousands(0))
}

// Fault flags reach the protocol and its traces: a coordinator crash blocks two-phase commit
// (AllDecide fails), its trace records the budgets and replays from them; with recovery, a
// durable log and the recovery query every property holds, even when messages to a crashed node
// are lost.
func TestFaultFlagsReachTheModelAndItsTraces(t *testing.T) {
	dir := t.TempDir()
	code, rep := checkJSON(t, "twopc", "--participants", "2", "--crashes", "1", "--partitions", "1", "--save", dir, "--workers", "1")
	require.Equal(t, exitViolation, code)
	require.Len(t, rep.Violations, 1)
	assert.Equal(t, "AllDecide", rep.Violations[0].Property)
	assert.Equal(t, map[string]string{"participants": "2", "crashes": "1", "partitions": "1"}, rep.Params)

	code, out, errOut := cli(t, "replay", rep.Violations[0].Trace)
	assert.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, out, "X ") // the crash mark
	assert.Contains(t, out, "crash coord")

	code, rep = checkJSON(t, "twopc", "--participants", "2", "--crashes", "1", "--recoveries", "1", "--duplicates", "1", "--lose-while-down")
	assert.Equal(t, exitOK, code, "%+v", rep.Violations)
	assert.True(t, rep.Exhaustive)
	assert.Equal(t, "true", rep.Params["lose-while-down"])
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"4GB": 4e9, "512MB": 512e6, "1GiB": 1 << 30, "64k": 64 << 10, "1000": 1000, "1.5G": 3 << 29} {
		got, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "-1GB", "GB", "4XB"} {
		_, err := parseSize(in)
		assert.Error(t, err, in)
	}
}

func TestMaxMemoryStopsCleanly(t *testing.T) {
	code, rep := checkJSON(t, "twophase", "--rms", "8", "--max-memory", "1B")
	assert.Equal(t, "max-memory", rep.Stopped)
	assert.False(t, rep.Exhaustive)
	assert.Equal(t, exitInconclusive, code, "stopped by its budget: inconclusive")
}

// The summary says what was spilled, and nothing when nothing was.
func TestSpilledSummary(t *testing.T) {
	assert.Equal(t, "the visited set once (12,345 fingerprints)", spilledSummary(explore.Spilled{Merges: 1, OnDisk: 12345}))
	assert.Equal(t, "the visited set 9 times (10,340,352 fingerprints), 6,853,441 frontier states (118 MB)",
		spilledSummary(explore.Spilled{Merges: 9, OnDisk: 10340352, States: 6853441, StateBytes: 118 << 20}))
	assert.False(t, explore.Spilled{}.Any())
}

// Liveness verdicts depend on the fairness asked for, and say so in the JSON.
func TestFairnessFlag(t *testing.T) {
	code, rep := checkJSON(t, "broadcast", "--crashes", "1", "--fairness", "actions")
	assert.Equal(t, exitViolation, code, "a node that crashes for good never delivers")
	assert.Equal(t, "actions", rep.Fairness)
	require.Len(t, rep.Violations, 1)
	assert.Equal(t, "AllDeliver", rep.Violations[0].Property)
	assert.Positive(t, rep.GraphBytes, "liveness is judged on the recorded graph")

	code, rep = checkJSON(t, "twopc", "--depth", "4")
	assert.Contains(t, rep.Notes, "liveness properties were not checked: only an exhaustive search without a depth bound can judge them")
	_ = code
}

func TestCheckRefusesASimulationOnlyProtocol(t *testing.T) {
	code, out, errOut := cli(t, "check", "push-gossip")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Equal(t, "distcheck: check: check does not run push-gossip, which runs under simulate (check runs: "+strings.Join(protocols.NamesFor(protocols.CmdCheck), ", ")+")\n", errOut)
}

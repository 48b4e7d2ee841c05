package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/swarm"
)

// TestMain lets the test binary stand in for distcheck: the local swarm runner starts its
// shards as processes of this program (os.Executable), which in tests is the test binary.
// A test binary is never run with "swarm" as its first argument otherwise.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "swarm" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// raft5 is a swarm over Raft with five servers and the fixed-quorum bug, which needs them.
var raft5 = []string{"raft", "--nodes", "5", "--bug", "fixed-quorum", "--shards", "4", "--strategy", "swarm,pct", "--walks", "500"}

func swarmJSON(t *testing.T, args ...string) (int, swarmReport) {
	t.Helper()
	code, out, errOut := cli(t, args...)
	var rep swarmReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep), "%s\n%s", out, errOut)
	return code, rep
}

// The local runner starts four shards as processes, two at a time; the merge finds the bug,
// with traces that replay and seeds that find it again; its state count is the HyperLogLog
// estimate of the union of the shards' states, which the test counts exactly.
func TestLocalSwarmFindsANamedBugAndMerges(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "raft5")
	code, rep := swarmJSON(t, append(append([]string{"swarm"}, raft5...), "--dir", dir, "--local", "2", "--json", "--quiet")...)
	require.Equal(t, exitViolation, code)
	assert.Equal(t, "violated", rep.Verdict)
	assert.Equal(t, 4, rep.Done)
	assert.Empty(t, rep.Missing)
	assert.Equal(t, int64(2000), rep.Walks, "every shard runs all its walks")
	require.NotEmpty(t, rep.Findings)
	fps := map[string]bool{}
	for _, f := range rep.Findings {
		assert.Equal(t, "CommittedSurvives", f.Property)
		assert.True(t, f.Replays, "%s replays", f.Trace)
		assert.FileExists(t, f.Trace)
		assert.False(t, fps[f.Fingerprint], "findings are deduplicated by fingerprint")
		fps[f.Fingerprint] = true
		// The rerun command finds the same counterexample again.
		args := strings.Fields(f.Rerun)
		require.Equal(t, []string{"distcheck", "check"}, args[:2])
		code, check := checkJSON(t, args[2:]...)
		assert.Equal(t, exitViolation, code, f.Rerun)
		require.Len(t, check.Violations, 1)
		assert.Equal(t, f.Steps, check.Violations[0].Steps, f.Rerun)
	}

	// The sketch against the exact union of the states of the four shards' searches.
	spec, err := parseSwarm("swarm", append(append([]string{}, raft5...), "--dir", dir), os.Stdout)
	require.NoError(t, err)
	union := map[uint64]bool{}
	for i := range 4 {
		r, opts, err := spec.shardSearch(i)
		require.NoError(t, err)
		opts.Visited = func(fp uint64) { union[fp] = true }
		_, err = r.Explore(context.Background(), opts)
		require.NoError(t, err)
	}
	assert.InEpsilon(t, float64(len(union)), float64(rep.States), 0.05, "HyperLogLog estimate %d, exact %d", rep.States, len(union))
	t.Logf("distinct states of the swarm: HyperLogLog estimate %d, exact %d", rep.States, len(union))

	// Running the swarm again does no work and overwrites nothing.
	before, err := os.ReadFile(swarm.ResultPath(dir, 0))
	require.NoError(t, err)
	code, again := swarmJSON(t, append(append([]string{"swarm"}, raft5...), "--dir", dir, "--json", "--quiet")...)
	assert.Equal(t, exitViolation, code)
	assert.Equal(t, rep.Findings, again.Findings)
	after, err := os.ReadFile(swarm.ResultPath(dir, 0))
	require.NoError(t, err)
	assert.Equal(t, before, after)

	// The text report names the property once, with the shortest trace and a rerun command.
	code, out, _ := cli(t, "swarm", "merge", dir)
	assert.Equal(t, exitViolation, code)
	assert.Equal(t, 1, strings.Count(out, "VIOLATION: CommittedSurvives"), out)
	assert.Contains(t, out, "4 of 4 shards done, 2,000 walks")
	assert.Contains(t, out, "rerun:    distcheck check raft --nodes 5 --bug fixed-quorum --strategy ")
}

// A shard killed mid-run leaves no result: the merge reports it missing (exit 3), and
// running that index again completes the swarm.
func TestKilledShardIsMissingUntilRerun(t *testing.T) {
	dir := t.TempDir()
	args := []string{"twophase", "--rms", "3", "--shards", "3", "--walks", "300", "--dir", dir, "--quiet"}
	for _, i := range []string{"0", "2"} {
		code, out, errOut := cli(t, append([]string{"swarm", "shard"}, append(args, "--index", i)...)...)
		require.Equal(t, exitOK, code, out+errOut)
	}
	// A long search (Raft with five servers), killed once it has started.
	slow := filepath.Join(t.TempDir(), "slow")
	require.NoError(t, os.Mkdir(slow, 0o755))
	cmd := exec.Command(os.Args[0], "swarm", "shard", "raft", "--nodes", "5", "--shards", "2", "--walks", "3000", "--dir", slow, "--index", "1", "--quiet")
	require.NoError(t, cmd.Start())
	waitFor(t, filepath.Join(slow, swarm.PlanFile)) // the shard has started its search
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	code, rep := swarmJSON(t, "swarm", "merge", slow, "--json")
	assert.Equal(t, exitInconclusive, code)
	assert.Equal(t, []int{0, 1}, rep.Missing, "the killed shard left no result")
	assert.Equal(t, "inconclusive", rep.Verdict)

	// SIGTERM (Slurm's time limit, a pod's eviction) stops a shard with no result, exit 3.
	term := filepath.Join(t.TempDir(), "term")
	cmd = exec.Command(os.Args[0], "swarm", "shard", "raft", "--nodes", "5", "--shards", "2", "--walks", "3000", "--dir", term, "--index", "0", "--quiet")
	var stdout strings.Builder
	cmd.Stdout = &stdout
	require.NoError(t, cmd.Start())
	waitFor(t, filepath.Join(term, swarm.PlanFile))
	time.Sleep(100 * time.Millisecond) // the shard listens for signals right after
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stdout.String())
	assert.Equal(t, exitInconclusive, ee.ExitCode())
	assert.Contains(t, stdout.String(), "shard 0 of 2: interrupted after ")
	assert.Contains(t, stdout.String(), "no result written; run index 0 again")
	assert.NoFileExists(t, swarm.ResultPath(term, 0))

	// In the twophase swarm, shard 1 was never run: missing, then completed by a rerun.
	code, out, _ := cli(t, "swarm", "merge", dir)
	assert.Equal(t, exitInconclusive, code)
	assert.Contains(t, out, "MISSING: shards 1 have no result")
	code, out, errOut := cli(t, append([]string{"swarm", "shard"}, append(args, "--index", "1")...)...)
	require.Equal(t, exitOK, code, out+errOut)
	code, rep = swarmJSON(t, "swarm", "merge", dir, "--json")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "holds", rep.Verdict)
	assert.Empty(t, rep.Missing)
	assert.Equal(t, int64(900), rep.Walks)

	// And the killed Raft shard, rerun, writes its result.
	code, out, errOut = cli(t, "swarm", "shard", "raft", "--nodes", "5", "--shards", "2", "--walks", "3000", "--dir", slow, "--index", "1", "--quiet")
	require.Equal(t, exitOK, code, out+errOut)
	_, rep = swarmJSON(t, "swarm", "merge", slow, "--json")
	assert.Equal(t, []int{0}, rep.Missing)
}

func waitFor(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
	}
	t.Fatalf("%s did not appear", path)
}

// A shard takes its index from --index, else from Slurm's or Kubernetes's variable.
func TestShardIndexComesFromTheBatchEngine(t *testing.T) {
	dir := t.TempDir()
	args := []string{"swarm", "shard", "twophase", "--rms", "3", "--shards", "3", "--walks", "50", "--dir", dir, "--quiet"}
	t.Setenv(slurmIndexVar, "2")
	code, out, errOut := cli(t, args...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "shard 2 of 3")
	os.Unsetenv(slurmIndexVar)
	t.Setenv(k8sIndexVar, "1")
	code, out, errOut = cli(t, args...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "shard 1 of 3")
	code, out, _ = cli(t, append(args, "--index", "0")...)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "shard 0 of 3", "--index wins")
	code, out, _ = cli(t, append(args, "--index", "0")...)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "done already", "a shard done is not run again")

	t.Setenv(k8sIndexVar, "x")
	code, _, errOut = cli(t, args...)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "distcheck: swarm shard: $JOB_COMPLETION_INDEX=\"x\" is not a shard index\n", errOut)
	t.Setenv(k8sIndexVar, "3")
	_, _, errOut = cli(t, args...)
	assert.Equal(t, "distcheck: swarm shard: $JOB_COMPLETION_INDEX 3: the swarm has 3 shards, 0 to 2\n", errOut)
	os.Unsetenv(k8sIndexVar)
	_, _, errOut = cli(t, args...)
	assert.Contains(t, errOut, "no shard index: give --index I")
}

// Bad input is one line, exit 2, and nothing is written.
func TestSwarmBadInputIsOneLine(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other")
	code, _, errOut := cli(t, "swarm", "shard", "twophase", "--shards", "2", "--walks", "10", "--dir", other, "--index", "0", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"swarm"}, "swarm: name a protocol or a sub-command"},
		{[]string{"swarm", "nope", "--dir", dir}, `swarm: unknown protocol "nope"`},
		{[]string{"swarm", "twophase"}, "swarm: --dir is required"},
		{[]string{"swarm", "twophase", "--dir", dir, "--save", dir}, "swarm: --save: a swarm saves its traces in --dir DIR/traces"},
		{[]string{"swarm", "twophase", "--dir", dir, "--all"}, "swarm: --all: shards always report"},
		{[]string{"swarm", "twophase", "--dir", dir, "--strategy", "bfs"}, "swarm: --strategy bfs: a swarm runs sampled searches"},
		{[]string{"swarm", "twophase", "--dir", dir, "--strategy", "swarm,fast"}, `swarm: --strategy: unknown strategy "fast"`},
		{[]string{"swarm", "twophase", "--dir", dir, "--shards", "0"}, "swarm: --shards 0: want 1 or more"},
		{[]string{"swarm", "twophase", "--dir", dir, "--shards", "x"}, "swarm: --shards x: not a number"},
		{[]string{"swarm", "twophase", "--dir", dir, "--depth", "-1"}, "swarm: --depth -1: want 0 (unbounded) or more"},
		{[]string{"swarm", "twophase", "--dir", dir, "--rms", "99"}, "swarm: "},
		{[]string{"swarm", "twophase", "--dir", dir, "--bogus"}, "swarm: flag provided but not defined: -bogus (see distcheck swarm --help)"},
		{[]string{"swarm", "twophase", "--dir", other, "--shards", "3"}, "plan.json is the plan of another swarm"},
		{[]string{"swarm", "twophase", "--dir", dir, "--image", "x"}, "swarm: --image is a flag of swarm manifest only"},
		{[]string{"swarm", "shard", "twophase", "--dir", dir, "--local", "2"}, "swarm shard: --local is a flag of swarm only"},
		{[]string{"swarm", "sbatch", "twophase", "--dir", dir, "--index", "2"}, "swarm sbatch: --index is a flag of swarm shard only"},
		{[]string{"swarm", "merge"}, "swarm merge: name one results directory"},
		{[]string{"swarm", "merge", dir}, "is not a swarm's directory"},
		{[]string{"swarm", "manifest", "twophase", "--dir", "rel", "--image", "i"}, "swarm manifest: --dir rel: want an absolute path"},
		{[]string{"swarm", "manifest", "twophase", "--dir", "/r"}, "swarm manifest: --image is required"},
		{[]string{"swarm", "manifest", "twophase", "--dir", "/r", "--image", "i", "--name", "Bad_Name"}, `swarm manifest: --name "Bad_Name": want lower-case`},
		{[]string{"swarm", "sbatch", "twophase", "--dir", other, "--walks", "11"}, "plan.json is the plan of another swarm"},
	} {
		code, out, errOut := cli(t, tt.args...)
		assert.Equal(t, exitUsage, code, "%v: %s", tt.args, out)
		if strings.HasPrefix(tt.want, "swarm") {
			assert.True(t, strings.HasPrefix(errOut, "distcheck: "+tt.want), "%v:\n got %q\nwant %q", tt.args, errOut, tt.want)
		} else {
			assert.Contains(t, errOut, tt.want, tt.args)
		}
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: one line: %q", tt.args, errOut)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only the other swarm's directory is in %s", dir)
}

func TestSwarmHelp(t *testing.T) {
	for _, args := range [][]string{{"swarm", "--help"}, {"swarm", "raft", "--help"}, {"swarm", "merge", "--help"}, {"swarm", "shard", "-h"}} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitOK, code, "%v: %s", args, errOut)
		assert.Contains(t, out, "Examples:", args)
		assert.Contains(t, out, "JOB_COMPLETION_INDEX", args)
	}
	_, out, _ := cli(t, "swarm", "raft", "--help")
	assert.Contains(t, out, "--bug fixed-quorum", "the protocol's parameters and bugs")
}

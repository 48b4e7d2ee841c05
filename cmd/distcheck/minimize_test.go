package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
)

// By default the minimized trace is saved beside the input under a new name, and its path
// printed; the input is left as it was, and the result replays.
func TestMinimizeSavesBesideTheInput(t *testing.T) {
	trace := randomTrace(t)
	before, err := os.ReadFile(trace)
	require.NoError(t, err)
	code, out, errOut := cli(t, "minimize", trace)
	require.Equal(t, exitOK, code, errOut)
	path := strings.TrimSuffix(out, "\n")
	assert.NotContains(t, path, "\n", "one line: the path")
	assert.Equal(t, filepath.Dir(trace), filepath.Dir(path))
	assert.NotEqual(t, trace, path)
	assert.Regexp(t, `^minimizing .* \(8 steps, at most 10s; Ctrl-C stops and keeps the shortest trace so far\)\n.*: \d+ → 4 steps in .* \(ddmin \d+→\d+, faults \d+→\d+, shorten \d+→4; \d+ replays, \d+ states\)\n$`, errOut)

	after, err := os.ReadFile(trace)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the input is unchanged")
	orig, err := counterexamples.Load(trace)
	require.NoError(t, err)
	min, err := counterexamples.Load(path)
	require.NoError(t, err)
	assert.Len(t, min.Steps, 4)
	assert.Less(t, len(min.Steps), len(orig.Steps))

	code, replayed, _ := cli(t, "replay", path)
	assert.Equal(t, exitViolation, code)
	assert.Contains(t, replayed, "Still fails: Agreement does not hold in the last state (after 4 steps)")

	// Minimizing it again changes nothing, and writes nothing new.
	code, again, errOut := cli(t, "minimize", path)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, path+"\n", again)
	assert.Contains(t, errOut, "already minimal")
}

func TestMinimizeWritesWhereAsked(t *testing.T) {
	trace := randomTrace(t)
	out := filepath.Join(t.TempDir(), "small.json")
	code, stdout, errOut := cli(t, "minimize", trace, "-o", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, out+"\n", stdout)
	min, err := counterexamples.Load(out)
	require.NoError(t, err)
	assert.Len(t, min.Steps, 4)

	// Overwriting a file the user named is fine.
	code, _, errOut = cli(t, "minimize", "-o", out, "--states", "0", "--time", "5s", trace)
	require.Equal(t, exitOK, code, errOut)

	code, stdout, errOut = cli(t, "minimize", trace, "-o", "-")
	require.Equal(t, exitOK, code, errOut)
	parsed, err := counterexamples.Parse([]byte(stdout), "stdout")
	require.NoError(t, err)
	assert.Len(t, parsed.Steps, 4)
}

func TestMinimizeBadInput(t *testing.T) {
	trace := randomTrace(t)
	data, err := os.ReadFile(trace)
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	unknown := write("unknown.json", strings.Replace(string(data), `"protocol": "twopc"`, `"protocol": "raft9"`, 1))
	diverged := write("diverged.json", strings.Replace(string(data), `"participants": "3"`, `"participants": "2"`, 1))
	holds := write("holds.json", strings.Replace(string(data), `"property": "Agreement"`, `"property": "CoordinatorAgreement"`, 1))
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"minimize"}, []string{"name a trace file"}},
		{[]string{"minimize", trace, "-o", trace}, []string{"-o " + trace + " is the trace itself"}},
		{[]string{"minimize", unknown}, []string{"unknown.json", `unknown protocol "raft9"`}},
		{[]string{"minimize", diverged}, []string{"diverged.json", "trace diverges at step"}},
		{[]string{"minimize", holds}, []string{"holds.json", "no longer fails, so there is nothing to minimize"}},
		{[]string{"minimize", trace, "--time", "0s"}, []string{"--time 0s: want a positive duration"}},
		{[]string{"minimize", trace, "--states", "-1"}, []string{"--states -1"}},
		{[]string{"minimize", trace, "--nope"}, []string{"flag provided but not defined: -nope"}},
	} {
		code, out, errOut := cli(t, c.args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Empty(t, out, "%v", c.args)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: %q", c.args, errOut)
		assert.True(t, strings.HasPrefix(errOut, "distcheck: minimize: "), "%v: %q", c.args, errOut)
		for _, w := range c.want {
			assert.Contains(t, errOut, w, "%v", c.args)
		}
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "nothing was written beside the bad traces")
}

func TestMinimizeHelp(t *testing.T) {
	code, out, errOut := cli(t, "minimize", "--help")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, errOut)
	assert.Contains(t, out, "Usage: distcheck minimize <trace.json> [-o out.json]")
}

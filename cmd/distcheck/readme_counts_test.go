package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeCount is a state count README.md quotes: a pattern that finds it in the README (its
// groups are the numbers), and for each group the check command that must reproduce it and the
// JSON field that holds it.
type readmeCount struct {
	pattern string
	runs    []countRun
}

type countRun struct {
	args  []string
	field string // "distinct", or "represented" (states an orbit count stands for)
}

// readmeCounts are the counts of README.md small enough to recompute in a test. The larger ones
// are recomputed elsewhere: TwoPhase 8–10 by bench/twophase-vs-spin.sh (which fails when SPIN's
// count differs), the symmetry factors by BenchmarkReductionFactors, Raft with 5 servers by hand (11 s).
var readmeCounts = []readmeCount{
	{"The first prints `every property holds: ([0-9,]+) distinct states, ...` and that these [0-9,]+ orbits of interchangeable resource managers stand for ([0-9,]+) states",
		[]countRun{{[]string{"twophase", "--rms", "5"}, "distinct"}, {[]string{"twophase", "--rms", "5"}, "represented"}}},
	{`TwoPhase: ([0-9,]+) states with 3 RMs, ([0-9,]+) with 5`,
		[]countRun{{[]string{"twophase", "--rms", "3", "--symmetry=false"}, "distinct"}, {[]string{"twophase", "--rms", "5", "--symmetry=false"}, "distinct"}}},
	{`\| TwoPhase, 5 RMs \| ([0-9,]+) \| ([0-9,]+) \|`,
		[]countRun{{[]string{"twophase", "--rms", "5", "--symmetry"}, "represented"}, {[]string{"twophase", "--rms", "5", "--symmetry"}, "distinct"}}},
	{"\\| Raft, 3 servers, max-term 2, 1 crash and 1 recovery, `--lose-while-down` \\| ([0-9,]+) \\| ([0-9,]+) \\|",
		[]countRun{
			{[]string{"raft", "--max-term", "2", "--crashes", "1", "--recoveries", "1", "--lose-while-down", "--symmetry=false"}, "distinct"},
			{[]string{"raft", "--max-term", "2", "--crashes", "1", "--recoveries", "1", "--lose-while-down", "--symmetry"}, "distinct"}}},
	{`\| Raft, 3 servers, max-term 2, 1 crash and 1 recovery \| ([0-9,]+) \| ([0-9,]+) \|`,
		[]countRun{
			{[]string{"raft", "--max-term", "2", "--crashes", "1", "--recoveries", "1", "--symmetry=false"}, "distinct"},
			{[]string{"raft", "--max-term", "2", "--crashes", "1", "--recoveries", "1", "--symmetry"}, "distinct"}}},
	{`\| central-mutex, 4 clients, 3 entries each \(liveness: EveryoneEnters\) \| ([0-9,]+) \| ([0-9,]+) \|`,
		[]countRun{
			{[]string{"central-mutex", "--clients", "4", "--entries", "3", "--symmetry=false"}, "distinct"},
			{[]string{"central-mutex", "--clients", "4", "--entries", "3"}, "distinct"}}},
	{`\| Paxos, 2 proposers, 3 acceptors, 1 learner \| ([0-9,]+) \| ([0-9,]+) \|`,
		[]countRun{{[]string{"paxos", "--symmetry=false", "--por=false"}, "distinct"}, {[]string{"paxos", "--symmetry", "--por=false"}, "distinct"}}},
}

// TestREADMECountsMatchTheExplorer recomputes the state counts README.md quotes: an edit to the
// README, or a change to a protocol or the explorer that changes a quoted count, fails here.
func TestREADMECountsMatchTheExplorer(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	readme := strings.Join(strings.Fields(string(data)), " ") // a quote may span lines
	cache := map[string]map[string]any{}
	for _, c := range readmeCounts {
		m := regexp.MustCompile(c.pattern).FindStringSubmatch(readme)
		require.NotNil(t, m, "README.md no longer says %q: update readmeCounts", c.pattern)
		require.Len(t, m, len(c.runs)+1, c.pattern)
		for i, run := range c.runs {
			want, err := strconv.ParseInt(strings.ReplaceAll(m[i+1], ",", ""), 10, 64)
			require.NoError(t, err)
			if testing.Short() && want > 100_000 {
				continue // a few seconds each: only in the full run
			}
			key := strings.Join(run.args, " ")
			out, ok := cache[key]
			if !ok {
				code, stdout, stderr := cli(t, append(append([]string{"check"}, run.args...), "--json", "--quiet")...)
				require.Equal(t, exitOK, code, "check %s: %s", key, stderr)
				require.NoError(t, json.Unmarshal([]byte(stdout), &out))
				cache[key] = out
			}
			assert.EqualValues(t, want, out[run.field], "README.md quotes %s for check %s (%s)", m[i+1], key, run.field)
		}
	}
}

package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var boundBroken = regexp.MustCompile(`bound_broken=(\d+)`)

// distcheck simulate cristian|berkeley|ntp runs drifting clocks and reports how often a sync
// left the algorithm's bound: never for the algorithm, often for its named bug; --plots adds
// the clocks' offsets.
func TestSimulateClocksKeepTheBoundAndTheirBugsBreakIt(t *testing.T) {
	for _, tc := range []struct {
		alg, bug string
		extra    []string
	}{
		{"cristian", "ignore-rtt", nil},
		{"ntp", "sign-error", nil},
		{"berkeley", "no-outliers", []string{"--malicious", "1"}},
	} {
		for _, bug := range []string{"", tc.bug} {
			dir := filepath.Join(t.TempDir(), "plots")
			args := append([]string{"simulate", "--algorithm", tc.alg, "--drift", "5000", "--latency", "5ms,80ms", "--duration", "20s", "--plots", dir,
				"--csv", filepath.Join(dir, "csv"), "--quiet"}, tc.extra...)
			if bug != "" {
				args = append(args, "--bug", bug)
			}
			code, out, errOut := cli(t, args...)
			require.Equal(t, exitOK, code, "%v: %s", args, errOut)
			m := boundBroken.FindStringSubmatch(out)
			require.NotNil(t, m, "%v: %s", args, out)
			n, _ := strconv.Atoi(m[1])
			if bug == "" {
				assert.Zero(t, n, "%s: %s", tc.alg, out)
			} else {
				assert.Positive(t, n, "%s %s: %s", tc.alg, bug, out)
			}
			assert.FileExists(t, filepath.Join(dir, "clock-offsets.png"))
			assert.NoFileExists(t, filepath.Join(dir, "delays.png"), "no items, no item plots")
			assert.FileExists(t, filepath.Join(dir, "csv", "offsets.csv"))
			assert.FileExists(t, filepath.Join(dir, "csv", "syncs.csv"))
		}
	}
}

func TestSimulateClocksBadInputIsOneLineNamingTheFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ntp", "--drift", "-5"}, "distcheck: simulate ntp: --drift -5: want 0 to less than 100000 ppm"},
		{[]string{"cristian", "--skew", "-1s"}, "distcheck: simulate cristian: --skew -1s: want 0 or more"},
		{[]string{"cristian", "--malicious", "1"}, "distcheck: simulate cristian: --malicious 1: only the berkeley algorithm has faulty clocks"},
		{[]string{"berkeley", "--malicious", "4"}, "distcheck: simulate berkeley: --malicious 4: want 0 to 3"},
		{[]string{"ntp", "--bug", "ignore-rtt"}, `distcheck: simulate ntp: --bug: unknown bug "ignore-rtt" of ntp (bugs: sign-error)`},
		{[]string{"ntp", "--nodes", "1"}, "distcheck: simulate ntp: --nodes 1: a peer-to-peer simulation needs at least 2 peers"},
	} {
		simulateFailsInOneLine(t, tc.args, tc.want)
	}
}

var clockMetric = regexp.MustCompile(`(\w+)=([0-9.e+-]+)`)

// The numbers README.md quotes for the clock commands (seed 1, 20 s, drift 2%, sync every 2 s)
// are what the commands print.
func TestSimulateClocksREADMENumbers(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want map[string]string
	}{
		{[]string{"cristian", "--latency", "5ms,80ms"}, map[string]string{"syncs": "39", "bound_broken": "0", "mean_bound_ms": "48.06", "max_error_after_sync_ms": "28.37"}},
		{[]string{"cristian", "--latency", "5ms,80ms", "--bug", "ignore-rtt"}, map[string]string{"bound_broken": "14"}},
		{[]string{"ntp", "--latency", "5ms,80ms"}, map[string]string{"bound_broken": "0", "mean_bound_ms": "45.49", "max_error_after_sync_ms": "28.52"}},
		{[]string{"ntp", "--latency", "5ms,80ms", "--bug", "sign-error"}, map[string]string{"bound_broken": "31", "final_max_offset_ms": "337.4"}},
		{[]string{"berkeley", "--malicious", "1"}, map[string]string{"syncs": "10", "bound_broken": "0", "late_max_spread_ms": "66.88"}},
		{[]string{"berkeley", "--malicious", "1", "--bug", "no-outliers"}, map[string]string{"bound_broken": "10", "final_max_offset_ms": "4428"}},
	} {
		args := append([]string{"simulate"}, tc.args...)
		args = append(args, "--drift", "20000", "--period", "2s", "--duration", "20s", "--quiet")
		code, out, errOut := cli(t, args...)
		require.Equal(t, exitOK, code, errOut)
		got := map[string]string{}
		for _, m := range clockMetric.FindAllStringSubmatch(out, -1) {
			got[m[1]] = m[2]
		}
		for k, v := range tc.want {
			assert.Equal(t, v, got[k], "%v: %s", tc.args, k)
		}
	}
}

// With --check-bound a sync outside its bound is a safety violation: each algorithm's bug
// stops the run at its first break (the metrics of the run so far count exactly one), exit
// status 1, with the seed; the correct algorithms run to the end. Other simulations refuse
// the flag in one line.
func TestSimulateClocksCheckBoundStopsAtTheFirstBreak(t *testing.T) {
	for _, tc := range []struct {
		args []string
		bug  string
	}{
		{[]string{"cristian", "--latency", "5ms,80ms"}, "ignore-rtt"},
		{[]string{"ntp", "--latency", "5ms,80ms"}, "sign-error"},
		{[]string{"berkeley", "--malicious", "1"}, "no-outliers"},
	} {
		args := append([]string{"simulate"}, tc.args...)
		args = append(args, "--drift", "20000", "--period", "2s", "--duration", "20s", "--check-bound", "--seed", "4", "--quiet")
		code, out, errOut := cli(t, args...)
		require.Equal(t, exitOK, code, "%v: %s%s", tc.args, out, errOut)
		assert.Contains(t, out, "bound_broken=0", tc.args)

		code, out, errOut = cli(t, append(args, "--bug", tc.bug)...)
		require.Equal(t, exitViolation, code, "%v %s: %s", tc.args, tc.bug, errOut)
		assert.Contains(t, out, "bound_broken=1 ", tc.bug)
		assert.Regexp(t, `VIOLATED WithinBound at [0-9.]+s \(step \d+, seed 4\)`, out, tc.bug)
		assert.Contains(t, out, "outside its bound: error ", tc.bug)
		assert.Contains(t, out, "no trace saved: the "+tc.args[0]+" nodes read the virtual time", tc.bug)
	}
	simulateFailsInOneLine(t, []string{"raft", "--check-bound"}, "distcheck: simulate raft: --check-bound applies to the clock synchronisations (cristian, berkeley, ntp)")
}

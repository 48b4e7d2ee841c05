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
			args := append([]string{"simulate", "--algorithm", tc.alg, "--drift", "5000", "--latency", "5ms,80ms", "--duration", "20s", "--plots", dir, "--quiet"}, tc.extra...)
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

package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// simulate nakamoto reports the chain metrics, and the same seed prints the same bytes.
func TestSimulateNakamotoIsReproducible(t *testing.T) {
	args := []string{"simulate", "nakamoto", "--nodes", "10", "--duration", "600s", "--selfish", "0.3", "--latency", "1s", "--quiet"}
	code, out, errOut := cli(t, args...)
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `nakamoto: confirm6_mean_s=\S+ .*gamma=\S+ .*selfish_power=0.3 selfish_share=\S+ stale=\d+ stale_rate=`, out)
	dir := t.TempDir()
	for _, name := range []string{"a.json", "b.json"} {
		code, _, errOut := cli(t, append(args, "--output", filepath.Join(dir, name))...)
		require.Equal(t, exitOK, code, errOut)
	}
	a, err := os.ReadFile(filepath.Join(dir, "a.json"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "b.json"))
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Contains(t, string(a), `"selfish_share"`)
}

// DV without split horizon fails SimpleRoutes after the link fails (exit 1, the property
// named); with it the tables are right at the end.
func TestSimulateRoutingFindsCountingToInfinity(t *testing.T) {
	base := []string{"simulate", "dv", "--nodes", "3", "--topology", "edges:0-1,1-2", "--fail-link", "n1-n2@10s", "--duration", "30s", "--quiet"}
	code, out, errOut := cli(t, append(base, "--bug", "no-split-horizon")...)
	require.Equal(t, exitViolation, code, errOut)
	assert.Regexp(t, `VIOLATED SimpleRoutes at 1[0-9]\.\d+s`, out)
	code, out, errOut = cli(t, base...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "routes=9 routes_correct=9")
	code, out, errOut = cli(t, "simulate", "linkstate", "--nodes", "4", "--topology", "edges:0-1,1-2,2-3,3-0", "--bug", "ignore-seq", "--quiet")
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, out, "VIOLATED NewestLSA")
}

// --sweep runs every combination, and writes the table as JSON and CSV, and the plots.
func TestSimulateSweep(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, "simulate", "dv", "--nodes", "3", "--topology", "edges:0-1,1-2", "--fail-link", "n1-n2@5s",
		"--duration", "20s", "--check-every", "1h", "--sweep", "latency=50ms,200ms", "--sweep", "bug=none,no-split-horizon",
		"--output", filepath.Join(dir, "s.json"), "--csv", dir, "--plots", dir, "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "simulate dv: 4 runs")
	var rep struct {
		Sweep []sweepPoint `json:"sweep"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "s.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	require.Len(t, rep.Sweep, 4)
	for _, p := range rep.Sweep {
		want := 2.0
		if p.Params["bug"] == "no-split-horizon" {
			want = 15 // counted to RIP's infinity
		}
		assert.Equal(t, want, p.Metrics["max_route"], "%v", p.Params)
		assert.Equal(t, p.Metrics["routes"], p.Metrics["routes_correct"], "%v", p.Params)
	}
	assert.Greater(t, rep.Sweep[3].Metrics["convergence_s"], rep.Sweep[2].Metrics["convergence_s"]+1, "counting at 200 ms a hop")
	f, err := os.Open(filepath.Join(dir, "sweep.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 5)
	assert.Equal(t, []string{"latency", "bug"}, rows[0][:2])
	assert.FileExists(t, filepath.Join(dir, "sweep-convergence-s.png"))
}

// --sweep algorithm=... runs each protocol with the same flags.
func TestSimulateSweepComparesProtocols(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, "simulate", "dv", "--nodes", "4", "--topology", "edges:0-1,1-2,2-3,3-0", "--fail-link", "n1-n2@5s",
		"--duration", "20s", "--sweep", "algorithm=dv,linkstate", "--output", filepath.Join(dir, "s.json"), "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "simulate dv: 2 runs")
	var rep struct {
		Sweep []sweepPoint `json:"sweep"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "s.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	require.Len(t, rep.Sweep, 2)
	for _, p := range rep.Sweep {
		assert.Equal(t, 16.0, p.Metrics["routes_correct"], "%v", p.Params)
		assert.Equal(t, 3.0, p.Metrics["max_route"], "%v: n1 reaches n2 the long way round", p.Params)
	}
	simulateFailsInOneLine(t, []string{"dv", "--sweep", "algorithm=dv,raft", "--bug", "no-split-horizon"},
		`distcheck: simulate dv: --sweep, run with --algorithm raft: --bug: unknown bug "no-split-horizon" of raft`)
}

func TestSimulateTimedBadInputIsOneLineNamingTheFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"nakamoto", "--selfish", "1.5"}, "distcheck: simulate nakamoto: --selfish 1.5: want a share of the hash power in [0, 1)"},
		{[]string{"nakamoto", "--block-interval", "0s"}, "distcheck: simulate nakamoto: --block-interval 0s: want a positive duration"},
		{[]string{"nakamoto", "--confirmations", "0"}, "distcheck: simulate nakamoto: --confirmations 0: want at least 1"},
		{[]string{"nakamoto", "--nodes", "2", "--selfish", "0.3", "--topology", "full-mesh", "--nodes", "1"}, "distcheck: simulate nakamoto: --nodes 1: a peer-to-peer simulation needs at least 2 peers"},
		{[]string{"dv", "--fail-link", "n1@10s"}, `distcheck: simulate dv: --fail-link "n1@10s": want A-B@START or A-B@START-END`},
		{[]string{"dv", "--nodes", "3", "--topology", "edges:0-1,1-2", "--fail-link", "n0-n2@1s"}, "distcheck: simulate dv: --fail-link n0-n2@1s: n0 and n2 are not neighbours"},
		{[]string{"dv", "--nodes", "3", "--topology", "edges:0-1,1-2", "--fail-link", "n0-n7@1s"}, "distcheck: simulate dv: --fail-link n0-n7@1s: no node n7 (nodes are n0 to n2)"},
		{[]string{"dv", "--bug", "ignore-seq"}, `distcheck: simulate dv: --bug: unknown bug "ignore-seq" of dv`},
		{[]string{"dv", "--sweep", "latency"}, `distcheck: simulate dv: --sweep "latency": want FLAG=V1,V2,...`},
		{[]string{"dv", "--sweep", "output=a,b"}, "distcheck: simulate dv: --sweep output: --output cannot be swept"},
		{[]string{"dv", "--sweep", "nope=1,2"}, "distcheck: simulate dv: --sweep, run with --nope 1: flag provided but not defined: -nope"},
	} {
		simulateFailsInOneLine(t, tc.args, tc.want)
	}
}

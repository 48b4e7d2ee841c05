package main

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
)

func TestSimulateHelp(t *testing.T) {
	code, out, _ := cli(t, "simulate", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: distcheck simulate <protocol> [flags]")
	for _, flag := range []string{"--nodes", "--topology", "--duration", "--packet-loss", "--latency", "--downtime", "--slowdown", "--malicious", "--seed", "--output", "--plots", "--quiet"} {
		assert.Contains(t, out, flag)
	}
	code, out, _ = cli(t, "simulate", "push-gossip", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: distcheck simulate")
}

func TestSimulateBadInputIsOneLineNamingTheFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "distcheck: simulate: name a protocol"},
		{[]string{"chord"}, `distcheck: simulate: unknown protocol "chord" (simulate runs: berkeley, cristian, dht, dv, flooding, linkstate, loadbalance, multipaxos, nakamoto, ntp, paxos, pbft, pull-gossip, push-gossip, raft, ranged-pull)`},
		{[]string{"twophase"}, `distcheck: simulate: simulate does not run twophase, which runs under check, replay, minimize, explore (simulate runs: berkeley, cristian, dht,`},
		{[]string{"push-gossip", "--latency", "pareto:1s"}, `distcheck: simulate push-gossip: --latency: unknown distribution "pareto" in "pareto:1s" (want const, uniform, normal, exp or lognormal)`},
		{[]string{"push-gossip", "--latency", "200ms,10ms"}, `distcheck: simulate push-gossip: --latency: distribution "uniform:200ms,10ms": range min 200ms > max 10ms`},
		{[]string{"push-gossip", "--downtime", "mtbf=10s,availability=1.5"}, "distcheck: simulate push-gossip: --downtime: downtime: availability 1.5: want a value in (0, 1]"},
		{[]string{"push-gossip", "--downtime", "mtbf=10s,availability=0"}, "distcheck: simulate push-gossip: --downtime: downtime: availability 0: want a value in (0, 1]"},
		{[]string{"push-gossip", "--downtime", "length=exp:1s,interval=weibull:3s"}, `distcheck: simulate push-gossip: --downtime: downtime: interval=weibull:3s: unknown distribution "weibull"`},
		{[]string{"push-gossip", "--slowdown", "factor=0.5,mtbf=10s,availability=0.9"}, "distcheck: simulate push-gossip: --slowdown: factor 0.5: want a number > 1"},
		{[]string{"push-gossip", "--topology", "hypercube"}, `distcheck: simulate push-gossip: --topology: unknown topology "hypercube"`},
		{[]string{"push-gossip", "--topology", "random-regular:3", "--nodes", "5"}, "distcheck: simulate push-gossip: --topology random-regular:3: peers × degree (5 × 3) must be even"},
		{[]string{"push-gossip", "--topology", "file:/no/such/edges.txt"}, "distcheck: simulate push-gossip: --topology: topology file: open /no/such/edges.txt"},
		{[]string{"push-gossip", "--packet-loss", "1.5"}, "distcheck: simulate push-gossip: --packet-loss 1.5: want a probability in [0, 1)"},
		{[]string{"push-gossip", "--bandwidth", "fast"}, `distcheck: simulate push-gossip: --bandwidth: "fast" is not a rate`},
		{[]string{"push-gossip", "--duration", "0s"}, "distcheck: simulate push-gossip: --duration 0s: want a positive duration"},
		{[]string{"push-gossip", "--malicious", "2", "--attack", "lie"}, `distcheck: simulate push-gossip: --attack: unknown malicious behaviour "lie"`},
		{[]string{"push-gossip", "--malicious", "2", "--attack", "equivocate", "--defend"}, "distcheck: simulate push-gossip: --defend against equivocate needs flooding"},
		{[]string{"push-gossip", "--malicious", "60"}, "distcheck: simulate push-gossip: --malicious 60: want 0 to 49"},
		{[]string{"push-gossip", "--link", "eu=10ms"}, `distcheck: simulate push-gossip: --link "eu=10ms": want A-B=DIST`},
		{[]string{"push-gossip", "--locations", "eu,us", "--link", "eu-mars=1s"}, `distcheck: simulate push-gossip: link eu-mars: unknown location "mars"`},
		{[]string{"push-gossip", "--nodes"}, "distcheck: simulate push-gossip: flag needs an argument: -nodes"},
		{[]string{"push-gossip", "extra"}, `distcheck: simulate push-gossip: unexpected argument "extra"`},
		{[]string{"paxos", "--malicious", "1"}, "distcheck: simulate paxos: --malicious 1: the paxos simulation has no malicious peers"},
		{[]string{"multipaxos", "--malicious", "1"}, "distcheck: simulate multipaxos: --malicious 1: the multipaxos simulation has no malicious peers"},
		{[]string{"raft", "--malicious", "1"}, "distcheck: simulate raft: --malicious 1: the raft simulation has no malicious peers"},
		{[]string{"nakamoto", "--malicious", "1"}, "distcheck: simulate nakamoto: --malicious 1: the nakamoto simulation has no malicious peers"},
		{[]string{"dht", "--replicas", "9", "--nodes", "4"}, "distcheck: simulate dht: --replicas 9: want 1 to 4"},
		{[]string{"loadbalance", "--policy", "random"}, `distcheck: simulate loadbalance: --policy: unknown balancing policy "random"`},
		{[]string{"loadbalance", "--speeds", "1,fast"}, `distcheck: simulate loadbalance: --speeds: "fast" is not a speed`},
		{[]string{"push-gossip", "--plot-at", "soon"}, `distcheck: simulate push-gossip: --plot-at: "soon" is not a time`},
	} {
		simulateFailsInOneLine(t, tc.args, tc.want)
	}
}

// The example of the issue, smaller: the same seed writes the same JSON, byte for byte.
func TestSimulateTheSameSeedWritesTheSameJSON(t *testing.T) {
	dir := t.TempDir()
	args := func(seed, out string) []string {
		return []string{"simulate", "push-gossip", "--nodes", "30", "--topology", "random-regular:4", "--duration", "20s",
			"--packet-loss", "0.1", "--latency", "10ms,200ms", "--downtime", "mtbf=10s,availability=0.9", "--malicious", "3",
			"--seed", seed, "--output", filepath.Join(dir, out), "--quiet"}
	}
	for _, run := range [][2]string{{"42", "a.json"}, {"42", "b.json"}, {"43", "c.json"}} {
		code, out, errOut := cli(t, args(run[0], run[1])...)
		require.Equal(t, exitOK, code, errOut)
		assert.Empty(t, errOut)
		assert.Contains(t, out, "simulated push-gossip: 30 peers (random-regular:4)")
	}
	a, err := os.ReadFile(filepath.Join(dir, "a.json"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "b.json"))
	require.NoError(t, err)
	c, err := os.ReadFile(filepath.Join(dir, "c.json"))
	require.NoError(t, err)
	assert.Equal(t, string(a), string(b))
	assert.NotEqual(t, string(a), string(c))
	var rep struct {
		Protocol string            `json:"protocol"`
		Params   map[string]string `json:"params"`
		Seed     uint64            `json:"seed"`
		Summary  map[string]any    `json:"summary"`
		Items    []map[string]any  `json:"items"`
		Peers    []map[string]any  `json:"peers"`
	}
	require.NoError(t, json.Unmarshal(a, &rep))
	assert.Equal(t, "push-gossip", rep.Protocol)
	assert.Equal(t, uint64(42), rep.Seed)
	assert.Equal(t, "mtbf=10s,availability=0.9", rep.Params["downtime"])
	assert.Len(t, rep.Peers, 30)
	assert.NotEmpty(t, rep.Items)
	for _, k := range []string{"coverage", "delay_mean_s", "times_seen_mean", "bytes_per_delivery", "messages_lost"} {
		assert.Contains(t, rep.Summary, k)
	}
}

func TestSimulateWritesCSVAndPlots(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, "simulate", "ranged-pull", "--nodes", "20", "--clients", "5", "--duration", "15s", "--settle", "7s",
		"--downtime", "at=3@2s-8s", "--csv", filepath.Join(dir, "csv"), "--plots", filepath.Join(dir, "plots"), "--plot-at", "5s", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "coverage 1.0000")
	for _, name := range []string{"peers.csv", "items.csv", "deliveries.csv", "traffic.csv", "convergence.csv", "edges.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, "csv", name))
		require.NoError(t, err)
		assert.Greater(t, strings.Count(string(data), "\n"), 1, name)
	}
	for _, name := range []string{"delays", "overhead", "bandwidth", "messages", "convergence", "topology-5s"} {
		f, err := os.Open(filepath.Join(dir, "plots", name+".png"))
		require.NoError(t, err)
		_, err = png.Decode(f)
		f.Close()
		assert.NoError(t, err, name)
	}
}

func TestSimulateEveryProtocolRuns(t *testing.T) {
	for _, args := range [][]string{
		{"push-gossip", "--fanout", "2", "--ttl", "4", "--bandwidth", "1MB/s"},
		{"pull-gossip", "--period", "500ms", "--slowdown", "factor=4,mtbf=5s,availability=0.8"},
		{"flooding", "--malicious", "2", "--attack", "bogus", "--defend"},
		{"flooding", "--malicious", "1", "--attack", "sybil", "--sybils", "12", "--defend", "--nodes", "20"},
		{"push-gossip", "--locations", "eu,us,asia", "--link", "eu-us=normal:80ms,10ms", "--link", "us-asia=lognormal:120ms,0.3", "--topology", "scale-free:2"},
		{"dht", "--nodes", "10", "--downtime", "mtbf=5s,availability=0.8"},
		{"loadbalance", "--policy", "least-connections"},
	} {
		code, out, errOut := cli(t, append(append([]string{"simulate"}, args...), "--duration", "10s", "--quiet")...)
		require.Equal(t, exitOK, code, "%v: %s", args, errOut)
		assert.Empty(t, errOut, "%v", args)
		assert.Contains(t, out, "simulated "+args[0], "%v", args)
	}
	_, out, _ := cli(t, "simulate", "flooding", "--malicious", "2", "--attack", "bogus", "--duration", "10s", "--quiet")
	assert.Regexp(t, `malicious \(2, bogus, defended false\): [1-9]\d* wrong deliveries`, out)
	_, out, _ = cli(t, "simulate", "dht", "--duration", "10s", "--quiet")
	assert.Contains(t, out, "dht: failovers=")
	_, out, _ = cli(t, "simulate", "loadbalance", "--duration", "10s", "--quiet")
	assert.Contains(t, out, "jain_fairness=")
}

// A run under a second shows no progress bar.
func TestSimulateShowsNoProgressForShortRuns(t *testing.T) {
	code, _, errOut := cli(t, "simulate", "push-gossip", "--nodes", "10", "--duration", "5s")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, errOut)
}

// Past a second, the progress bar shows how much virtual time is done; --quiet hides it.
func TestSimulateProgressBar(t *testing.T) {
	var b strings.Builder
	bar := &progressBar{w: &b, start: time.Now().Add(-2 * time.Second)}
	bar.update(sim.Progress{Now: 30 * time.Second, Duration: time.Minute, Events: 1_500_000})
	bar.done()
	assert.Contains(t, b.String(), "[###############...............]  50%  30s of 1m0s  1,500,000 events")
	assert.True(t, strings.HasSuffix(b.String(), "\n"))

	b.Reset()
	quiet := &progressBar{w: &b, start: time.Now().Add(-2 * time.Second), quiet: true}
	quiet.update(sim.Progress{Now: 30 * time.Second, Duration: time.Minute})
	quiet.done()
	assert.Empty(t, b.String())
}

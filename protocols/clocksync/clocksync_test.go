package clocksync_test

import (
	"context"
	"encoding/csv"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocksync"
)

// run simulates alg with cfg for 30 s over latencies of 5–80 ms and returns its records.
func run(t *testing.T, alg string, cfg clocksync.Config, seed uint64) clocksync.Records {
	t.Helper()
	require.NoError(t, cfg.Validate(alg))
	res, err := sim.Simulate(context.Background(), sim.Config{Seed: seed, Duration: 30 * time.Second,
		Types: clocksync.Types(alg, cfg), Topology: sim.Topology{Kind: sim.FullMesh},
		Latency: sim.UniformDist(5*time.Millisecond, 80*time.Millisecond), PacketLoss: 0.02})
	require.NoError(t, err)
	return clocksync.RecordsOf(res, cfg.Sample)
}

// Each algorithm keeps its bound on every synchronisation — Cristian's ±RTT/2, NTP's ±delay/2,
// Berkeley's agreed time within the good clocks' range — and its named bug breaks it.
func TestTheBoundHoldsAndTheBugBreaksIt(t *testing.T) {
	for _, tc := range []struct {
		alg    string
		bug    bugs.Bug
		faulty int
	}{
		{"cristian", clocksync.BugIgnoreRTT, 0},
		{"ntp", clocksync.BugSignError, 0},
		{"berkeley", clocksync.BugNoOutliers, 1},
	} {
		for _, bug := range []bugs.Bug{bugs.None, tc.bug} {
			cfg := clocksync.Config{Nodes: 6, DriftPPM: 200, Skew: 100 * time.Millisecond, Faulty: tc.faulty,
				Processing: 20 * time.Millisecond, Bug: bug}
			for seed := uint64(1); seed <= 3; seed++ {
				m := run(t, tc.alg, cfg, seed).Metrics()
				require.Greater(t, m["syncs"], 20.0, "%s %q seed %d: synchronisations judged", tc.alg, bug, seed)
				if bug == bugs.None {
					assert.Zero(t, m["bound_broken"], "%s seed %d: %v", tc.alg, seed, m)
				} else {
					assert.Greater(t, m["bound_broken"], 0.0, "%s %s seed %d: %v", tc.alg, bug, seed, m)
				}
			}
		}
	}
}

// Synchronised, the clocks stay close: Cristian's and NTP's to true time, Berkeley's good
// clocks to each other; unsynchronised (drift alone) they spread apart.
func TestSynchronisedClocksStayClose(t *testing.T) {
	for _, alg := range clocksync.Algorithms {
		cfg := clocksync.Config{Nodes: 6, DriftPPM: 200, Skew: 100 * time.Millisecond, Faulty: map[bool]int{true: 1}[alg == "berkeley"]}
		m := run(t, alg, cfg, 1).Metrics()
		assert.Less(t, m["late_max_spread_ms"], 120.0, "%s: %v", alg, m)
		if alg != "berkeley" {
			assert.Less(t, m["late_max_offset_ms"], 60.0, "%s: %v", alg, m)
		}
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct {
		alg  string
		cfg  clocksync.Config
		want string
	}{
		{"ntp", clocksync.Config{Nodes: 1}, "nodes 1: want at least 2 (a server and a client)"},
		{"ntp", clocksync.Config{Nodes: 3, DriftPPM: -1}, "drift -1: want 0 to less than 100000 ppm"},
		{"ntp", clocksync.Config{Nodes: 3, Faulty: 1}, "faulty 1: only the berkeley algorithm has faulty clocks"},
		{"berkeley", clocksync.Config{Nodes: 3, Faulty: 2}, "faulty 2: want 0 to 1"},
		{"cristian", clocksync.Config{Nodes: 3, Bug: clocksync.BugSignError}, `cristian: unknown bug "sign-error" (known: ignore-rtt)`},
	} {
		err := tc.cfg.Validate(tc.alg)
		require.Error(t, err, "%+v", tc.cfg)
		assert.Equal(t, tc.want, err.Error())
	}
}

// A node that crashes keeps its clock and its records (its hardware clock runs on); while
// down it takes no samples, and it synchronises again once back.
func TestACrashKeepsTheClock(t *testing.T) {
	cfg := clocksync.Config{Nodes: 3, DriftPPM: 100, Skew: 50 * time.Millisecond}
	require.NoError(t, cfg.Validate("cristian"))
	res, err := sim.Simulate(context.Background(), sim.Config{Seed: 2, Duration: 10 * time.Second,
		Types: clocksync.Types("cristian", cfg), Topology: sim.Topology{Kind: sim.FullMesh},
		Latency:     sim.UniformDist(5*time.Millisecond, 20*time.Millisecond),
		Disruptions: []sim.Disruption{{Kind: sim.Downtime, Crash: true, Windows: []sim.Window{{Peer: 2, Start: 3 * time.Second, End: 6 * time.Second}}}}})
	require.NoError(t, err)
	r := clocksync.RecordsOf(res, cfg.Sample)
	require.Len(t, r.Clocks, 3)
	c := r.Clocks[2]
	require.Len(t, c.Samples, 100, "a sample every 100 ms")
	for k, o := range c.Samples {
		at := time.Duration(k+1) * cfg.Sample
		if at == 3*time.Second || at == 6*time.Second {
			continue // at the edges, it depends on the order of simultaneous events
		}
		down := at > 3*time.Second && at < 6*time.Second
		assert.Equal(t, down, o == clocksync.Missing, "sample at %v", at)
	}
	var before, after int
	for _, s := range c.Syncs {
		if s.At < 3*time.Second {
			before++
		}
		if s.At > 6*time.Second {
			after++
		}
	}
	assert.Positive(t, before, "synced before the crash, and the records survived it")
	assert.Positive(t, after, "synced after the restart")
	assert.Zero(t, r.Metrics()["bound_broken"])
}

// The tables hold a row per sample and per sync, and the syncs marked broken are those the
// metrics count.
func TestWriteCSV(t *testing.T) {
	cfg := clocksync.Config{Nodes: 4, DriftPPM: 200, Skew: 100 * time.Millisecond, Bug: clocksync.BugIgnoreRTT}
	r := run(t, "cristian", cfg, 1)
	paths, err := r.WriteCSV(t.TempDir())
	require.NoError(t, err)
	require.Len(t, paths, 2)
	read := func(path string) [][]string {
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		return rows
	}
	offsets := read(paths[0])
	assert.Equal(t, []string{"t_s", "n0", "n1", "n2", "n3"}, offsets[0])
	assert.Len(t, offsets, 1+len(r.Clocks[1].Samples))
	assert.Equal(t, "0.000", offsets[5][1], "the server keeps true time")
	syncs := read(paths[1])
	broken := 0
	for _, row := range syncs[1:] {
		if row[5] == "true" {
			broken++
		}
	}
	m := r.Metrics()
	assert.Equal(t, m["syncs"], float64(len(syncs)-1))
	assert.Equal(t, m["bound_broken"], float64(broken))
	assert.Positive(t, broken)
}

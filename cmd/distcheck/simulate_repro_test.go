package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The same seed gives the same bytes: two runs of a consensus simulation with loss, a crash
// and recovery and a partition write the same JSON, CSV tables, plots (SVG), cluster drawings
// and timeline page, file for file; another seed writes other results.
func TestSimulateTheSameSeedWritesTheSameBytes(t *testing.T) {
	run := func(seed string) (string, map[string][]byte) {
		dir := t.TempDir()
		code, _, errOut := cli(t, "simulate", "raft", "--duration", "8s", "--packet-loss", "0.05", "--latency", "5ms,40ms",
			"--fail", "n1@2s", "--recover", "n1@4s", "--partition", "n0,n1|n2,n3,n4@5s-6s", "--seed", seed,
			"--output", filepath.Join(dir, "results.json"), "--csv", filepath.Join(dir, "csv"),
			"--plots", filepath.Join(dir, "plots"), "--plot-format", "svg", "--visualize", "--quiet")
		require.Equal(t, exitOK, code, errOut)
		files := map[string][]byte{}
		require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			files[path[len(dir):]] = data
			return err
		}))
		return dir, files
	}
	_, a := run("5")
	_, b := run("5")
	require.GreaterOrEqual(t, len(a), 15, "JSON, CSV tables, plots, drawings and the page")
	for _, want := range []string{"/results.json", "/csv/commands.csv", "/csv/roles.csv", "/plots/roles.svg", "/plots/cluster-2s.svg", "/plots/timeline.html"} {
		assert.Contains(t, a, want)
	}
	assert.Equal(t, len(a), len(b))
	for name, data := range a {
		assert.True(t, bytes.Equal(data, b[name]), "%s differs between two runs with seed 5", name)
	}
	_, c := run("6")
	assert.False(t, bytes.Equal(a["/results.json"], c["/results.json"]), "seed 6 gives other results")
	assert.False(t, bytes.Equal(a["/plots/timeline.html"], c["/plots/timeline.html"]), "seed 6 gives another timeline")
}

// The clock simulations too: the same seed writes the same tables and offsets plot.
func TestSimulateClocksTheSameSeedWritesTheSameBytes(t *testing.T) {
	run := func() map[string][]byte {
		dir := t.TempDir()
		code, _, errOut := cli(t, "simulate", "ntp", "--duration", "5s", "--drift", "1000", "--packet-loss", "0.05", "--seed", "3",
			"--output", filepath.Join(dir, "r.json"), "--csv", filepath.Join(dir, "csv"), "--plots", filepath.Join(dir, "plots"), "--plot-format", "svg", "--quiet")
		require.Equal(t, exitOK, code, errOut)
		files := map[string][]byte{}
		for _, name := range []string{"r.json", "csv/offsets.csv", "csv/syncs.csv", "plots/clock-offsets.svg"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err)
			files[name] = data
		}
		return files
	}
	a, b := run(), run()
	for name, data := range a {
		assert.True(t, bytes.Equal(data, b[name]), "%s differs between two runs with seed 3", name)
	}
}

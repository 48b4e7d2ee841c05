package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clusterSVG reads a cluster drawing back: each node's status and partition side by name.
func clusterSVG(t *testing.T, path string) map[string][2]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Peers []struct {
			ID     string `xml:"id,attr"`
			Status string `xml:"data-status,attr"`
			Side   string `xml:"data-side,attr"`
		} `xml:"g"`
	}
	require.NoError(t, xml.Unmarshal(data, &doc), "%s is well-formed XML", path)
	out := map[string][2]string{}
	for _, p := range doc.Peers {
		out[p.ID] = [2]string{p.Status, p.Side}
	}
	return out
}

// --visualize draws the cluster at each scheduled fault and at the end, and the run as an
// HTML page: a node failed by --fail is down in the drawing of that time, and the sides of a
// --partition are marked; --visualize-at chooses the times instead.
func TestSimulateVisualizeDrawsTheScheduledFaults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "viz")
	code, out, errOut := cli(t, "simulate", "raft", "--fail", "n3@3s", "--recover", "n3@6s", "--partition", "n0,n1|n2,n3,n4@4s-8s",
		"--duration", "10s", "--visualize", "--plots", dir, "--quiet")
	require.Equal(t, exitOK, code, errOut)
	for _, name := range []string{"cluster-3s.svg", "cluster-4s.svg", "cluster-6s.svg", "cluster-8s.svg", "cluster-10s.svg", "timeline.html"} {
		assert.Contains(t, out, filepath.Join(dir, name), "written and reported")
	}
	at3 := clusterSVG(t, filepath.Join(dir, "cluster-3s.svg"))
	assert.Equal(t, "down", at3["n3"][0])
	assert.Equal(t, "client", at3["n5"][0])
	at4 := clusterSVG(t, filepath.Join(dir, "cluster-4s.svg"))
	assert.Equal(t, [2]string{"down", "B"}, at4["n3"])
	assert.Equal(t, "A", at4["n0"][1])
	assert.Equal(t, "A", at4["n1"][1])
	assert.Equal(t, "B", at4["n4"][1])
	at10 := clusterSVG(t, filepath.Join(dir, "cluster-10s.svg"))
	leaders := 0
	for name, st := range at10 {
		assert.NotEqual(t, "down", st[0], name)
		assert.Empty(t, st[1], "%s: the partition has healed", name)
		if st[0] == "leader" {
			leaders++
		}
	}
	assert.GreaterOrEqual(t, leaders, 1, "a leader at the end")

	dir2 := filepath.Join(t.TempDir(), "viz")
	code, _, errOut = cli(t, "simulate", "raft", "--fail", "n3@3s", "--duration", "6s", "--visualize-at", "2s,5s", "--plots", dir2, "--quiet")
	require.Equal(t, exitOK, code, errOut)
	files, err := filepath.Glob(filepath.Join(dir2, "cluster-*.svg"))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{filepath.Join(dir2, "cluster-2s.svg"), filepath.Join(dir2, "cluster-5s.svg")}, files)
	assert.NotEqual(t, "down", clusterSVG(t, filepath.Join(dir2, "cluster-2s.svg"))["n3"][0])
	assert.Equal(t, "down", clusterSVG(t, filepath.Join(dir2, "cluster-5s.svg"))["n3"][0])
}

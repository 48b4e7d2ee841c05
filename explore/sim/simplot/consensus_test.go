package simplot_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/explore/sim/simplot"
)

// A consensus run gets its latency CDF, throughput and role timeline instead of the item
// plots, each with its legend.
func TestConsensusPlots(t *testing.T) {
	s := time.Second
	res := &sim.Result{Duration: 10 * s, Bucket: s, Traffic: make([][]sim.Traffic, 11),
		Peers: []sim.PeerInfo{{ID: 0}, {ID: 1, Down: []sim.Window{{Peer: 1, Start: 4 * s, End: 6 * s}}}, {ID: 2, Client: true}},
		Roles: []sim.RoleChange{{Peer: 0, Role: "follower"}, {Peer: 1, Role: "follower"}, {Peer: 0, At: s, Role: "candidate", Term: 1},
			{Peer: 0, At: 2 * s, Role: "leader", Term: 1}},
		Commits:    []sim.Commit{{Peer: 0, At: 3 * s, Cmd: 1}, {Peer: 1, At: 3 * s, Cmd: 1}},
		Ops:        []sim.Op{{Input: uint64(1), Invoked: 2 * s, Returned: 4 * s}},
		Partitions: []sim.Partition{{Start: 7 * s, End: 8 * s}},
	}
	for i := range res.Traffic {
		res.Traffic[i] = make([]sim.Traffic, 3)
	}
	dir := t.TempDir()
	files, err := simplot.Write(dir, res, simplot.Options{Format: "svg"})
	require.NoError(t, err)
	want := map[string][]string{
		"latency-cdf": {"request → commit", "request → reply"},
		"throughput":  {"committed"},
		"roles":       {"leader", "candidate", "follower", "down"},
	}
	found := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f.Path), ".svg")
		assert.NotContains(t, []string{"delays", "overhead", "convergence"}, name)
		series, ok := want[name]
		if !ok {
			continue
		}
		found++
		data, err := os.ReadFile(f.Path)
		require.NoError(t, err)
		for _, s := range series {
			assert.Contains(t, string(data), xmlEscape(s), "%s: legend entry %q", name, s)
		}
	}
	assert.Equal(t, len(want), found)
}

package raft_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/raft"
)

// simulate runs 5 servers and 2 clients (10 commands a second each) for d, with the faults
// given, and returns the result.
func simulate(t *testing.T, bug bugs.Bug, seed uint64, d time.Duration, faults func(*sim.Config)) *sim.Result {
	t.Helper()
	s, err := raft.Simulate(raft.SimConfig{Servers: 5, Clients: 2, Every: 100 * time.Millisecond, Bug: bug})
	require.NoError(t, err)
	cfg := sim.Config{Seed: seed, Duration: d, Types: s.Types, Topology: sim.Topology{Kind: sim.FullMesh},
		Latency: sim.UniformDist(5*time.Millisecond, 20*time.Millisecond), Timeouts: s.Timeouts, Props: s.Props}
	if faults != nil {
		faults(&cfg)
	}
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	return res
}

func TestSimulatedRaftCommitsAndStaysSafe(t *testing.T) {
	res := simulate(t, "", 1, 10*time.Second, nil)
	require.Nil(t, res.Violation)
	require.NotEmpty(t, res.Commits)
	t.Logf("%d commits, %d roles, %d msgs", len(res.Commits), len(res.Roles), res.Messages.Sent)
}

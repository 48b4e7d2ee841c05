package dht_test

import (
	"context"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/p2p/dht"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func table(replicas int) dht.Config {
	return dht.Config{VNodes: 16, Replicas: replicas, Timeout: 300 * time.Millisecond, Every: 200 * time.Millisecond, Keys: 5}
}

func simulate(t *testing.T, cfg dht.Config, down bool) map[string]float64 {
	t.Helper()
	types, err := dht.Peers(16, 8, cfg)
	require.NoError(t, err)
	sc := sim.Config{
		Seed: 5, Duration: 60 * time.Second, Types: types, Topology: sim.Topology{Kind: sim.FullMesh},
		Latency: sim.UniformDist(5*time.Millisecond, 40*time.Millisecond),
	}
	if down {
		sc.Disruptions = []sim.Disruption{{Kind: sim.Downtime, Types: []string{"node"}, MTBF: 10 * time.Second, Availability: 0.8}}
	}
	res, err := sim.Simulate(context.Background(), sc)
	require.NoError(t, err)
	m := dht.Metrics(res)
	t.Logf("replicas %d, downtime %v: %v", cfg.Replicas, down, m)
	return m
}

func TestWithoutFailuresEveryOperationSucceedsAndNoReadIsStale(t *testing.T) {
	m := simulate(t, table(3), false)
	assert.Equal(t, m["ops"]-m["ops_pending"], m["ops_ok"])
	assert.Zero(t, m["stale_reads"])
	assert.Zero(t, m["failovers"])
}

// With nodes going down, replication and failover keep operations succeeding and reads fresh;
// a single copy of each key fails over to a node without it and reads stale data.
func TestReplicationAndFailoverMaskNodeFailures(t *testing.T) {
	one, three := simulate(t, table(1), true), simulate(t, table(3), true)
	assert.Positive(t, three["failovers"])
	assert.Zero(t, three["ops_failed"])
	assert.Positive(t, one["stale_reads"])
	assert.Less(t, three["stale_reads"]/three["gets"], one["stale_reads"]/one["gets"]/3)
}

// Under the model checker, with timely replicas, a client's get after its put returns the
// value put (reads see the client's own acknowledged writes).
func TestReadYourWritesUnderTheModelChecker(t *testing.T) {
	cfg := table(3)
	cfg.Nodes = []model.NodeID{0, 1, 2}
	cfg.Ops, cfg.Keys = 2, 1
	sys := &actor.System{
		Nodes: []actor.Node{&dht.Node{}, &dht.Node{}, &dht.Node{}, dht.NewClient(cfg)},
		// Timeouts and new operations only when no message is in flight (timely replicas).
		Timers: actor.TimersWhenQuiet,
		Props: []model.Property[*actor.State]{
			properties.Always("NoStaleRead", func(s *actor.State) bool {
				for _, op := range s.History() {
					if r, ok := op.Output.(dht.Result); ok && r.Stale {
						return false
					}
				}
				return true
			}),
			properties.Sometimes("TwoOpsDone", func(s *actor.State) bool {
				done := 0
				for _, op := range s.History() {
					if op.Returned {
						done++
					}
				}
				return done == 2
			}),
		},
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	require.NoError(t, err)
	assert.Empty(t, res.Violations)
	assert.Positive(t, res.Distinct)
}

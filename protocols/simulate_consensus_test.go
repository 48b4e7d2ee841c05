package protocols_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols"
)

// Every consensus protocol simulates with clients through the registry: commands commit under
// loss and a server's crash and recovery, and the protocol's safety properties hold on every
// step.
func TestConsensusProtocolsSimulateAndStaySafe(t *testing.T) {
	for _, name := range []string{"raft", "paxos", "multipaxos", "pbft"} {
		t.Run(name, func(t *testing.T) {
			p, err := protocols.LookupFor(protocols.CmdSimulate, name)
			require.NoError(t, err)
			assert.Equal(t, []string{"check", "replay", "minimize", "explore", "simulate"}, p.Commands())
			d := 10 * time.Second
			setup, err := p.Simulation(protocols.SimConfig{Duration: d, Settle: time.Second, Latency: 20 * time.Millisecond})
			require.NoError(t, err)
			require.NotEmpty(t, setup.Props, "safety properties to judge")
			cfg := sim.Config{Seed: 1, Duration: d, Types: setup.Types, Topology: sim.Topology{Kind: sim.FullMesh},
				Latency: sim.UniformDist(10*time.Millisecond, 30*time.Millisecond), PacketLoss: 0.05,
				Timeouts: setup.Timeouts, Props: setup.Props,
				Disruptions: []sim.Disruption{{Kind: sim.Downtime, Crash: true, Windows: []sim.Window{{Peer: 1, Start: 3 * time.Second, End: 5 * time.Second}}}},
			}
			res, err := sim.Simulate(context.Background(), cfg)
			require.NoError(t, err)
			require.Nil(t, res.Violation, "%+v", res.Violation)
			c := res.Consensus()
			require.NotNil(t, c)
			assert.Greater(t, c.Committed, 50, "of %d requested", c.Requested)
			assert.Greater(t, c.Replied, 50)
			assert.Greater(t, c.CommitP50, 0.0)
		})
	}
}

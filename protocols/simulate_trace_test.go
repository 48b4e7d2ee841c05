package protocols_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols"
)

// simulateTraced runs a traced simulation of name under loss, a crash and recovery and a
// partition.
func simulateTraced(t *testing.T, name string, c protocols.SimConfig, seed uint64) (protocols.Protocol, *sim.Result) {
	t.Helper()
	p, err := protocols.LookupFor(protocols.CmdSimulate, name)
	require.NoError(t, err)
	setup, err := p.Simulation(c)
	require.NoError(t, err)
	cfg := sim.Config{Seed: seed, Duration: c.Duration, Types: setup.Types, Topology: sim.Topology{Kind: sim.FullMesh},
		Latency: sim.UniformDist(10*time.Millisecond, 30*time.Millisecond), PacketLoss: 0.1,
		Timeouts: setup.Timeouts, Props: setup.Props, Trace: true,
		Disruptions: []sim.Disruption{{Kind: sim.Downtime, Crash: true, Windows: []sim.Window{{Peer: 1, Start: 300 * time.Millisecond, End: 600 * time.Millisecond}}}},
		Partitions:  []sim.Partition{{Groups: [][]model.NodeID{{0, 1}, {2, 3}}, Start: 800 * time.Millisecond, End: 1100 * time.Millisecond}},
	}
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	return p, res
}

// The steps of a traced run of every consensus protocol — deliveries, timers, the messages
// lost to loss, to the crashed server and to the partition, the crash and the recovery — are
// a path of the actor layer: the replay follows every one of them (it would stop with a
// DivergedError at the first that is not enabled), and the property still holds at its end.
func TestSimulationStepsReplayOnTheActorLayer(t *testing.T) {
	for _, name := range []string{"raft", "paxos", "multipaxos", "pbft", "pbft --malicious 1"} {
		t.Run(name, func(t *testing.T) {
			c := protocols.SimConfig{Duration: 1500 * time.Millisecond, Settle: 100 * time.Millisecond, Latency: 20 * time.Millisecond, Rate: 8}
			if n, ok := strings.CutSuffix(name, " --malicious 1"); ok {
				name, c.Malicious = n, 1
			}
			p, res := simulateTraced(t, name, c, 1)
			require.Nil(t, res.Violation)
			kinds := map[model.ActionKind]int{}
			for _, l := range res.Steps {
				kinds[l.Action.Kind]++
			}
			for _, k := range []model.ActionKind{model.ActionDeliver, model.ActionTimeout, model.ActionDrop, model.ActionCrash, model.ActionRecover} {
				assert.Positive(t, kinds[k], "%v steps", k)
			}
			if c.Malicious > 0 {
				chose := 0
				for _, l := range res.Steps {
					if l.Action.Node == 0 && slices.Contains(l.Action.Choices, 1) {
						chose++
					}
				}
				assert.Positive(t, chose, "steps where the malicious n0 sent a mutation")
			}
			tr, err := p.SimulationTrace(c, &sim.Violation{Property: "x", Steps: res.Steps})
			require.NoError(t, err)
			r, err := protocols.SimulationRunner(tr.Protocol, tr.Params)
			require.NoError(t, err)
			props := distcheck.SystemOf(r).Properties()
			require.NotEmpty(t, props)
			tr.Property = props[0].Name
			rep, err := r.Replay(tr)
			require.NoError(t, err, "the %d steps replay", len(tr.Steps))
			assert.False(t, rep.Reproduced, rep.Detail)
			assert.Len(t, tr.Steps, len(res.Steps))
		})
	}
}

// A buggy Raft's violation found by simulation saves as a trace that replays to the same
// property; the trace records the seed and what the peers depend on, and a trace cut short
// no longer reproduces it.
func TestSimulationViolationTraceReplays(t *testing.T) {
	c := protocols.SimConfig{Duration: 20 * time.Second, Settle: 2 * time.Second, Latency: 20 * time.Millisecond, Bug: "append-at-end"}
	p, res := simulateTraced(t, "raft", c, 2)
	v := res.Violation
	require.NotNil(t, v, "append-at-end breaks a property within 20s with seed 2")
	require.NotEmpty(t, v.Steps)
	tr, err := p.SimulationTrace(c, v)
	require.NoError(t, err)
	assert.Equal(t, "simulate:raft", tr.Protocol)
	assert.Equal(t, v.Property, tr.Property)
	assert.Equal(t, uint64(2), tr.Seed)
	assert.Equal(t, "append-at-end", tr.Params["bug"])
	data, err := tr.Marshal()
	require.NoError(t, err)
	back, err := counterexamples.Parse(data, "t.json")
	require.NoError(t, err)
	r, err := protocols.SimulationRunner(back.Protocol, back.Params)
	require.NoError(t, err)
	rep, err := r.Replay(back)
	require.NoError(t, err)
	assert.True(t, rep.Reproduced, rep.Detail)

	short := *back
	short.Steps = short.Steps[:len(short.Steps)/2]
	rep, err = r.Replay(&short)
	require.NoError(t, err)
	assert.False(t, rep.Reproduced, "half the steps: %s", rep.Detail)

	for _, bad := range []map[string]string{
		{"nodes": "5"},
		func() map[string]string { m := maps.Clone(back.Params); m["nodes"] = "five"; return m }(),
		func() map[string]string { m := maps.Clone(back.Params); m["bug"] = "nope"; return m }(),
	} {
		_, err := protocols.SimulationRunner(back.Protocol, bad)
		assert.Error(t, err, "%v", bad)
	}
	_, err = protocols.SimulationRunner("simulate:chord", back.Params)
	assert.ErrorContains(t, err, `unknown protocol "chord"`)
}

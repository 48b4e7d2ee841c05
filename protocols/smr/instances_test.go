package smr_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/distcheck/distcheck/protocols/smr"
)

// paxosPerSlot runs single-decree Paxos once per slot on three servers, with one more
// property: extra, judged on each instance.
func paxosPerSlot(extra model.Property[*actor.State]) *smr.Instances {
	return &smr.Instances{
		Servers: 3,
		New: func() (*actor.System, error) {
			sys, err := paxos.New(paxos.Config{Proposers: 1, Acceptors: 3, Learners: 3, Rounds: 2})
			if err == nil {
				sys.Props = append(sys.Props, extra)
			}
			return sys, err
		},
		Host: func(starter model.NodeID, i int) model.NodeID {
			switch {
			case i == 0:
				return starter
			case i <= 3:
				return model.NodeID(i - 1)
			}
			return model.NodeID((int(starter) + i - 4) % 3)
		},
		Decided: func(n actor.Node) bool { l, ok := n.(*paxos.Learner); return ok && len(l.Learned) > 0 },
	}
}

func run(t *testing.T, in *smr.Instances) *sim.Result {
	t.Helper()
	types, timeouts, props, err := in.Peers(1, smr.ClientConfig{Servers: []model.NodeID{0, 1, 2}, Every: 100 * time.Millisecond, Timeout: time.Second})
	require.NoError(t, err)
	res, err := sim.Simulate(context.Background(), sim.Config{Seed: 1, Duration: 3 * time.Second, Types: types,
		Topology: sim.Topology{Kind: sim.FullMesh}, Latency: sim.Const(10 * time.Millisecond), Timeouts: timeouts, Props: props})
	require.NoError(t, err)
	return res
}

func TestEachSlotIsAnInstanceThatDecides(t *testing.T) {
	res := run(t, paxosPerSlot(properties.Always("true", func(*actor.State) bool { return true })))
	require.Nil(t, res.Violation)
	c := res.Consensus()
	require.NotNil(t, c)
	assert.Equal(t, 30, c.Requested, "a command every 100 ms from 100 ms to 3 s")
	assert.Equal(t, 29, c.Committed, "all but the one requested at the very end")
	// Five messages of 10 ms each: the request, prepare, promise, accept, and the
	// acceptance the learners hear of.
	assert.InDelta(t, 0.050, c.CommitP50, 1e-9)
	assert.InDelta(t, 0.050, c.CommitMax, 1e-9)
}

// The properties are judged on each instance's nodes, wherever they run: one that fails as
// soon as the first learner learns stops the run there.
func TestInstancePropertiesAreJudged(t *testing.T) {
	res := run(t, paxosPerSlot(properties.Always("NothingLearned", func(s *actor.State) bool {
		for _, n := range s.Nodes() {
			if l, ok := n.(*paxos.Learner); ok && len(l.Learned) > 0 {
				return false
			}
		}
		return true
	})))
	require.NotNil(t, res.Violation)
	assert.Equal(t, "NothingLearned", res.Violation.Property)
	assert.Equal(t, 150*time.Millisecond, res.Violation.At, "the request at 100 ms, then 5 messages of 10 ms")
}

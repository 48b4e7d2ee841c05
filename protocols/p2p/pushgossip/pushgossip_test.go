package pushgossip_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/pushgossip"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func holders(s *actor.State) int {
	n := 0
	for i := range s.NumNodes() {
		n += actor.NodeAs[*pushgossip.Node](s, model.NodeID(i)).Store.Len()
	}
	return n
}

// Under the model checker the random choice of neighbours is a branch: with fan-out 1 and a
// TTL of 1 an item reaches at most two nodes of four; with TTL 3 it may reach all, or not.
func TestFanoutAndTTLBoundTheSpread(t *testing.T) {
	for _, tc := range []struct {
		ttl      int
		reachAll bool
	}{{1, false}, {3, true}} {
		nodes := []actor.Node{pushgossip.New(pushgossip.Config{Fanout: 1, TTL: tc.ttl, Produce: p2p.Production{Max: 1}})}
		for range 3 {
			nodes = append(nodes, pushgossip.New(pushgossip.Config{Fanout: 1, TTL: tc.ttl}))
		}
		sys := &actor.System{Nodes: nodes, Props: []model.Property[*actor.State]{
			properties.Always("AtMostTTLPlusOneHolders", func(s *actor.State) bool { return holders(s) <= tc.ttl+1 }),
			properties.Sometimes("TwoHolders", func(s *actor.State) bool { return holders(s) == 2 }),
		}}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1, CollectAll: true})
		require.NoError(t, err)
		assert.Empty(t, res.Violations, "ttl %d", tc.ttl)
	}
}

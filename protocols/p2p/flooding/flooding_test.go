package flooding_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/flooding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// line is node 0, producing one item, node 1, malicious, changing the content of what it passes
// on, and node 2, under the model checker (where every node is every other's peer).
func line(verify bool) *actor.System {
	produce := p2p.Production{Max: 1, Size: 10}
	return &actor.System{
		Nodes: []actor.Node{
			flooding.New(flooding.Config{Produce: produce, Verify: verify}),
			&p2p.Malicious{Node: flooding.New(flooding.Config{}), Behavior: p2p.Bogus},
			flooding.New(flooding.Config{Verify: verify}),
		},
		Props: []model.Property[*actor.State]{
			properties.Always("NoBogusData", func(s *actor.State) bool {
				for _, tx := range actor.NodeAs[*flooding.Node](s, 2).Store.Items {
					if tx.Data != p2p.Content(tx.ID) {
						return false
					}
				}
				return true
			}),
		},
	}
}

func TestFloodingUnderTheModelChecker(t *testing.T) {
	sys := line(true)
	sys.Props = append(sys.Props, properties.Sometimes("Node2HoldsTheItem", func(s *actor.State) bool {
		return actor.NodeAs[*flooding.Node](s, 2).Store.Len() == 1
	}))
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	require.NoError(t, err)
	assert.Empty(t, res.Violations, "signatures checked: the changed item is dropped")

	res, err = explore.Run(context.Background(), line(false), explore.Options{Workers: 1})
	require.NoError(t, err)
	require.Len(t, res.Violations, 1, "unchecked: node 2 takes the changed item")
	assert.Equal(t, "NoBogusData", res.Violations[0].Property)
}

// Every node a flood reaches through honest nodes gets the item, under every interleaving.
func TestFloodReachesEveryNode(t *testing.T) {
	sys := &actor.System{
		Nodes: []actor.Node{
			flooding.New(flooding.Config{Produce: p2p.Production{Max: 1}}),
			flooding.New(flooding.Config{}), flooding.New(flooding.Config{}), flooding.New(flooding.Config{}),
		},
		Props: []model.Property[*actor.State]{
			properties.Eventually("EveryNodeHoldsTheItem", func(s *actor.State) bool {
				for i := range 4 {
					if actor.NodeAs[*flooding.Node](s, model.NodeID(i)).Store.Len() != 1 {
						return false
					}
				}
				return true
			}),
		},
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	require.NoError(t, err)
	assert.Empty(t, res.Violations)
}

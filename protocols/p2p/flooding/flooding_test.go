package flooding_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/flooding"
)

// line is node 0, producing one item, node 1, malicious, changing the content of what it passes
// on, and node 2, under the model checker (where every node is every other's peer).
func line(verify bool) *model.System {
	produce := p2p.Production{Max: 1, Size: 10}
	return &model.System{
		Nodes: []model.Node{
			flooding.New(flooding.Config{Produce: produce, Verify: verify}),
			&p2p.Malicious{Node: flooding.New(flooding.Config{}), Behavior: p2p.Bogus},
			flooding.New(flooding.Config{Verify: verify}),
		},
		Props: []model.Property[*model.State]{
			properties.Always("NoBogusData", func(s *model.State) bool {
				for _, tx := range model.NodeAs[*flooding.Node](s, 2).Store.Items {
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
	sys.Props = append(sys.Props, properties.Sometimes("Node2HoldsTheItem", func(s *model.State) bool {
		return model.NodeAs[*flooding.Node](s, 2).Store.Len() == 1
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
	sys := &model.System{
		Nodes: []model.Node{
			flooding.New(flooding.Config{Produce: p2p.Production{Max: 1}}),
			flooding.New(flooding.Config{}), flooding.New(flooding.Config{}), flooding.New(flooding.Config{}),
		},
		Props: []model.Property[*model.State]{
			properties.Eventually("EveryNodeHoldsTheItem", func(s *model.State) bool {
				for i := range 4 {
					if model.NodeAs[*flooding.Node](s, model.NodeID(i)).Store.Len() != 1 {
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

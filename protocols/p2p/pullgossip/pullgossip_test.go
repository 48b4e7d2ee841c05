package pullgossip_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/pullgossip"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Under the model checker, with a message lost, pulls (plain or ranged) still bring the item
// to every node: anti-entropy repairs.
func TestPullsRepairALostMessage(t *testing.T) {
	for _, ranged := range []bool{false, true} {
		cfg := pullgossip.Config{Period: 1, Ranged: ranged}
		first := cfg
		first.Produce = p2p.Production{Max: 1}
		sys := &actor.System{
			Nodes:  []actor.Node{pullgossip.New(first), pullgossip.New(cfg), pullgossip.New(cfg)},
			Faults: actor.Faults{Drops: 1},
			// A pull only when no message is in flight: the periodic pulls stay finite.
			Timers: actor.TimersWhenQuiet,
			Props: []model.Property[*actor.State]{
				properties.Sometimes("EveryNodeHoldsTheItem", func(s *actor.State) bool {
					for i := range 3 {
						if actor.NodeAs[*pullgossip.Node](s, model.NodeID(i)).Store.Len() != 1 {
							return false
						}
					}
					return true
				}),
			},
		}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		require.NoError(t, err)
		assert.Empty(t, res.Violations, "ranged %v", ranged)
	}
}

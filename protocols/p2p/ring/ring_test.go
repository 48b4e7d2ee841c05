package ring_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/stat"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p/ring"
)

var nodes = []model.NodeID{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// spread returns the coefficient of variation of the keys per node.
func spread(r *ring.Ring) float64 {
	count := make([]float64, len(nodes))
	for k := range 20000 {
		count[r.Owner(fmt.Sprint("key", k))]++
	}
	return stat.StdDev(count, nil) / stat.Mean(count, nil)
}

func TestVirtualNodesSpreadKeysEvenly(t *testing.T) {
	one, many := spread(ring.New(nodes, 1)), spread(ring.New(nodes, 100))
	t.Logf("keys per node, coefficient of variation: 1 vnode %.3f, 100 vnodes %.3f", one, many)
	assert.Less(t, many, one/2)
	assert.Less(t, many, 0.15)
}

func TestOwnersAreDistinctAndStable(t *testing.T) {
	r := ring.New(nodes, 8)
	owners := r.Owners("k", 3)
	assert.Len(t, owners, 3)
	assert.NotEqual(t, owners[0], owners[1])
	assert.NotEqual(t, owners[1], owners[2])
	assert.Equal(t, owners, ring.New(nodes, 8).Owners("k", 3))
	assert.Len(t, r.Owners("k", 20), len(nodes))
}

// Removing a node moves only its keys.
func TestALeavingNodeMovesOnlyItsKeys(t *testing.T) {
	r := ring.New(nodes, 50)
	smaller := ring.New(nodes[:9], 50)
	for k := range 2000 {
		key := fmt.Sprint("key", k)
		if o := r.Owner(key); o != 9 {
			assert.Equal(t, o, smaller.Owner(key), key)
		} else {
			assert.Equal(t, r.Owners(key, 2)[1], smaller.Owner(key), "%s goes to the next node", key)
		}
	}
}

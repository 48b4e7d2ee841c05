package p2p_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p"
)

func tx(origin, seq int) p2p.Tx {
	id := sim.ItemID{Origin: model.NodeID(origin), Seq: seq}
	return p2p.Tx{ID: id, Data: p2p.Content(id)}
}

func TestStoreKeepsRangesPerOrigin(t *testing.T) {
	var s p2p.Store
	for _, x := range [][2]int{{1, 0}, {1, 1}, {1, 3}, {2, 0}} {
		assert.True(t, s.Add(tx(x[0], x[1])))
	}
	assert.False(t, s.Add(tx(1, 1)), "already held")
	assert.Equal(t, []p2p.Range{{Origin: 1, Next: 2}, {Origin: 2, Next: 1}}, s.Ranges())
	// A peer holding 1/0 and nothing of origin 2 misses 1/1, 1/3 and 2/0.
	after := s.After([]p2p.Range{{Origin: 1, Next: 1}})
	require.Len(t, after, 3)
	assert.Equal(t, []sim.ItemID{{Origin: 1, Seq: 1}, {Origin: 1, Seq: 3}, {Origin: 2, Seq: 0}}, []sim.ItemID{after[0].ID, after[1].ID, after[2].ID})
	missing := s.Missing([]sim.ItemID{{Origin: 1, Seq: 0}, {Origin: 1, Seq: 3}})
	require.Len(t, missing, 2)
	assert.Equal(t, sim.ItemID{Origin: 1, Seq: 1}, missing[0].ID)
	assert.True(t, s.Add(tx(1, 2)))
	assert.Equal(t, p2p.Range{Origin: 1, Next: 4}, s.Ranges()[0], "the gap is filled")
}

func TestBehaviorNamesRoundTrip(t *testing.T) {
	for _, b := range []p2p.Behavior{p2p.Hide, p2p.Bogus, p2p.Equivocate, p2p.Sybil} {
		got, err := p2p.ParseBehavior(b.String())
		require.NoError(t, err)
		assert.Equal(t, b, got)
	}
	_, err := p2p.ParseBehavior("lie")
	assert.EqualError(t, err, `unknown malicious behaviour "lie" (want hide, bogus, equivocate or sybil)`)
}

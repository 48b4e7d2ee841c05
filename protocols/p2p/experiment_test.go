package p2p_test

import (
	"context"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/pullgossip"
	"github.com/distcheck/distcheck/protocols/p2p/pushgossip"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// churn is the experiment of the classic comparison: 40 relays on a random 4-regular overlay,
// 10 clients each attached to 3 relays producing an item a second, relays going down now and
// then (available 80% of the time) until 10 s before the end.
func churn(relay func(model.NodeID, p2p.Production) actor.Node) sim.Config {
	peers := p2p.Peers{
		Relays: 40, Clients: 10, Attach: 3,
		Produce: p2p.Production{Every: time.Second, Size: 1000, Until: 30 * time.Second},
		Relay:   relay,
	}
	return sim.Config{
		Seed: 7, Duration: 40 * time.Second, Settle: 10 * time.Second,
		Types:     peers.Types(),
		Topology:  sim.Topology{Kind: sim.RandomRegular, Degree: 4},
		Latency:   sim.UniformDist(10*time.Millisecond, 100*time.Millisecond),
		Bandwidth: 1e6,
		Disruptions: []sim.Disruption{{
			Kind: sim.Downtime, Types: []string{"relay"}, MTBF: 10 * time.Second, Availability: 0.8, Stop: 30 * time.Second,
		}},
	}
}

func run(t *testing.T, cfg sim.Config) sim.Summary {
	t.Helper()
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	return res.Summarize()
}

// With relays going down, push gossip leaves some online relays without some items for good;
// pull gossip (ranged), whose clients hand items to several relays, reaches every online
// relay — later on average, and with less bandwidth per delivery.
func TestPullGossipRepairsWhatPushGossipMissesUnderChurn(t *testing.T) {
	push := run(t, churn(func(_ model.NodeID, p p2p.Production) actor.Node {
		return pushgossip.New(pushgossip.Config{Fanout: 3, TTL: 6, Produce: p})
	}))
	pull := run(t, churn(func(_ model.NodeID, p p2p.Production) actor.Node {
		return pullgossip.New(pullgossip.Config{Period: time.Second, Ranged: true, Produce: p})
	}))
	t.Logf("push: coverage %.4f, %d missing at %d peers, delay %.3fs, %.0f B/delivery, %.2f copies", push.Coverage, push.Missing, push.PeersMissing, push.DelayMean, push.BytesPerDelivery, push.TimesSeen)
	t.Logf("pull: coverage %.4f, %d missing at %d peers, delay %.3fs, %.0f B/delivery, %.2f copies", pull.Coverage, pull.Missing, pull.PeersMissing, pull.DelayMean, pull.BytesPerDelivery, pull.TimesSeen)
	t.Logf("pull/push: delay ×%.2f, bytes per delivery ×%.2f", pull.DelayMean/push.DelayMean, pull.BytesPerDelivery/push.BytesPerDelivery)
	assert.Less(t, push.Coverage, 1.0)
	assert.Positive(t, push.PeersMissing)
	assert.Equal(t, 1.0, pull.Coverage)
	assert.Greater(t, pull.DelayMean, push.DelayMean)
	assert.Less(t, pull.BytesPerDelivery, push.BytesPerDelivery)
}

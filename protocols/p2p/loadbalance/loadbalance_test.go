package loadbalance_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/p2p/loadbalance"
)

// run balances 8 clients' requests over servers of speeds 1, 1, 2 and 4: two thirds of the
// capacity, a third more than round robin's quarter share gives a slow server.
func run(t *testing.T, p loadbalance.Policy) map[string]float64 {
	t.Helper()
	types, err := (loadbalance.Setup{Policy: p, Speeds: []int{1, 1, 2, 4}, Clients: 8, Every: 15 * time.Millisecond, Work: 10, Keys: 50}).Peers()
	require.NoError(t, err)
	res, err := sim.Simulate(context.Background(), sim.Config{
		Seed: 2, Duration: 30 * time.Second, Types: types, Topology: sim.Topology{Kind: sim.FullMesh},
		Latency: sim.Const(time.Millisecond),
	})
	require.NoError(t, err)
	m := loadbalance.Metrics(res)
	t.Logf("%s: loads %v %v %v %v, max/mean %.2f, share gap %.3f, Jain %.3f, response %.3fs (p99 %.3fs)", p,
		m["load_1"], m["load_2"], m["load_3"], m["load_4"], m["max_over_mean"], m["share_gap_max"], m["jain_fairness"], m["response_mean_s"], m["response_p99_s"])
	return m
}

func TestRoundRobinSpreadsRequestsEqually(t *testing.T) {
	m := run(t, loadbalance.RoundRobin)
	assert.InDelta(t, 1, m["max_over_mean"], 0.01)
}

func TestWeightedRoundRobinFollowsTheCapacity(t *testing.T) {
	rr, wrr := run(t, loadbalance.RoundRobin), run(t, loadbalance.WeightedRoundRobin)
	assert.Less(t, wrr["share_gap_max"], 0.01)
	assert.InDelta(t, 1, wrr["jain_fairness"], 0.01, "load per unit of capacity")
	assert.Less(t, wrr["response_mean_s"], rr["response_mean_s"])
}

// Round robin overloads the slow servers (their queues grow without bound); least connections
// and weighted round robin keep every queue short.
func TestLeastConnectionsAvoidsSlowServers(t *testing.T) {
	rr, lc := run(t, loadbalance.RoundRobin), run(t, loadbalance.LeastConnections)
	assert.Less(t, lc["response_mean_s"], rr["response_mean_s"]/5)
	assert.Greater(t, lc["load_4"], lc["load_1"]*2, "the fast server takes more")
}

func TestConsistentHashingSticksEachKeyToOneServer(t *testing.T) {
	m := run(t, loadbalance.ConsistentHashing)
	assert.Equal(t, 1.0, m["keys_servers_max"])
	assert.Greater(t, run(t, loadbalance.RoundRobin)["keys_servers_max"], 1.0)
}

func TestParsePolicy(t *testing.T) {
	p, err := loadbalance.ParsePolicy("least-connections")
	require.NoError(t, err)
	assert.Equal(t, loadbalance.LeastConnections, p)
	_, err = loadbalance.ParsePolicy("random")
	assert.EqualError(t, err, `unknown balancing policy "random" (want round-robin, least-connections, weighted-round-robin or consistent-hashing)`)
}

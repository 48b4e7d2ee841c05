package nakamoto_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/nakamoto"
)

func run(t *testing.T, e nakamoto.Experiment) (nakamoto.Stats, *sim.Result) {
	t.Helper()
	st, res, err := e.Run(context.Background())
	require.NoError(t, err)
	return st, res
}

// blocks is the length of the long runs: 3,000 blocks, 1,000 under -short.
func blocks() int {
	if testing.Short() {
		return 1000
	}
	return 3000
}

// An honest miner's share of the chain is its share of the hash power: three miners with a
// third each, over a long seeded run, each get a third within 3 standard deviations.
func TestHonestMinersEarnTheirHashPower(t *testing.T) {
	n := blocks()
	st, _ := run(t, nakamoto.Experiment{Network: nakamoto.Network{Miners: 3}, Seed: 7, Blocks: n, Latency: sim.Const(100 * time.Millisecond)})
	require.Greater(t, st.Main, n*9/10)
	tol := 3 * math.Sqrt(1.0/3*2.0/3/float64(st.Main))
	for i, share := range st.Shares {
		assert.InDelta(t, 1.0/3, share, tol, "miner %d", i)
	}
}

// With no latency there are no forks; the stale rate grows with the propagation delay, close
// to 1 − exp(−delay/interval) on a full mesh (every block one hop from every miner).
func TestStaleRateGrowsWithPropagationDelay(t *testing.T) {
	prev := -1.0
	for _, lat := range []time.Duration{0, 500 * time.Millisecond, 2 * time.Second} {
		st, _ := run(t, nakamoto.Experiment{Network: nakamoto.Network{Miners: 10}, Seed: 1, Blocks: blocks(), Latency: sim.Const(lat)})
		want := 1 - math.Exp(-lat.Seconds()/10)
		assert.InDelta(t, want, st.StaleRate, 0.35*want+0.003, "latency %v", lat)
		assert.Greater(t, st.StaleRate, prev, "latency %v", lat)
		assert.Equal(t, st.Mined, st.Main+st.Stale)
		if lat == 0 {
			assert.Zero(t, st.Forks)
		}
		prev = st.StaleRate
	}
}

// Time to k confirmations is about k−1 block intervals plus the propagation delay, and
// grows with it.
func TestConfirmationTime(t *testing.T) {
	fast, _ := run(t, nakamoto.Experiment{Network: nakamoto.Network{Miners: 10}, Seed: 3, Blocks: 1000, K: 6})
	slow, _ := run(t, nakamoto.Experiment{Network: nakamoto.Network{Miners: 10}, Seed: 3, Blocks: 1000, K: 6, Latency: sim.Const(3 * time.Second)})
	assert.InDelta(t, 50, fast.ConfMean, 5, "5 intervals of 10 s")
	assert.Greater(t, slow.ConfMean, fast.ConfMean+3)
}

// Eyal and Sirer: a selfish pool with a third of the hash power and a favourable γ (it is
// better connected than the honest miners, so most of them see its block first in a race)
// earns more than a third of the chain, close to the paper's formula for the γ measured.
func TestSelfishMiningPaysAboveTheThreshold(t *testing.T) {
	fast := sim.Const(time.Millisecond)
	alpha := 1.0 / 3
	st, _ := run(t, nakamoto.Experiment{Network: nakamoto.Network{Miners: 9, Selfish: alpha}, Seed: 1, Blocks: blocks(),
		Latency: sim.Const(100 * time.Millisecond), SelfishLatency: &fast})
	assert.Greater(t, st.Gamma, 0.7)
	assert.Greater(t, st.SelfishShare, alpha+0.04, "selfish share %.3f at α %.3f", st.SelfishShare, alpha)
	assert.InDelta(t, nakamoto.Revenue(alpha, st.Gamma), st.SelfishShare, 0.04)
	honest := 0.0
	for _, s := range st.Shares[:9] {
		honest += s
	}
	assert.InDelta(t, 1-st.SelfishShare, honest, 1e-9)
	assert.Less(t, honest, 1-alpha-0.04, "the honest miners together earn less than their hash power")
}

// Below the threshold (α = 0.2 with γ ≈ 0: 1/3 needed) selfish mining loses revenue.
func TestSelfishMiningLosesBelowTheThreshold(t *testing.T) {
	alpha := 0.2
	st, _ := run(t, nakamoto.Experiment{Network: nakamoto.Network{Miners: 8, Selfish: alpha}, Seed: 2, Blocks: blocks(),
		Latency: sim.Const(100 * time.Millisecond)})
	assert.Less(t, st.Gamma, 0.2)
	assert.Less(t, alpha, nakamoto.Threshold(st.Gamma))
	assert.Less(t, st.SelfishShare, alpha-0.02)
}

// The paper's numbers: the threshold is 1/3 at γ = 0, 1/4 at γ = 1/2 and 0 at γ = 1; at the
// threshold the revenue equals α; an honest pool's revenue at γ = 0 and α = 1/2 is all.
func TestRevenueFormula(t *testing.T) {
	assert.InDelta(t, 1.0/3, nakamoto.Threshold(0), 1e-12)
	assert.InDelta(t, 0.25, nakamoto.Threshold(0.5), 1e-12)
	assert.InDelta(t, 0, nakamoto.Threshold(1), 1e-12)
	for _, g := range []float64{0, 0.5} {
		a := nakamoto.Threshold(g)
		assert.InDelta(t, a, nakamoto.Revenue(a, g), 1e-12, "γ %v", g)
	}
	assert.InDelta(t, 1, nakamoto.Revenue(0.5, 0), 1e-12)
}

// The same seed gives the same bytes; another seed does not.
func TestSameSeedSameBytes(t *testing.T) {
	out := func(seed uint64) []byte {
		e := nakamoto.Experiment{Network: nakamoto.Network{Miners: 6, Selfish: 0.3}, Seed: seed, Blocks: 300,
			Topology: sim.Topology{Kind: sim.RandomRegular, Degree: 4}, Latency: sim.Dist{Kind: sim.Uniform, A: 0.05, B: 2}}
		st, res := run(t, e)
		var b bytes.Buffer
		require.NoError(t, res.Report(10).WriteJSON(&b))
		j, err := json.Marshal(st.Map())
		require.NoError(t, err)
		b.Write(j)
		return b.Bytes()
	}
	a := out(5)
	assert.Equal(t, a, out(5))
	assert.NotEqual(t, a, out(6))
}

func TestNetworkValidate(t *testing.T) {
	for _, n := range []nakamoto.Network{{Miners: 0}, {Miners: 3, Selfish: 1}, {Miners: 3, Selfish: -0.1}, {Miners: 3, Interval: -1}} {
		_, err := n.Types()
		assert.Error(t, err, "%+v", n)
	}
}

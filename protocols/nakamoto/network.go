package nakamoto

import (
	"fmt"
	"math"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// Network is the cast of a simulation: honest miners sharing the hash power equally, and
// optionally one selfish miner with share Selfish of it.
type Network struct {
	// Miners is the number of honest miners.
	Miners int
	// Selfish is the hash power share α of one selfish miner, in [0, 1); 0 means none.
	Selfish float64
	// Interval is the mean time between blocks (default 10 s).
	Interval time.Duration
	// BlockSize is a block's size in bytes (default 1,000).
	BlockSize int
	// RandomTies turns on the honest miners' random tie-breaking.
	RandomTies bool
}

// Validate checks the cast.
func (n Network) Validate() error {
	switch {
	case n.Miners < 1:
		return fmt.Errorf("miners %d: want at least 1", n.Miners)
	case !(n.Selfish >= 0 && n.Selfish < 1):
		return fmt.Errorf("selfish %g: want a share of the hash power in [0, 1)", n.Selfish)
	case n.Interval < 0:
		return fmt.Errorf("interval %v is negative", n.Interval)
	case n.BlockSize < 0:
		return fmt.Errorf("block size %d is negative", n.BlockSize)
	}
	return nil
}

func (n Network) interval() time.Duration {
	if n.Interval == 0 {
		return 10 * time.Second
	}
	return n.Interval
}

// Types returns the simulator's peer types: "miner", then "selfish" (malicious) if any.
func (n Network) Types() ([]sim.PeerType, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	cfg := Config{Interval: n.interval(), Power: (1 - n.Selfish) / float64(n.Miners), BlockSize: n.BlockSize, RandomTies: n.RandomTies}
	types := []sim.PeerType{{Name: "miner", Count: n.Miners, New: func(model.NodeID) actor.Node { return New(cfg) }}}
	if n.Selfish > 0 {
		sc := cfg
		sc.Power = n.Selfish
		types = append(types, sim.PeerType{Name: "selfish", Count: 1, Malicious: true,
			New: func(model.NodeID) actor.Node { return NewSelfish(sc) }})
	}
	return types, nil
}

// Revenue is the selfish pool's share of the chain in Eyal and Sirer's model (their equation
// 8), for hash power share alpha and the share gamma of honest miners that mine on its block
// during a race.
func Revenue(alpha, gamma float64) float64 {
	a, g := alpha, gamma
	return (a*(1-a)*(1-a)*(4*a+g*(1-2*a)) - a*a*a) / (1 - a*(1+(2-a)*a))
}

// Threshold is the least hash power share at which selfish mining pays, for gamma:
// (1−γ)/(3−2γ).
func Threshold(gamma float64) float64 { return (1 - gamma) / (3 - 2*gamma) }

// Stats are the chain metrics of a run. Blocks found in the run's last Settle are left out:
// they had no time to be confirmed or orphaned.
type Stats struct {
	// Height is the final chain's height; Mined the blocks found (and published); Main those on
	// the final chain; Stale the others (orphaned).
	Height, Mined, Main, Stale int
	// StaleRate is Stale / Mined.
	StaleRate float64
	// Forks is the number of heights with more than one block; ForkRate is Forks over the
	// heights with a block.
	Forks    int
	ForkRate float64
	// K is the confirmation depth; ConfMean and ConfP90 are the times, in seconds, from a
	// block's mining until every honest miner holds the block K−1 above it on the final chain
	// (the block is then K deep).
	K                 int
	ConfMean, ConfP90 float64
	// Propagation is the mean time, in seconds, for a final-chain block to reach every honest
	// miner.
	Propagation float64
	// SelfishPower is the selfish miners' hash power share and SelfishShare their share of
	// the final chain (both 0 without one).
	SelfishPower, SelfishShare float64
	// Shares are each peer's share of the final chain, by peer.
	Shares []float64
	// Gamma is the share of the honest blocks found during a race (an honest and a selfish
	// block at the top height) that extend the selfish block; NaN if there was no race.
	Gamma float64
}

// Map returns the stats as the simulate command's metrics.
func (s Stats) Map() map[string]float64 {
	m := map[string]float64{
		"height": float64(s.Height), "mined": float64(s.Mined), "main": float64(s.Main), "stale": float64(s.Stale),
		"stale_rate": s.StaleRate, "propagation_s": s.Propagation, "forks": float64(s.Forks), "fork_rate": s.ForkRate,
		fmt.Sprintf("confirm%d_mean_s", s.K): s.ConfMean, fmt.Sprintf("confirm%d_p90_s", s.K): s.ConfP90,
	}
	if s.SelfishPower > 0 {
		m["selfish_power"], m["selfish_share"], m["gamma"] = s.SelfishPower, s.SelfishShare, s.Gamma
	}
	for k, v := range m {
		if math.IsNaN(v) {
			delete(m, k) // undefined: no block was deep enough, no race
		}
	}
	return m
}

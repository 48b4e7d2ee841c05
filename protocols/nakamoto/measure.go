package nakamoto

import (
	"cmp"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/distcheck/distcheck/explore/sim"
)

// Measure computes the chain metrics of a run of miners, with confirmations k deep (k ≥ 1).
// The final chain is the highest head among the honest miners' (the first miner's among
// equal heights).
func Measure(res *sim.Result, k int) Stats {
	st := Stats{K: max(k, 1), Gamma: math.NaN(), Shares: make([]float64, len(res.Nodes))}
	cutoff := res.Duration - res.Settle
	var honest []Tipper
	blocks := map[BlockID]Block{}
	selfish := map[int]bool{} // by origin
	for i, node := range res.Nodes {
		t, ok := node.(Tipper)
		if !ok {
			continue
		}
		if s, ok := node.(*Selfish); ok {
			selfish[i] = true
			st.SelfishPower += s.Cfg.Power
			continue
		}
		if i < len(res.Peers) && res.Peers[i].Malicious {
			continue
		}
		honest = append(honest, t)
		bs, _ := t.Tree()
		for id, b := range bs {
			blocks[id] = b
		}
	}
	if len(honest) == 0 {
		return st
	}
	head := honest[0].Head()
	for _, t := range honest[1:] {
		if h := t.Head(); blocks[h].Height > blocks[head].Height {
			head = h
		}
	}
	var main []Block // by height, genesis first
	for id := head; ; id = blocks[id].Parent {
		main = append(main, blocks[id])
		if id == Genesis {
			break
		}
	}
	slices.Reverse(main)
	onMain := func(b Block) bool { return b.Height < len(main) && main[b.Height].ID == b.ID }

	perHeight := map[int][]Block{}
	for id, b := range blocks {
		if id == Genesis || b.Mined > cutoff {
			continue
		}
		st.Mined++
		perHeight[b.Height] = append(perHeight[b.Height], b)
		if onMain(b) {
			st.Main++
			st.Height = max(st.Height, b.Height)
			if o := int(b.ID.Origin); o < len(st.Shares) {
				st.Shares[o]++
			}
			if selfish[int(b.ID.Origin)] {
				st.SelfishShare++
			}
		}
	}
	st.Stale = st.Mined - st.Main
	if st.Mined > 0 {
		st.StaleRate = float64(st.Stale) / float64(st.Mined)
	}
	if st.Main > 0 {
		st.SelfishShare /= float64(st.Main)
		for i := range st.Shares {
			st.Shares[i] /= float64(st.Main)
		}
	}
	for _, bs := range perHeight {
		if len(bs) > 1 {
			st.Forks++
		}
	}
	if len(perHeight) > 0 {
		st.ForkRate = float64(st.Forks) / float64(len(perHeight))
	}
	st.ConfMean, st.ConfP90 = confirmations(main, honest, st.K, cutoff)
	st.Propagation, _ = confirmations(main, honest, 1, cutoff)
	if len(selfish) > 0 {
		st.Gamma = gamma(perHeight, selfish)
	}
	return st
}

// confirmations returns the mean and 90th percentile, in seconds, of the time from a main
// block's mining until every honest miner holds the block k−1 above it (k = 1: the block
// itself, its propagation time).
func confirmations(main []Block, honest []Tipper, k int, cutoff time.Duration) (mean, p90 float64) {
	var ts []float64
	for h := 1; h+k-1 < len(main); h++ {
		if main[h].Mined > cutoff {
			break
		}
		deep := main[h+k-1].ID
		var last time.Duration
		all := true
		for _, t := range honest {
			_, got := t.Tree()
			at, ok := got[deep]
			if !ok {
				all = false
				break
			}
			last = max(last, at)
		}
		if all {
			ts = append(ts, (last - main[h].Mined).Seconds())
		}
	}
	if len(ts) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(ts)
	return stat.Mean(ts, nil), stat.Quantile(0.9, stat.Empirical, ts, nil)
}

// gamma returns the share of races decided by an honest block that the honest block decided
// for the selfish side: at a height with both an honest and a selfish block, where the first
// block found one higher is honest, how often that block's parent is the selfish one.
func gamma(perHeight map[int][]Block, selfish map[int]bool) float64 {
	races, won := 0, 0
	for h, bs := range perHeight {
		var hon, sel bool
		for _, b := range bs {
			if selfish[int(b.ID.Origin)] {
				sel = true
			} else {
				hon = true
			}
		}
		next := perHeight[h+1]
		if !hon || !sel || len(next) == 0 {
			continue
		}
		first := slices.MinFunc(next, func(a, b Block) int { return cmp.Compare(a.Mined, b.Mined) })
		if selfish[int(first.ID.Origin)] {
			continue
		}
		races++
		for _, b := range bs {
			if b.ID == first.Parent && selfish[int(b.ID.Origin)] {
				won++
			}
		}
	}
	if races == 0 {
		return math.NaN()
	}
	return float64(won) / float64(races)
}

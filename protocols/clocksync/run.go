package clocksync

import (
	"math"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// Algorithms are the algorithms' names, as `distcheck simulate` takes them.
var Algorithms = []string{"cristian", "berkeley", "ntp"}

// Types returns the simulator's peers for algorithm alg (cristian, berkeley or ntp): one type,
// "clock", of cfg.Nodes peers, node 0 the time server (cristian, ntp) or the master
// (berkeley). cfg must have been validated (Config.Validate).
func Types(alg string, cfg Config) []sim.PeerType {
	c := &cfg
	return []sim.PeerType{{Name: "clock", Count: c.Nodes, New: func(id model.NodeID) actor.Node {
		n := node{cfg: c, Faulty: int(id) >= c.Nodes-c.Faulty}
		switch {
		case alg == "berkeley" && id == 0:
			return &Master{node: n}
		case alg == "berkeley":
			return &Slave{node: n}
		case id == 0:
			return &Server{node: n}
		}
		return &Client{node: n, NTP: alg == "ntp"}
	}}}
}

// Records are a run's clocks, in peer order: for each, its clock at the end, whether it is
// faulty, its offsets sampled every Config.Sample and its synchronisations.
type Records struct {
	Sample time.Duration
	Clocks []NodeRecord
}

// NodeRecord is one node's records.
type NodeRecord struct {
	Peer    int
	Clock   Clock
	Faulty  bool
	Samples []time.Duration
	Syncs   []Sync
}

// RecordsOf gathers the records of res's nodes.
func RecordsOf(res *sim.Result, sample time.Duration) Records {
	r := Records{Sample: sample}
	for p, n := range res.Nodes {
		if c, ok := n.(Clocked); ok {
			clock, faulty, samples, syncs := c.Records()
			r.Clocks = append(r.Clocks, NodeRecord{Peer: p, Clock: clock, Faulty: faulty, Samples: samples, Syncs: syncs})
		}
	}
	return r
}

// Metrics summarises the records: the synchronisations judged against their bound and how
// many broke it, the largest error after one and the mean bound (ms); the good clocks'
// largest offset from true time and their spread (largest minus smallest offset), at the end
// and at worst over the second half of the run (ms).
func (r Records) Metrics() map[string]float64 {
	m := map[string]float64{}
	var judged, broken int
	var maxErr, sumBound time.Duration
	for _, c := range r.Clocks {
		for _, s := range c.Syncs {
			if s.Bound < 0 {
				continue
			}
			judged++
			sumBound += s.Bound
			maxErr = max(maxErr, abs(s.Error))
			if s.Broken() {
				broken++
			}
		}
	}
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }
	m["syncs"] = float64(judged)
	m["bound_broken"] = float64(broken)
	m["max_error_after_sync_ms"] = ms(maxErr)
	if judged > 0 {
		m["mean_bound_ms"] = ms(sumBound / time.Duration(judged))
	}
	samples := 0
	for _, c := range r.Clocks {
		samples = max(samples, len(c.Samples))
	}
	var worstOffset, worstSpread time.Duration
	for k := samples / 2; k < samples; k++ {
		lo, hi := time.Duration(math.MaxInt64), time.Duration(math.MinInt64)
		for _, c := range r.Clocks {
			if c.Faulty || k >= len(c.Samples) || c.Samples[k] == Missing {
				continue
			}
			o := c.Samples[k]
			lo, hi = min(lo, o), max(hi, o)
			worstOffset = max(worstOffset, abs(o))
		}
		if hi >= lo {
			worstSpread = max(worstSpread, hi-lo)
			if k == samples-1 {
				m["final_spread_ms"] = ms(hi - lo)
				m["final_max_offset_ms"] = ms(max(abs(lo), abs(hi)))
			}
		}
	}
	m["late_max_offset_ms"] = ms(worstOffset)
	m["late_max_spread_ms"] = ms(worstSpread)
	return m
}

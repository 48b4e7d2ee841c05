package dht

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"gonum.org/v1/gonum/stat"
)

// Peers returns the simulator's peer types for a table of n storage nodes ("node", IDs 0 to
// n-1) and the given number of clients ("client"); cfg.Nodes is filled in.
func Peers(n, clients int, cfg Config) ([]sim.PeerType, error) {
	cfg.Nodes = nil
	for i := range n {
		cfg.Nodes = append(cfg.Nodes, model.NodeID(i))
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if clients < 1 {
		return nil, fmt.Errorf("dht: clients %d: want at least 1", clients)
	}
	return []sim.PeerType{
		{Name: "node", Count: n, New: func(model.NodeID) actor.Node { return &Node{} }},
		{Name: "client", Count: clients, Attach: 1, New: func(model.NodeID) actor.Node { return NewClient(cfg) }},
	}, nil
}

// Metrics returns the table's metrics from a run: operations started, completed (ok) and
// failed (every node tried, too few answers), stale reads, failovers, and how evenly the keys
// are stored (keys per node: mean, and max over mean).
func Metrics(res *sim.Result) map[string]float64 {
	m := map[string]float64{}
	for _, op := range res.Ops {
		m["ops"]++
		if op.Returned < 0 {
			m["ops_pending"]++
			continue
		}
		r, ok := op.Output.(Result)
		if !ok {
			continue
		}
		if r.OK {
			m["ops_ok"]++
		} else {
			m["ops_failed"]++
		}
		if r.Stale {
			m["stale_reads"]++
		}
		if op.Input.(Request).Kind == OpGet {
			m["gets"]++
		}
		m["failovers"] += float64(r.Retries)
	}
	var keys []float64
	for _, n := range res.Nodes {
		if node, ok := n.(*Node); ok {
			keys = append(keys, float64(len(node.Data)))
		}
	}
	if len(keys) > 0 {
		mean := stat.Mean(keys, nil)
		m["keys_per_node_mean"] = mean
		if mean > 0 {
			top := 0.0
			for _, k := range keys {
				top = max(top, k)
			}
			m["keys_per_node_max_over_mean"] = top / mean
		}
	}
	return m
}

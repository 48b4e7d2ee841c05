package loadbalance

import (
	"fmt"
	"math"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// Setup is a balancing experiment: one balancer (node 0), servers with the given speeds
// (nodes 1 to len(Speeds)), and clients sending requests.
type Setup struct {
	Policy  Policy
	Speeds  []int
	Clients int
	// Every is how often each client sends a request of Work units; Keys is how many keys
	// requests use.
	Every time.Duration
	Work  int
	Keys  int
}

// Peers returns the simulator's peer types: "balancer", "server", "client".
func (s Setup) Peers() ([]sim.PeerType, error) {
	switch {
	case len(s.Speeds) == 0:
		return nil, fmt.Errorf("loadbalance: no servers")
	case s.Clients < 1:
		return nil, fmt.Errorf("loadbalance: clients %d: want at least 1", s.Clients)
	case s.Every <= 0 || s.Work < 1:
		return nil, fmt.Errorf("loadbalance: want a positive request interval and work")
	}
	servers := make([]model.NodeID, len(s.Speeds))
	for i, sp := range s.Speeds {
		if sp < 1 {
			return nil, fmt.Errorf("loadbalance: server %d: speed %d: want at least 1", i, sp)
		}
		servers[i] = model.NodeID(i + 1)
	}
	return []sim.PeerType{
		{Name: "balancer", Count: 1, New: func(model.NodeID) actor.Node { return NewBalancer(s.Policy, servers, s.Speeds) }},
		{Name: "server", Count: len(s.Speeds), New: func(id model.NodeID) actor.Node { return &Server{Speed: s.Speeds[id-1]} }},
		{Name: "client", Count: s.Clients, Attach: 1, New: func(model.NodeID) actor.Node {
			return &Client{Every: s.Every, Work: s.Work, Keys: s.Keys}
		}},
	}, nil
}

// Metrics returns the load-distribution metrics of a run: requests sent to each server
// (load_<i>),
// the largest load over the mean, the largest gap between a server's share of the load and
// its share of the capacity, Jain's fairness index of the loads per unit of capacity (1 is
// perfectly fair), the keys each server saw (keys_max: 1 per key under consistent hashing
// means every key sticks to one server), and response times.
func Metrics(res *sim.Result) map[string]float64 {
	m := map[string]float64{}
	var bal *Balancer
	for _, n := range res.Nodes {
		if b, ok := n.(*Balancer); ok {
			bal = b
		}
	}
	if bal == nil {
		return m
	}
	total, capacity := 0.0, 0.0
	for i, h := range bal.Assigned {
		total += float64(h)
		capacity += float64(bal.Weights[i])
		m[fmt.Sprintf("load_%d", i+1)] = float64(h)
	}
	if total == 0 {
		return m
	}
	mean := total / float64(len(bal.Assigned))
	var sum, sumSq, top, gap float64
	for i, h := range bal.Assigned {
		x := float64(h) / float64(bal.Weights[i])
		sum += x
		sumSq += x * x
		top = math.Max(top, float64(h))
		gap = math.Max(gap, math.Abs(float64(h)/total-float64(bal.Weights[i])/capacity))
	}
	m["requests"] = total
	m["max_over_mean"] = top / mean
	m["share_gap_max"] = gap
	m["jain_fairness"] = sum * sum / (float64(len(bal.Assigned)) * sumSq)
	servedBy := map[int]map[model.NodeID]bool{}
	for p, n := range res.Nodes {
		if s, ok := n.(*Server); ok {
			for k := range s.Keys {
				if servedBy[k] == nil {
					servedBy[k] = map[model.NodeID]bool{}
				}
				servedBy[k][model.NodeID(p)] = true
			}
		}
	}
	for _, by := range servedBy {
		m["keys_servers_max"] = math.Max(m["keys_servers_max"], float64(len(by)))
	}
	s := res.Summarize()
	m["response_mean_s"], m["response_p99_s"] = s.OpLatencyMean, s.OpLatencyP99
	return m
}

package routing

import (
	"context"
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
)

// Stats are the routing metrics of a run, taken at its end.
type Stats struct {
	// Routes is the number of (router, destination) pairs; Correct of them have a correct
	// route: the distance of a shortest path over the live links (or unreachable when there
	// is none), and next hops that follow live links to the destination in that many hops.
	// Loops of the wrong ones lead round in a circle.
	Routes, Correct, Loops int
	// LastEvent is when the last link failed or came back; Convergence how long after it the
	// last table changed (0 if none changed after it).
	LastEvent, Convergence time.Duration
	// MaxRoute is the longest finite route any router held in the run.
	MaxRoute int
}

// Converged reports whether every route is correct.
func (s Stats) Converged() bool { return s.Correct == s.Routes }

// Map returns the stats as the simulate command's metrics; convergence_s only if every route
// is correct at the end.
func (s Stats) Map() map[string]float64 {
	m := map[string]float64{
		"routes": float64(s.Routes), "routes_correct": float64(s.Correct), "loops": float64(s.Loops),
		"max_route": float64(s.MaxRoute), "last_link_event_s": s.LastEvent.Seconds(),
	}
	if s.Converged() {
		m["convergence_s"] = s.Convergence.Seconds()
	}
	return m
}

// Measure judges the routers' tables at the end of a run whose links failed as failures say.
func Measure(res *sim.Result, failures []sim.LinkFailure) Stats {
	var st Stats
	end := res.Duration
	n := len(res.Nodes)
	live := func(a, b model.NodeID) bool {
		for _, f := range failures {
			if f.Down(a, b, end) {
				return false
			}
		}
		return true
	}
	adj := make([][]model.NodeID, n)
	for i := range n {
		if i < len(res.Peers) {
			for _, p := range res.Peers[i].Peers {
				if live(model.NodeID(i), p) {
					adj[i] = append(adj[i], p)
				}
			}
		}
	}
	for _, f := range failures {
		if f.Start > end {
			continue // the run stopped before
		}
		st.LastEvent = max(st.LastEvent, f.Start)
		if f.End != 0 && f.End <= end {
			st.LastEvent = max(st.LastEvent, f.End)
		}
	}
	routers := make([]Router, n)
	for i, node := range res.Nodes {
		r, ok := node.(Router)
		if !ok {
			continue
		}
		routers[i] = r
		st.MaxRoute = max(st.MaxRoute, r.MaxRoute())
		st.Convergence = max(st.Convergence, r.LastChange()-st.LastEvent)
	}
	for s, r := range routers {
		if r == nil {
			continue
		}
		want := hops(adj, model.NodeID(s))
		for d := range n {
			st.Routes++
			ok, loop := follow(routers, adj, model.NodeID(s), model.NodeID(d), want[d], r.Unreachable())
			if ok {
				st.Correct++
			}
			if loop {
				st.Loops++
			}
		}
	}
	return st
}

// hops returns the hop counts from s over adj (-1: unreachable).
func hops(adj [][]model.NodeID, s model.NodeID) []int {
	dist := make([]int, len(adj))
	for i := range dist {
		dist[i] = -1
	}
	dist[s] = 0
	queue := []model.NodeID{s}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, v := range adj[u] {
			if dist[v] < 0 {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return dist
}

// follow checks s's route to d: its distance is want (or unreachable if want < 0), and the
// next hops lead there along live links in want hops. loop reports next hops that circle.
func follow(routers []Router, adj [][]model.NodeID, s, d model.NodeID, want, inf int) (ok, loop bool) {
	_, dist := routers[s].Table()
	if want < 0 {
		return dist[d] >= inf, false
	}
	if dist[d] != want {
		return false, false
	}
	seen := map[model.NodeID]bool{}
	at := s
	for steps := 0; at != d; steps++ {
		if seen[at] {
			return false, true
		}
		seen[at] = true
		if routers[at] == nil {
			return false, false
		}
		next, _ := routers[at].Table()
		nx := next[d]
		if nx < 0 || !contains(adj[at], nx) || steps >= want {
			return false, false
		}
		at = nx
	}
	return true, false
}

func contains(xs []model.NodeID, x model.NodeID) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Experiment is a whole run of routers, for tests: which router, the overlay, the latency
// and the link failures.
type Experiment struct {
	// LinkState runs link-state routers; otherwise distance-vector ones.
	LinkState bool
	Config    Config
	Nodes     int
	Topology  sim.Topology
	Latency   sim.Dist
	Failures  []sim.LinkFailure
	Duration  time.Duration
	Seed      uint64
	// Judge judges Properties after every step; a violation stops the run.
	Judge bool
}

// New returns the router of the experiment.
func (e Experiment) New() (func(model.NodeID) actor.Node, error) {
	catalog := DVCatalog
	if e.LinkState {
		catalog = LSCatalog
	}
	if err := e.Config.Validate(catalog); err != nil {
		return nil, err
	}
	if e.LinkState {
		return func(model.NodeID) actor.Node { return NewLinkState(e.Config) }, nil
	}
	return func(model.NodeID) actor.Node { return NewDV(e.Config) }, nil
}

// Run runs the experiment and measures it.
func (e Experiment) Run(ctx context.Context) (Stats, *sim.Result, error) {
	newRouter, err := e.New()
	if err != nil {
		return Stats{}, nil, err
	}
	cfg := sim.Config{
		Seed: e.Seed, Duration: e.Duration, Topology: e.Topology, Latency: e.Latency, LinkFailures: e.Failures,
		Types: []sim.PeerType{{Name: "router", Count: e.Nodes, New: newRouter}},
	}
	if e.Judge {
		cfg.Props = Properties()
	}
	res, err := sim.Simulate(ctx, cfg)
	if err != nil {
		return Stats{}, res, fmt.Errorf("routing: %w", err)
	}
	return Measure(res, e.Failures), res, nil
}

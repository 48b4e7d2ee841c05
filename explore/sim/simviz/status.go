// Package simviz draws a simulation's cluster (package explore/sim) as it was at chosen times —
// each peer's status: leader, candidate, follower, down, its side of a partition — as SVG, and
// the whole run as one self-contained HTML page with a slider and a play button that step
// through time. Both are written by hand, not through a plotting library, so that the same
// run gives the same bytes and a test can read each peer's status back from the SVG.
package simviz

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
)

// Status is one peer's state at a time.
type Status struct {
	Peer            int
	Name            string
	Client          bool
	Malicious       bool
	Down            bool
	Role            string // the role its harness last reported ("" if none)
	Term            int
	Side            int   // its group in the partition under way, -1 if none
	Committed       int   // commands it has committed so far
	Sent            int64 // messages it sent in the traffic bucket holding t (sim.Result.Bucket)
	LeaderOfCluster bool  // it is the cluster's leader (see sim.ConsensusSummary.Leaders)
}

// Kind is the one word the drawings colour the peer by: down, leader, candidate, follower,
// client, malicious or up.
func (s Status) Kind() string {
	switch {
	case s.Down:
		return "down"
	case s.Client:
		return "client"
	case s.Malicious:
		return "malicious"
	case s.Role == "leader" || s.Role == "primary":
		return "leader"
	case s.Role == "candidate":
		return "candidate"
	case s.Role != "":
		return "follower"
	}
	return "up"
}

// downAt reports whether info was down at t; a window that lasts to the end of the run
// (end) still holds at the end.
func downAt(info *sim.PeerInfo, t, end time.Duration) bool {
	for _, w := range info.Down {
		if t >= w.Start && (t < w.End || w.End >= end && t >= end) {
			return true
		}
	}
	return false
}

// StatusAt returns every peer's status at time t: what had happened up to and including t.
func StatusAt(res *sim.Result, t time.Duration) []Status {
	out := make([]Status, len(res.Peers))
	for p := range res.Peers {
		info := &res.Peers[p]
		out[p] = Status{Peer: p, Name: "n" + strconv.Itoa(p), Client: info.Client, Malicious: info.Malicious,
			Down: downAt(info, t, res.Duration), Side: -1}
	}
	for _, rc := range res.Roles {
		if rc.At > t {
			break
		}
		out[rc.Peer].Role, out[rc.Peer].Term = rc.Role, rc.Term
	}
	for _, c := range res.Commits {
		if c.At <= t {
			out[c.Peer].Committed++
		}
	}
	if res.Bucket > 0 {
		if b := int(t / res.Bucket); b < len(res.Traffic) {
			for p, tr := range res.Traffic[b] {
				if p < len(out) {
					out[p].Sent = tr.MsgsOut
				}
			}
		}
	}
	for _, pt := range res.Partitions {
		if t < pt.Start || t >= pt.End {
			continue
		}
		for g, ids := range pt.Groups {
			for _, id := range ids {
				if int(id) < len(out) {
					out[id].Side = g
				}
			}
		}
	}
	if c := res.Consensus(); c != nil {
		for _, l := range c.Leaders {
			if s := t.Seconds(); s >= l.Start && (s < l.End || l.End >= res.Duration.Seconds()) && int(l.Peer) < len(out) {
				out[l.Peer].LeaderOfCluster = true
			}
		}
	}
	return out
}

// FaultTimes returns the times something scheduled changed — a peer going down or coming
// back, a partition starting or ending — in order, each once, before the end of the run.
func FaultTimes(res *sim.Result) []time.Duration {
	var ts []time.Duration
	add := func(t time.Duration) {
		if t >= 0 && t < res.Duration {
			ts = append(ts, t)
		}
	}
	for _, info := range res.Peers {
		for _, w := range info.Down {
			add(w.Start)
			add(w.End)
		}
	}
	for _, pt := range res.Partitions {
		add(pt.Start)
		add(pt.End)
	}
	slices.Sort(ts)
	return slices.Compact(ts)
}

// DefaultTimes are the times drawn when none are chosen: each fault time (FaultTimes) and the
// end; when there are more than max fault times (random downtime, say), max evenly spaced
// times instead.
func DefaultTimes(res *sim.Result, max int) []time.Duration {
	ts := FaultTimes(res)
	if len(ts) > max {
		ts = ts[:0]
		for k := 1; k <= max; k++ {
			ts = append(ts, res.Duration*time.Duration(k)/time.Duration(max+1))
		}
	}
	return append(ts, res.Duration)
}

// layout places the peers: the servers (or overlay peers) on a circle, clients in a row
// below it. It returns the positions in an area of width w and height h.
func layout(res *sim.Result, w, h float64) [][2]float64 {
	pos := make([][2]float64, len(res.Peers))
	var ring, clients []int
	for p := range res.Peers {
		if res.Peers[p].Client {
			clients = append(clients, p)
		} else {
			ring = append(ring, p)
		}
	}
	cy := h / 2
	if len(clients) > 0 {
		cy = (h - 50) / 2
	}
	r := math.Min(w, 2*cy) / 2 * 0.72
	for k, p := range ring {
		a := -math.Pi/2 + 2*math.Pi*float64(k)/float64(len(ring))
		pos[p] = [2]float64{round1(w/2 + r*math.Cos(a)), round1(cy + r*math.Sin(a))}
	}
	for k, p := range clients {
		pos[p] = [2]float64{round1(w * float64(k+1) / float64(len(clients)+1)), round1(h - 25)}
	}
	return pos
}

// round1 rounds to a tenth, so that the drawings' numbers are short and stable.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// edges are the overlay's links among the peers that are not clients, each once (a < b).
func edges(res *sim.Result) [][2]int {
	var out [][2]int
	for a := range res.Peers {
		if res.Peers[a].Client {
			continue
		}
		for _, b := range res.Peers[a].Peers {
			if int(b) > a && int(b) < len(res.Peers) && !res.Peers[b].Client {
				out = append(out, [2]int{a, int(b)})
			}
		}
	}
	slices.SortFunc(out, func(x, y [2]int) int {
		if x[0] != y[0] {
			return x[0] - y[0]
		}
		return x[1] - y[1]
	})
	return slices.Compact(out)
}

// Colours of the kinds of status, and of the sides of a partition.
var (
	kindColor = map[string]string{
		"leader": "#d62728", "candidate": "#ff7f0e", "follower": "#1f77b4", "up": "#1f77b4",
		"down": "#999999", "client": "#2ca02c", "malicious": "#9467bd",
	}
	sideColor = []string{"#8c564b", "#17becf", "#bcbd22", "#e377c2"}
)

// sideName names partition side g: A, B, C, ...
func sideName(g int) string { return fmt.Sprintf("%c", 'A'+g%26) }

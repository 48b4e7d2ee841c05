package maekawa

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/mutex"
)

// Messages of the algorithm. Each carries the timestamp of the request it is about, so that a
// node can tell its requests apart.
type (
	// Request asks a voter for its vote.
	Request struct{ TS clocks.Lamport }
	// Locked is a voter's vote for the request.
	Locked struct{ TS clocks.Lamport }
	// Release gives the vote back after the critical section.
	Release struct{ TS clocks.Lamport }
	// Failed tells a requester that its request is queued behind an earlier one.
	Failed struct{ TS clocks.Lamport }
	// Inquire asks the requester the voter voted for whether it can give the vote back.
	Inquire struct{ TS clocks.Lamport }
	// Relinquish gives a vote back before entering, in answer to an Inquire.
	Relinquish struct{ TS clocks.Lamport }
)

// The timers of a node.
const (
	// WantTimer: the node wants the critical section.
	WantTimer = "want"
	// ExitTimer: the node leaves the critical section.
	ExitTimer = "exit"
)

// The named buggy variants.
const (
	// BugNoInquire is Figure 15.6 of Coulouris et al. alone, without deadlock avoidance.
	BugNoInquire bugs.Bug = "no-inquire"
	// BugExcludeSelf leaves each node out of its own voting set.
	BugExcludeSelf bugs.Bug = "exclude-self"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "maekawa", Variants: []bugs.Variant{
	{Bug: BugNoInquire, Summary: "the textbook's voting algorithm without Failed, Inquire and Relinquish (default flags: each votes for itself and waits, deadlock, EveryoneEnters)"},
	{Bug: BugExcludeSelf, Summary: "a node leaves itself out of its voting set, which no longer meet (default flags: two inside, MutualExclusion)"},
}}

// Node is a node: a requester, and a voter for the nodes whose voting sets hold it.
type Node struct {
	// Requester side: State is where the node is with respect to the critical section.
	State mutex.State
	// Clock is the node's Lamport clock; ReqTS the timestamp of its current request.
	Clock, ReqTS clocks.Lamport
	// Set is the node's voting set; Votes[j], that voter j voted for the current request.
	Set   []model.NodeID
	Votes []bool
	// Failed says a voter told the current request Failed; Inquired[j], that voter j's Inquire
	// awaits an answer.
	Failed   bool
	Inquired []bool

	// Voter side.
	// For is the node this node voted for, or model.NoNode, and ForTS that request's timestamp.
	For   model.NodeID
	ForTS clocks.Lamport
	// Queue[i] is the timestamp of node i's queued request, 0 for none; Told[i], that it was
	// told Failed.
	Queue []clocks.Lamport
	Told  []bool
	// Asked says an Inquire to For is unanswered.
	Asked bool

	// Left is how many more times the node will want the critical section; Entered counts its
	// entries.
	Left, Entered int
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets a node that has entries left want the critical section.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(WantTimer, 0)
	}
}

// Timeout asks the voting set for its votes, or leaves the critical section and releases them.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == WantTimer && n.State == mutex.Released:
		n.State = mutex.Wanted
		n.ReqTS = n.Clock.Send()
		n.Failed = false
		clear(n.Votes)
		clear(n.Inquired)
		for _, v := range n.Set {
			ctx.Send(v, Request{TS: n.ReqTS})
		}
	case t == ExitTimer && n.State == mutex.Held:
		n.State = mutex.Released
		for _, v := range n.Set {
			ctx.Send(v, Release{TS: n.ReqTS})
		}
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(WantTimer, 0)
		}
	}
}

// Handle plays the requester's part for votes, Failed and Inquire, and the voter's for
// requests, releases and relinquished votes.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Request:
		n.Clock.Receive(m.TS)
		n.request(ctx, from, m.TS)
	case Release:
		if n.For == from && n.ForTS == m.TS {
			n.For = model.NoNode
			n.grant(ctx)
		}
	case Relinquish:
		if n.For == from && n.ForTS == m.TS {
			n.Queue[from], n.Told[from] = m.TS, true
			n.For = model.NoNode
			n.grant(ctx)
		}
	case Locked:
		if n.State == mutex.Wanted && m.TS == n.ReqTS {
			n.Votes[from] = true
			n.tryEnter(ctx)
		}
	case Failed:
		if n.State == mutex.Wanted && m.TS == n.ReqTS {
			n.Failed = true
			n.relinquish(ctx)
		}
	case Inquire:
		if n.State == mutex.Wanted && m.TS == n.ReqTS && n.Votes[from] {
			n.Inquired[from] = true
			n.relinquish(ctx)
		}
	}
}

// request votes for node from's request stamped ts, or queues it.
func (n *Node) request(ctx actor.Context, from model.NodeID, ts clocks.Lamport) {
	if n.For == model.NoNode {
		n.For, n.ForTS, n.Asked = from, ts, false
		ctx.Send(from, Locked{TS: ts})
		return
	}
	n.Queue[from], n.Told[from] = ts, false
	if n.Bug == BugNoInquire {
		return
	}
	// Tell Failed to every queued request behind an earlier one, this one or not.
	for i, q := range n.Queue {
		if q != 0 && !n.Told[i] && !n.earliest(model.NodeID(i), q) {
			n.Told[i] = true
			ctx.Send(model.NodeID(i), Failed{TS: q})
		}
	}
	if !n.Asked && clocks.Before(ts, from, n.ForTS, n.For) {
		n.Asked = true
		ctx.Send(n.For, Inquire{TS: n.ForTS})
	}
}

// earliest reports whether request (ts, i) comes before the voted-for request and every queued
// one.
func (n *Node) earliest(i model.NodeID, ts clocks.Lamport) bool {
	if !clocks.Before(ts, i, n.ForTS, n.For) {
		return false
	}
	for j, q := range n.Queue {
		if q != 0 && model.NodeID(j) != i && !clocks.Before(ts, i, q, model.NodeID(j)) {
			return false
		}
	}
	return true
}

// grant votes for the earliest queued request, if any.
func (n *Node) grant(ctx actor.Context) {
	best := model.NoNode
	for i, q := range n.Queue {
		if q != 0 && (best == model.NoNode || clocks.Before(q, model.NodeID(i), n.Queue[best], best)) {
			best = model.NodeID(i)
		}
	}
	if best == model.NoNode {
		return
	}
	n.For, n.ForTS, n.Asked = best, n.Queue[best], false
	n.Queue[best], n.Told[best] = 0, false
	ctx.Send(best, Locked{TS: n.ForTS})
}

// relinquish gives back, once told Failed, every vote whose voter inquired.
func (n *Node) relinquish(ctx actor.Context) {
	if !n.Failed {
		return
	}
	for j, q := range n.Inquired {
		if q {
			n.Inquired[j], n.Votes[j] = false, false
			ctx.Send(model.NodeID(j), Relinquish{TS: n.ReqTS})
		}
	}
}

// tryEnter enters once every voter of the set voted for the current request.
func (n *Node) tryEnter(ctx actor.Context) {
	for _, v := range n.Set {
		if !n.Votes[v] {
			return
		}
	}
	n.State = mutex.Held
	n.Entered++
	clear(n.Inquired)
	ctx.SetTimer(ExitTimer, 0)
}

// String shows the node as requester and voter, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("%s clock %d", n.State, n.Clock)
	if n.State == mutex.Wanted {
		s += fmt.Sprintf(" (asked at %d, votes", n.ReqTS)
		for j, v := range n.Votes {
			if v {
				s += fmt.Sprintf(" n%d", j)
			}
		}
		if n.Failed {
			s += ", failed"
		}
		s += ")"
	}
	if n.For != model.NoNode {
		s += fmt.Sprintf(", votes for n%d@%d", n.For, n.ForTS)
	}
	for i, q := range n.Queue {
		if q != 0 {
			s += fmt.Sprintf(", queues n%d@%d", i, q)
		}
	}
	return s + fmt.Sprintf(", entered %d", n.Entered)
}

// VotingSets returns the voting sets of n nodes (2 to 7): any two share a node. With
// excludeSelf, each node is left out of its own (BugExcludeSelf). For 7 nodes they are the
// lines of the Fano plane, Maekawa's own example of sets of size K = 3 with K(K−1)+1 = N (each
// node in its own set); for 5 and 6, each node's set is itself and the next ⌊n/2⌋ nodes round
// the ring, a majority, so any two meet.
func VotingSets(n int, excludeSelf bool) [][]model.NodeID {
	var sets [][]model.NodeID
	switch n {
	case 2:
		sets = [][]model.NodeID{{0, 1}, {0, 1}}
	case 3:
		sets = [][]model.NodeID{{0, 1}, {1, 2}, {0, 2}}
	case 4: // the 2×2 grid 0 1 / 2 3: a node's row and column
		sets = [][]model.NodeID{{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}}
	case 5, 6:
		for i := range n {
			var set []model.NodeID
			for k := range n/2 + 1 {
				set = append(set, model.NodeID((i+k)%n))
			}
			slices.Sort(set)
			sets = append(sets, set)
		}
	case 7: // the lines {i, i+1, i+3} mod 7 of the Fano plane
		for i := range n {
			set := []model.NodeID{model.NodeID(i), model.NodeID((i + 1) % 7), model.NodeID((i + 3) % 7)}
			slices.Sort(set)
			sets = append(sets, set)
		}
	}
	if excludeSelf {
		for i, s := range sets {
			var out []model.NodeID
			for _, v := range s {
				if v != model.NodeID(i) {
					out = append(out, v)
				}
			}
			sets[i] = out
		}
	}
	return sets
}

// Config configures a system (mutex.Config): Nodes is 2 to 7, the sizes VotingSets knows.
type Config = mutex.Config

// New returns the system of Maekawa's algorithm for cfg, on FIFO channels.
func New(cfg Config) (*actor.System, error) {
	if err := cfg.Check(Catalog, 7); err != nil {
		return nil, err
	}
	sets := VotingSets(cfg.Nodes, cfg.Bug == BugExcludeSelf)
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{
			Set: sets[i], Votes: make([]bool, cfg.Nodes), Inquired: make([]bool, cfg.Nodes),
			For: model.NoNode, Queue: make([]clocks.Lamport, cfg.Nodes), Told: make([]bool, cfg.Nodes),
			Left: cfg.EntriesOf(i), Bug: cfg.Bug,
		}
	}
	return &actor.System{
		Protocol: "maekawa",
		Params:   actor.TraceParams(cfg.Params(), string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Network:  actor.Ordered,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    mutex.Properties(cfg.Total()),
	}, nil
}

// InCriticalSection reports whether the node holds the critical section.
func (n *Node) InCriticalSection() bool { return n.State == mutex.Held }

// Entries counts the node's entries into the critical section.
func (n *Node) Entries() int { return n.Entered }

package mutex

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Config configures a system of peers that take turns in the critical section: the
// configuration of every peer-to-peer algorithm of the library (Ricart–Agrawala, Lamport's,
// Maekawa's, the token ring).
type Config struct {
	// Nodes is the number of nodes (at least 2; an algorithm may allow fewer than any number).
	Nodes int
	// Entries is how many times each node enters the critical section (at least 1).
	Entries int
	// Requesters is how many nodes want the critical section: the first Requesters nodes; the
	// others only take their part in the algorithm (reply, vote, pass the token on). Zero means
	// every node. Fewer requesters keep larger systems within an exhaustive search.
	Requesters int
	// Faults are the fault budgets. The algorithms tolerate none; they are there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Check checks c against the algorithm's catalog of bugs and a bound on the nodes: at least 2,
// at most maxNodes unless it is 0.
func (c Config) Check(catalog bugs.Catalog, maxNodes int) error {
	nodes := setup.AtLeast("nodes", c.Nodes, 2)
	if maxNodes > 0 {
		nodes = setup.Between("nodes", c.Nodes, 2, maxNodes)
	}
	return setup.Check(catalog, c.Bug, c.Faults, nodes, setup.AtLeast("entries", c.Entries, 1),
		setup.Between("requesters", c.Requesters, 0, c.Nodes, "0 means every node"))
}

// EntriesOf returns how many times node i enters the critical section: Entries for a
// requester, 0 for the others.
func (c Config) EntriesOf(i int) int {
	if c.Requesters > 0 && i >= c.Requesters {
		return 0
	}
	return c.Entries
}

// Total returns how many entries the nodes make in all, which EveryoneEnters awaits.
func (c Config) Total() int {
	if c.Requesters > 0 {
		return c.Requesters * c.Entries
	}
	return c.Nodes * c.Entries
}

// Params returns the configuration's parameters for a trace: nodes, entries, and requesters
// when not every node requests.
func (c Config) Params() map[string]int {
	p := map[string]int{"nodes": c.Nodes, "entries": c.Entries}
	if c.Requesters > 0 {
		p["requesters"] = c.Requesters
	}
	return p
}

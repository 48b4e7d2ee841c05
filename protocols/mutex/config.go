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
	return setup.Check(catalog, c.Bug, c.Faults, nodes, setup.AtLeast("entries", c.Entries, 1))
}

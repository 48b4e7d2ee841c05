package rafttest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/raft"
)

// Scenario is one configuration the suite explores: a number of servers, bounds, faults, and a
// search — breadth-first (exhaustive, or bounded by Depth) or random walks.
type Scenario struct {
	// Name names the scenario in the summary and in the counterexamples' directory; it must
	// not contain a slash.
	Name string
	// Nodes, MaxTerm and Commands size the system (see raft.Config).
	Nodes, MaxTerm, Commands int
	// Faults are the fault budgets.
	Faults actor.Faults
	// Walks, if positive, makes the search random: that many seeded walks of at most Depth
	// states each (ShortWalks under go test -short, if positive).
	Walks, ShortWalks int64
	// Strategy is the sampled strategy of the walks (explore.Swarm, say); zero means uniform
	// random walks.
	Strategy explore.Strategy
	// Depth bounds a breadth-first search (0: exhaustive) or each random walk (counting the
	// initial state).
	Depth int
	// MaxStates bounds a breadth-first search, so that an implementation with a larger state
	// space than expected ends in time; a search that reaches it says it was not exhaustive.
	// 0 means conformance.DefaultMaxStates.
	MaxStates int64
	// Symmetry searches one state per orbit of the interchangeable servers (see
	// conformance.Scenario.Symmetry): what makes five servers fit in an exhaustive search.
	Symmetry bool
	// Deterministic checks that every server is deterministic, by running each step twice
	// (conformance.CheckDeterminism sets it in every scenario).
	Deterministic bool
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: three servers,
// exhaustively, with crash-recovery and lost messages; with four lost messages over three terms
// (enough for Figure 8); across a partition, to a depth of 12 steps; two client commands among
// three servers in 20,000 swarm walks (4,000 with -short) with losses and a partition, so that
// followers' consistency checks meet logs of two entries; five servers in 10,000 PCT walks
// (2,000 with -short) with crashes, recoveries, losses and a partition — PCT, the strategy that
// found the deep bugs of the README's strategy table most reliably; and, last, five servers and
// two commands with a crash and a recovery, exhaustively under symmetry reduction (71,877
// orbits for 6.2 million states), where a quorum of two out of five is a lost commit on some
// path rather than on a lucky walk. Every named bug of package raft fails at least one of them.
func Scenarios() []Scenario {
	const budget = 3_000_000
	return []Scenario{
		{Name: "crash-recovery", Nodes: 3, MaxTerm: 2, Commands: 1, MaxStates: budget,
			Faults: actor.Faults{Crashes: 1, Recoveries: 1, Drops: 2, LoseWhileDown: true}},
		{Name: "lost-messages", Nodes: 3, MaxTerm: 3, Commands: 1, MaxStates: budget,
			Faults: actor.Faults{Drops: 4}},
		{Name: "partition", Nodes: 3, MaxTerm: 2, Commands: 1, Depth: 13, MaxStates: budget,
			Faults: actor.Faults{Partitions: 1}},
		{Name: "two-commands", Nodes: 3, MaxTerm: 3, Commands: 2, Walks: 20_000, ShortWalks: 4_000, Depth: 80,
			Strategy: explore.Swarm, Faults: actor.Faults{Drops: 2, Partitions: 1}},
		{Name: "random-5", Nodes: 5, MaxTerm: 3, Commands: 2, Walks: 10_000, ShortWalks: 2_000, Depth: 60,
			Strategy: explore.PCT,
			Faults:   actor.Faults{Crashes: 2, Recoveries: 2, Drops: 2, Partitions: 1, LoseWhileDown: true}},
		{Name: "five-servers", Nodes: 5, MaxTerm: 2, Commands: 2, Symmetry: true, MaxStates: 500_000,
			Faults: actor.Faults{Crashes: 1, Recoveries: 1, LoseWhileDown: true}},
	}
}

var errNoPeer = errors.New("Implementation.NewPeer is nil")

// vacuous returns the properties the scenario cannot exercise: with fewer than two commands
// no log holds two entries, so LogMatching — about the entries before a matching one — holds
// whatever the servers do, and followers' consistency checks are never put to the test.
func (sc Scenario) vacuous() []string {
	if sc.Commands < 2 {
		return []string{raft.LogMatching}
	}
	return nil
}

func (sc Scenario) config() raft.Config {
	return raft.Config{Nodes: sc.Nodes, MaxTerm: sc.MaxTerm, Commands: sc.Commands, Faults: sc.Faults}
}

// validate checks what is Raft's in the scenario: its configuration and its search's bounds.
// (Package conformance checks the names.)
func (sc Scenario) validate() error {
	if sc.Walks < 0 || sc.ShortWalks < 0 || sc.Depth < 0 || sc.MaxStates < 0 {
		return fmt.Errorf("scenario %q: Walks, ShortWalks, Depth and MaxStates must be ≥ 0", sc.Name)
	}
	if err := sc.config().Validate(); err != nil {
		return fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	return nil
}

// scenario returns sc as a scenario of package conformance, whose systems are of the servers
// newPeer makes.
func (sc Scenario) scenario(newPeer NewPeer) conformance.Scenario {
	walks := sc.Walks
	if testing.Short() && sc.ShortWalks > 0 {
		walks = sc.ShortWalks
	}
	return conformance.Scenario{
		Name: sc.Name, Doc: sc.describe(),
		Random: sc.Walks > 0, Strategy: sc.Strategy, Walks: walks, Depth: sc.Depth, MaxStates: sc.MaxStates,
		Deterministic: sc.Deterministic, Symmetry: sc.Symmetry,
		Vacuous: sc.vacuous(),
		Build: func() (*actor.System, error) {
			cfg := sc.config()
			cfg.NewPeer = newPeer
			sys, err := raft.New(cfg)
			if err == nil && sc.Symmetry && sys.Symmetry == nil {
				// The suite vouches that servers are interchangeable (package raft declares it
				// for its own only); the system checks that they are, up to their IDs.
				servers := make([]model.NodeID, sc.Nodes)
				for i := range servers {
					servers[i] = model.NodeID(i)
				}
				sys.Symmetry = [][]model.NodeID{servers}
			}
			return sys, err
		},
	}
}

// describe says in a line what the scenario explores, e.g. "3 servers, max-term 2, 1
// command, crashes=1 drops=2 lose-while-down=true recoveries=1".
func (sc Scenario) describe() string {
	s := fmt.Sprintf("%d servers, max-term %d, %d command", sc.Nodes, sc.MaxTerm, sc.Commands)
	if sc.Commands != 1 {
		s += "s"
	}
	faults := sc.Faults.Params()
	if len(faults) == 0 {
		return s + ", no faults"
	}
	var parts []string
	for _, k := range actor.FaultParamNames() {
		if v, ok := faults[k]; ok {
			parts = append(parts, k+"="+v)
		}
	}
	return s + ", " + strings.Join(parts, " ")
}

package ratest

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/mutex"
	"github.com/distcheck/distcheck/protocols/ricartagrawala"
)

// Node is what the suite checks of a node: a deterministic actor.Node that says whether it
// holds the critical section and how many times it has entered it (mutex.Participant).
type Node = mutex.Participant

// NodeConfig is what a node is made with.
type NodeConfig struct {
	// ID is the node's own ID (also ctx.ID()); Nodes are every node's, its own included, in
	// order (also ctx.Nodes()).
	ID    model.NodeID
	Nodes []model.NodeID
	// Entries is how many times the node wants the critical section, one after the other.
	Entries int
}

// Report is the graded outcome of Run, package conformance's.
type Report = conformance.Report

// Implementation is a Ricart–Agrawala implementation to check: its name, for the summary
// ("ratest: <name>: 17/17 checks passed") and the protocol its counterexamples record
// ("ratest/<name>"), and the constructor of its nodes.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewNode makes the node of cfg.ID. It is called afresh for every system the suite
	// builds.
	NewNode func(cfg NodeConfig) Node
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err error // Buggy's, for a bug package ricartagrawala does not have
}

// Reference returns the project's own nodes, package ricartagrawala's, named "reference".
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package ricartagrawala's nodes with the named bug, named after it (bugs.None
// gives Reference). Run fails the test at once if the package has no such bug.
func Buggy(bug bugs.Bug) Implementation {
	return Implementation{Name: cmp.Or(string(bug), "reference"), err: ricartagrawala.Catalog.Check(bug),
		NewNode: func(c NodeConfig) Node {
			sys, err := ricartagrawala.New(ricartagrawala.Config{Nodes: len(c.Nodes), Entries: c.Entries, Bug: bug})
			if err != nil {
				return nil // Run reports the missing node
			}
			return sys.Nodes[c.ID].(*ricartagrawala.Node)
		}}
}

// Scenario is one system the suite explores: Nodes nodes that each want the critical section
// Entries times, on a reliable asynchronous network, and how it is searched — its name, doc,
// bounds and strategy, as package conformance has them (Build is ignored: Run sets it).
type Scenario struct {
	conformance.Scenario
	Nodes, Entries int
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: two
// nodes entering twice each and three entering once, exhaustively (231 and 6,518 states with
// the reference); three entering twice, in PCT walks under three seeds, and four entering
// once, in swarm walks under two seeds (each 2,000 walks; 400 with go test -short). No
// scenario has faults: the algorithm tolerates none, neither a crash nor a lost message.
func Scenarios() []Scenario {
	sampled := func(name, doc string, nodes, entries int, strategy explore.Strategy, seeds int) Scenario {
		return Scenario{Nodes: nodes, Entries: entries, Scenario: conformance.Scenario{Name: name, Doc: doc,
			Random: true, Strategy: strategy, Seeds: seeds, Walks: conformance.Sampled(2_000), Depth: 100,
			Limits: []string{"no faults: the algorithm tolerates none"}}}
	}
	return []Scenario{
		{Nodes: 2, Entries: 2, Scenario: conformance.Scenario{Name: "two-nodes", Deterministic: true,
			Doc: "two nodes want the critical section twice each, at any moment (exhaustive)"}},
		{Nodes: 3, Entries: 1, Scenario: conformance.Scenario{Name: "three-nodes",
			Doc: "three nodes want it once each: requests cross and meet a node in every state (exhaustive)"}},
		sampled("three-nodes-twice", "three nodes want it twice each: later requests meet clocks that earlier ones advanced (PCT walks, three seeds)",
			3, 2, explore.PCT, 3),
		sampled("four-nodes", "four nodes want it once each (swarm walks, two seeds)", 4, 1, explore.Swarm, 2),
	}
}

// name is the suite's name, which starts its summary.
const name = "ratest"

var jsonFlag = flag.String("ratest.json", "", "write ratest.Run's graded summary as JSON to this file")

var errNoNode = errors.New("Implementation.NewNode is nil")

// Run checks impl's nodes against mutual exclusion's properties — MutualExclusion (always),
// EveryoneEnters (eventually, under weak fairness) and Entered (sometimes), package mutex's —
// and that no node panics, in each scenario, with package conformance's runner: it replays
// the counterexamples saved by earlier runs first; fails t for each property violated, with a
// sequence diagram and the command that replays it; prints the graded summary to t's log (and
// to conformance.Output's writer); writes it as JSON if asked (conformance.JSON,
// -ratest.json); and returns it. An implementation without NewNode, or a scenario that is
// not valid, fails t at once.
//
//	func TestRicartAgrawala(t *testing.T) {
//		ratest.Run(t, ratest.Implementation{NewNode: mypkg.NewNode})
//	}
func Run(t testing.TB, impl Implementation, opts ...conformance.Option) *Report {
	t.Helper()
	return conformance.RunNamed(t, name, impl.Name, *jsonFlag, impl.suite, opts...)
}

// suite returns the suite of impl's scenarios, whose systems are of impl's nodes, with impl
// named implName.
func (impl Implementation) suite(implName string) (conformance.Suite, error) {
	impl.Name = implName
	switch {
	case impl.err != nil:
		return conformance.Suite{}, impl.err
	case impl.NewNode == nil:
		return conformance.Suite{}, errNoNode
	}
	return conformance.NewSuite(name, impl.Name, impl.Scenarios, Scenarios(), func(sc Scenario) (conformance.Scenario, error) {
		if sc.Nodes < 2 || sc.Entries < 1 {
			return conformance.Scenario{}, fmt.Errorf("scenario %q: %d nodes entering %d times: want at least 2 nodes and 1 entry", sc.Name, sc.Nodes, sc.Entries)
		}
		c := sc.Scenario
		c.Build = func() (*actor.System, error) { return sc.build(impl) }
		return c, nil
	})
}

// build returns the scenario's system of impl's nodes.
func (sc Scenario) build(impl Implementation) (*actor.System, error) {
	ids := make([]model.NodeID, sc.Nodes)
	for i := range ids {
		ids[i] = model.NodeID(i)
	}
	nodes, err := conformance.Nodes(sc.Nodes, func(id model.NodeID) Node {
		return impl.NewNode(NodeConfig{ID: id, Nodes: ids, Entries: sc.Entries})
	})
	if err != nil {
		return nil, err
	}
	return &actor.System{
		Protocol: name + "/" + impl.Name,
		Params:   actor.TraceParams(map[string]int{"nodes": sc.Nodes, "entries": sc.Entries}, "", actor.Faults{}, actor.Byzantine{}),
		Nodes:    nodes,
		Fair:     model.FairActions,
		Props:    mutex.Properties(sc.Nodes * sc.Entries),
	}, nil
}

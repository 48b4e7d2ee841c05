package ringtest

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"slices"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/ringelection"
)

// Node is what the suite checks of a node: a deterministic actor.Node that says which
// coordinator it knows (ringelection.Member).
type Node = ringelection.Member

// NodeConfig is what a node is made with: its place on the ring and its identifier.
type NodeConfig struct {
	// Index is the node's ID in the system (also ctx.ID()): the ring is 0 → 1 → ... → 0.
	Index model.NodeID
	// ID is the node's identifier, positive and unlike every other node's: the ring elects
	// the largest. It is not Index.
	ID int
	// Next is the node's successor on the ring, the one node it sends to.
	Next model.NodeID
	// Starts says the node may start an election, at any moment: it sets a timer in Init and
	// starts when the timer fires. A node that may not start only takes part in the
	// elections of others.
	Starts bool
}

// Report is the graded outcome of Run, package conformance's.
type Report = conformance.Report

// Implementation is a ring election to check: its name, for the summary ("ringtest:
// <name>: 26/26 checks passed") and the protocol its counterexamples record
// ("ringtest/<name>"), and the constructor of its nodes.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewNode makes the node of cfg.Index. It is called afresh for every system the suite
	// builds.
	NewNode func(cfg NodeConfig) Node
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err error // Buggy's, for a bug package ringelection does not have
}

// Reference returns the project's own nodes, package ringelection's, named "reference".
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package ringelection's nodes with the named bug, named after it (bugs.None
// gives Reference). Run fails the test at once if the package has no such bug.
func Buggy(bug bugs.Bug) Implementation {
	return Implementation{Name: cmp.Or(string(bug), "reference"), err: ringelection.Catalog.Check(bug),
		NewNode: func(c NodeConfig) Node {
			return &ringelection.Node{ID: c.ID, Next: c.Next, Passive: !c.Starts, Bug: bug}
		}}
}

// Scenario is one ring the suite explores: the nodes' identifiers in ring order (node i has
// IDs[i]), and how it is searched — its name, doc, bounds and strategy, as package
// conformance has them (Build is ignored: Run sets it).
type Scenario struct {
	conformance.Scenario
	IDs []int
	// Starters are the nodes that may start an election (NodeConfig.Starts), by index; nil
	// means every node.
	Starters []model.NodeID
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: rings
// of three with identifiers decreasing and increasing along the ring, and of four with them
// mixed, any node starting at any step, exhaustively; a ring of three in which only the
// lowest identifier starts, so that the others must substitute theirs, exhaustively; and a
// ring of five in PCT walks under three seeds (2,000 walks each; 400 with go test -short). No
// scenario has faults: Chang and Roberts assume none.
func Scenarios() []Scenario {
	exhaustive := func(name, doc string, ids ...int) Scenario {
		return Scenario{IDs: ids, Scenario: conformance.Scenario{Name: name, Doc: doc + " (exhaustive)"}}
	}
	scs := []Scenario{
		exhaustive("three-descending", "three nodes, identifiers 3 2 1 along the ring: an Election travels as far as it can before it is discarded", 3, 2, 1),
		exhaustive("three-ascending", "three nodes, identifiers 1 2 3: every node but the highest replaces the Election it receives", 1, 2, 3),
		exhaustive("four-mixed", "four nodes, identifiers 3 1 4 2: elections overtake and meet participants", 3, 1, 4, 2),
		{IDs: []int{3, 2, 1}, Starters: []model.NodeID{2}, Scenario: conformance.Scenario{Name: "lowest-starts",
			Doc: "three nodes, identifiers 3 2 1, and only the lowest starts: the others must substitute their own (exhaustive)"}},
		{IDs: []int{2, 5, 1, 4, 3}, Scenario: conformance.Scenario{Name: "five-pct", Random: true, Strategy: explore.PCT,
			Seeds: 3, Walks: conformance.Sampled(2_000), Depth: 120, Limits: []string{"no faults: the algorithm assumes none"},
			Doc: "five nodes, identifiers 2 5 1 4 3 (PCT walks, three seeds)"}},
	}
	scs[0].Deterministic = true
	return scs
}

// name is the suite's name, which starts its summary.
const name = "ringtest"

var jsonFlag = flag.String("ringtest.json", "", "write ringtest.Run's graded summary as JSON to this file")

var errNoNode = errors.New("Implementation.NewNode is nil")

// Run checks impl's nodes against the ring election's properties — AtMostOneCoordinator and
// HighestElected (always), Elected (eventually, under weak fairness: every node knows the
// highest) and CoordinatorKnown (sometimes), package ringelection's — and that no node
// panics, in each scenario, with package conformance's runner: it replays the
// counterexamples saved by earlier runs first; fails t for each property violated, with a
// sequence diagram and the command that replays it; prints the graded summary to t's log (and
// to conformance.Output's writer); writes it as JSON if asked (conformance.JSON,
// -ringtest.json); and returns it. An implementation without NewNode, or a scenario that is
// not valid, fails t at once.
//
//	func TestRingElection(t *testing.T) {
//		ringtest.Run(t, ringtest.Implementation{NewNode: mypkg.NewNode})
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
		if err := sc.validate(); err != nil {
			return conformance.Scenario{}, err
		}
		c := sc.Scenario
		c.Build = func() (*actor.System, error) { return sc.build(impl) }
		return c, nil
	})
}

// validate checks the scenario's ring: at least two nodes, identifiers positive and
// distinct, starters on the ring.
func (sc Scenario) validate() error {
	if len(sc.IDs) < 2 {
		return fmt.Errorf("scenario %q: a ring of %d nodes: want at least 2", sc.Name, len(sc.IDs))
	}
	for i, id := range sc.IDs {
		if id <= 0 || slices.Index(sc.IDs, id) != i {
			return fmt.Errorf("scenario %q: identifiers %v are not positive and distinct", sc.Name, sc.IDs)
		}
	}
	for _, i := range sc.Starters {
		if int(i) < 0 || int(i) >= len(sc.IDs) {
			return fmt.Errorf("scenario %q: starter %d is not a node of a ring of %d", sc.Name, i, len(sc.IDs))
		}
	}
	return nil
}

// build returns the scenario's ring of impl's nodes.
func (sc Scenario) build(impl Implementation) (*actor.System, error) {
	n := len(sc.IDs)
	nodes, err := conformance.Nodes(n, func(i model.NodeID) Node {
		starts := sc.Starters == nil || slices.Contains(sc.Starters, i)
		return impl.NewNode(NodeConfig{Index: i, ID: sc.IDs[i], Next: (i + 1) % model.NodeID(n), Starts: starts})
	})
	if err != nil {
		return nil, err
	}
	return &actor.System{
		Protocol: name + "/" + impl.Name,
		Params:   actor.TraceParams(map[string]int{"nodes": n}, "", actor.Faults{}, actor.Byzantine{}),
		Nodes:    nodes,
		Fair:     model.FairActions,
		Props:    ringelection.Properties(sc.IDs),
	}, nil
}

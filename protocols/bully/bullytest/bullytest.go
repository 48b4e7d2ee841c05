package bullytest

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
	"github.com/distcheck/distcheck/protocols/bully"
	"github.com/distcheck/distcheck/protocols/conformance"
)

// Node is what the suite checks of a node: a deterministic actor.Node that says which
// coordinator it knows (bully.Member).
type Node = bully.Member

// NodeConfig is what a node is made with. A node's identifier is its ID: the live node with
// the largest ID is to be elected.
type NodeConfig struct {
	// ID is the node's own ID (also ctx.ID()); Nodes are every node's, its own included, in
	// increasing order (also ctx.Nodes()).
	ID    model.NodeID
	Nodes []model.NodeID
}

// Report is the graded outcome of Run, package conformance's.
type Report = conformance.Report

// Implementation is a bully election to check: its name, for the summary and the protocol
// its counterexamples record ("bullytest/<name>"), and the constructor of its nodes.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewNode makes the node of cfg.ID. It is called afresh for every system the suite
	// builds.
	NewNode func(cfg NodeConfig) Node
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err          error // Buggy's, for a bug package bully does not have
	asynchronous bool  // Buggy(bully.BugAsynchronous)'s: timers fire at any step
}

// Reference returns the project's own nodes, package bully's, named "reference".
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package bully's nodes with the named bug, named after it (bugs.None gives
// Reference). Run fails the test at once if the package has no such bug. bully.BugAsynchronous
// is a mistake about the system, not the nodes: its implementation runs the correct nodes in
// systems whose timers fire at any step, so that a timeout no longer means a crash.
func Buggy(bug bugs.Bug) Implementation {
	return Implementation{Name: cmp.Or(string(bug), "reference"), err: bully.Catalog.Check(bug),
		asynchronous: bug == bully.BugAsynchronous,
		NewNode:      func(NodeConfig) Node { return &bully.Node{Leader: model.NoNode, Bug: bug} }}
}

// Scenario is one system the suite explores: Nodes nodes, of which up to Crashes crash (and
// stay down), and how it is searched — its name, doc, bounds and strategy, as package
// conformance has them (Build is ignored: Run sets it).
type Scenario struct {
	conformance.Scenario
	Nodes, Crashes int
}

// Elected is the liveness property, which the suite checks in every scenario.
const Elected = "Elected"

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: three
// nodes, exhaustively, without a crash and with one; four nodes in swarm walks under two
// seeds, and four with two crashes in PCT walks under three seeds (2,000 walks each; 400 with
// go test -short). Every property is checked in every scenario, Elected under crashes too:
// timers fire in the order of their deadlines (actor.TimersInOrder), so time passes and every
// pending timeout comes due — a node that got an Answer cannot time out and start again,
// forever, ahead of the answering node's own timeout. A node that follows a crashed
// coordinator, or waits forever for one that crashed, fails it.
func Scenarios() []Scenario {
	return []Scenario{
		{Nodes: 3, Scenario: conformance.Scenario{Name: "three-nodes", Deterministic: true,
			Doc: "three nodes start elections at once, without faults (exhaustive)"}},
		{Nodes: 3, Crashes: 1, Scenario: conformance.Scenario{Name: "three-one-crash",
			Doc: "three nodes, one of which crashes at any moment, the coordinator too (exhaustive)"}},
		{Nodes: 4, Scenario: conformance.Scenario{Name: "four-nodes", Random: true, Strategy: explore.Swarm, Seeds: 2,
			Walks: conformance.Sampled(2_000), Depth: 80,
			Doc: "four nodes, without faults (swarm walks, two seeds)"}},
		{Nodes: 4, Crashes: 2, Scenario: conformance.Scenario{Name: "four-two-crashes", Random: true, Strategy: explore.PCT, Seeds: 3,
			Walks: conformance.Sampled(2_000), Depth: 80,
			Doc: "four nodes, two of which crash (PCT walks, three seeds): termination after the last crash"}},
	}
}

// name is the suite's name, which starts its summary.
const name = "bullytest"

var jsonFlag = flag.String("bullytest.json", "", "write bullytest.Run's graded summary as JSON to this file")

var errNoNode = errors.New("Implementation.NewNode is nil")

// Run checks impl's nodes against the bully election's properties — AtMostOneCoordinator and
// HighestLive (always), Elected (eventually, under weak fairness) and CoordinatorAnnounced (sometimes), package bully's — and that no node panics,
// in each scenario, with package conformance's runner (see package conformance: saved
// counterexamples replayed first, new ones saved, a graded summary, -bullytest.json). An
// implementation without NewNode, or a scenario that is not valid, fails t at once.
//
//	func TestBully(t *testing.T) {
//		bullytest.Run(t, bullytest.Implementation{NewNode: mypkg.NewNode})
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
		if sc.Nodes < 2 || sc.Crashes < 0 || sc.Crashes >= sc.Nodes {
			return conformance.Scenario{}, fmt.Errorf("scenario %q: %d nodes and %d crashes: want at least 2 nodes and fewer crashes than nodes", sc.Name, sc.Nodes, sc.Crashes)
		}
		c := sc.Scenario
		c.Build = func() (*actor.System, error) { return sc.build(impl) }
		return c, nil
	})
}

// build returns the scenario's system of impl's nodes: synchronous (a timer fires only when
// no message can be delivered, and only the earliest timers), crash-stop.
func (sc Scenario) build(impl Implementation) (*actor.System, error) {
	ids := make([]model.NodeID, sc.Nodes)
	for i := range ids {
		ids[i] = model.NodeID(i)
	}
	nodes, err := conformance.Nodes(sc.Nodes, func(id model.NodeID) Node { return impl.NewNode(NodeConfig{ID: id, Nodes: ids}) })
	if err != nil {
		return nil, err
	}
	faults := actor.Faults{Crashes: sc.Crashes}
	timers := actor.TimersInOrder
	if impl.asynchronous {
		timers = actor.TimersAnytime
	}
	props := bully.Properties()
	return &actor.System{
		Protocol: name + "/" + impl.Name,
		Params:   actor.TraceParams(map[string]int{"nodes": sc.Nodes}, "", faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   faults,
		Timers:   timers,
		Fair:     model.FairActions,
		// As package bully's: messages to a crashed node stay in flight, one copy of each on a
		// link standing for the later ones.
		MaxCopies: 1,
		Props:     props,
	}, nil
}

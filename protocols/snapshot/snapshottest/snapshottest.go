package snapshottest

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
	"github.com/distcheck/distcheck/protocols/snapshot"
)

// The messages the suite knows: a node sends its money as Transfers and its markers as
// Markers (package snapshot's), so that the suite can count them. A node may send messages of
// its own besides; the suite ignores them.
type (
	// Transfer moves one unit of money to its receiver.
	Transfer = snapshot.Transfer
	// Marker is the snapshot's marker.
	Marker = snapshot.Marker
)

// Balance is the money each branch starts with (NodeConfig.Balance).
const Balance = snapshot.Balance

// Node is what the suite checks of a branch: a deterministic actor.Node that says what it has
// recorded.
type Node interface {
	actor.Node
	// Recording returns the node's part of the snapshot so far.
	Recording() Recording
}

// Recording is a node's part of the snapshot.
type Recording struct {
	// Recorded says the node has recorded its state, and Balance is the balance it recorded.
	Recorded bool
	Balance  int
	// Channels[j] is the money recorded on the channel from node j (indexed by node ID; 0 for
	// the node itself and for a channel not recorded). Nil counts as every channel empty.
	Channels []int
	// Done says the node has recorded its state and the state of every incoming channel.
	Done bool
}

// NodeConfig is what a node is made with.
type NodeConfig struct {
	// ID is the node's own ID (also ctx.ID()); Nodes are every node's, its own included, in
	// order (also ctx.Nodes()).
	ID    model.NodeID
	Nodes []model.NodeID
	// Balance is the money the branch starts with; Transfers, how many transfers of one unit
	// it makes, each to a peer of its choice (ctx.Choose), at a moment of the checker's
	// choosing (a timer), when its balance allows.
	Balance, Transfers int
	// Initiator says the node starts the snapshot on its own, at a moment of the checker's
	// choosing (a timer), unless a Marker has reached it first.
	Initiator bool
}

// Report is the graded outcome of Run, package conformance's.
type Report = conformance.Report

// Implementation is a Chandy–Lamport snapshot to check: its name, for the summary and the
// protocol its counterexamples record ("snapshottest/<name>"), and the constructor of its
// nodes.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewNode makes the node of cfg.ID. It is called afresh for every system the suite
	// builds.
	NewNode func(cfg NodeConfig) Node
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err       error // Buggy's, for a bug package snapshot does not have
	unordered bool  // Buggy(snapshot.BugUnorderedChannels)'s: channels reorder messages
}

// Reference returns the project's own nodes, package snapshot's, named "reference".
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package snapshot's nodes with the named bug, named after it (bugs.None gives
// Reference). Run fails the test at once if the package has no such bug.
// snapshot.BugUnorderedChannels is a mistake about the system, not the nodes: its
// implementation runs the correct nodes on channels that reorder messages.
func Buggy(bug bugs.Bug) Implementation {
	return Implementation{Name: cmp.Or(string(bug), "reference"), err: snapshot.Catalog.Check(bug),
		unordered: bug == snapshot.BugUnorderedChannels,
		NewNode: func(c NodeConfig) Node {
			sys, err := snapshot.New(snapshot.Config{Nodes: len(c.Nodes), Transfers: c.Transfers, Bug: bug})
			if err != nil {
				return nil // Run reports the missing node
			}
			n := sys.Nodes[c.ID].(*snapshot.Node)
			n.Initiator = c.Initiator
			return &reference{N: n, Self: c.ID}
		}}
}

// reference is package snapshot's node as a Node.
type reference struct {
	N    *snapshot.Node
	Self model.NodeID `distcheck:"-"`
}

func (r *reference) Init(ctx actor.Context) { r.N.Init(ctx) }
func (r *reference) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	r.N.Handle(ctx, from, msg)
}
func (r *reference) Timeout(ctx actor.Context, t actor.Timer) { r.N.Timeout(ctx, t) }
func (r *reference) String() string                           { return r.N.String() }
func (r *reference) Recording() Recording {
	return Recording{Recorded: r.N.Recorded, Balance: r.N.RecBalance, Channels: r.N.Channel, Done: r.N.Done(r.Self)}
}

// Scenario is one system the suite explores: Nodes branches that each make Transfers
// transfers, the first Initiators of which may start the snapshot, on reliable FIFO channels,
// and how it is searched — its name, doc, bounds and strategy, as package conformance has them
// (Build is ignored: Run sets it).
type Scenario struct {
	conformance.Scenario
	Nodes, Transfers, Initiators int
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: two
// branches making two transfers each and three making one, with one initiator, and two making
// two each, both initiators, exhaustively (436, 21,385 and 1,736 states with the reference; a
// search stops at 500,000, so that nodes that send markers without end do not search for
// long); three making two each, two of them initiators, in PCT walks under three seeds (1,000
// walks per seed; 200 with go test -short). No scenario has faults: the algorithm tolerates
// none.
func Scenarios() []Scenario {
	limits := []string{"no faults: the algorithm tolerates none", "one snapshot"}
	exhaustive := func(name, doc string, nodes, transfers, initiators int) Scenario {
		return Scenario{Nodes: nodes, Transfers: transfers, Initiators: initiators, Scenario: conformance.Scenario{
			Name: name, Doc: doc, Limits: limits, MaxStates: 500_000}}
	}
	scs := []Scenario{
		exhaustive("two-nodes", "two branches, two transfers each, node 0 starts the snapshot at any moment (exhaustive)", 2, 2, 1),
		exhaustive("three-nodes", "three branches, one transfer each: markers cross transfers on every channel (exhaustive)", 3, 1, 1),
		exhaustive("two-initiators", "two branches, two transfers each; both start the snapshot, unless a marker reaches them first (exhaustive)", 2, 2, 2),
		{Nodes: 3, Transfers: 2, Initiators: 2, Scenario: conformance.Scenario{Name: "three-nodes-twice", Limits: limits,
			Random: true, Strategy: explore.PCT, Seeds: 3, Walks: conformance.Sampled(1_000), Depth: 60,
			Doc: "three branches, two transfers each; nodes 0 and 1 both start the snapshot (PCT walks, three seeds)"}},
	}
	scs[0].Deterministic = true
	return scs
}

// name is the suite's name, which starts its summary.
const name = "snapshottest"

var jsonFlag = flag.String("snapshottest.json", "", "write snapshottest.Run's graded summary as JSON to this file")

var errNoNode = errors.New("Implementation.NewNode is nil")

// Run checks impl's nodes against the snapshot's properties — ConsistentCut, Conserves and
// OneMarkerPerChannel (always), SnapshotCompletes (eventually, under weak fairness of actions)
// and MoneyInFlightRecorded (sometimes) — and that no node panics, in each scenario, with
// package conformance's runner (saved counterexamples replayed first, new ones saved, a graded
// summary, -snapshottest.json). An implementation without NewNode, or a scenario that is not
// valid, fails t at once.
//
//	func TestSnapshot(t *testing.T) {
//		snapshottest.Run(t, snapshottest.Implementation{NewNode: mypkg.NewNode})
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
		if sc.Nodes < 2 || sc.Transfers < 1 || sc.Initiators < 1 || sc.Initiators > sc.Nodes {
			return conformance.Scenario{}, fmt.Errorf("scenario %q: %d nodes, %d transfers, %d initiators: want at least 2 nodes, 1 transfer and 1 initiator, and no more initiators than nodes",
				sc.Name, sc.Nodes, sc.Transfers, sc.Initiators)
		}
		c := sc.Scenario
		c.Build = func() (*actor.System, error) { return sc.build(impl) }
		return c, nil
	})
}

// build returns the scenario's system of impl's nodes, each wrapped in a branch, on FIFO
// channels.
func (sc Scenario) build(impl Implementation) (*actor.System, error) {
	ids := make([]model.NodeID, sc.Nodes)
	for i := range ids {
		ids[i] = model.NodeID(i)
	}
	nodes, err := conformance.Nodes(sc.Nodes, func(id model.NodeID) *branch {
		nd := impl.NewNode(NodeConfig{ID: id, Nodes: ids, Balance: Balance, Transfers: sc.Transfers, Initiator: int(id) < sc.Initiators})
		if nd == nil {
			return nil
		}
		return newBranch(nd, sc.Nodes)
	})
	if err != nil {
		return nil, err
	}
	network := actor.Ordered
	if impl.unordered {
		network = actor.Unordered
	}
	return &actor.System{
		Protocol: name + "/" + impl.Name,
		Params:   actor.TraceParams(map[string]int{"nodes": sc.Nodes, "transfers": sc.Transfers, "initiators": sc.Initiators}, "", actor.Faults{}, actor.Byzantine{}),
		Nodes:    nodes,
		Network:  network,
		Fair:     model.FairActions,
		Props:    bankProperties(sc.Nodes * Balance),
	}, nil
}

package totaltest

import (
	"cmp"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/internal/suite"
	"github.com/distcheck/distcheck/protocols/multicast/isis"
	"github.com/distcheck/distcheck/protocols/multicast/sequencer"
)

// Node is what the suite checks of a process: a deterministic actor.Node that records what it
// broadcasts and delivers (multicast.Member: it embeds a multicast.Record and calls its
// Broadcast and Deliver).
type Node = suite.Node

// NodeConfig is what a process is made with: its ID, every process's ID, and how many
// messages it broadcasts.
type NodeConfig = suite.NodeConfig

// Scenario is one system the suite explores: Nodes processes that each broadcast Messages
// messages, up to Crashes of which crash, and how it is searched (package conformance's
// Scenario; Build is ignored: Run sets it).
type Scenario = suite.Scenario

// Report is the graded outcome of Run, package conformance's.
type Report = conformance.Report

// Implementation is a total-order broadcast to check: its name, for the summary ("totaltest:
// <name>: 27/27 checks passed") and the protocol its counterexamples record
// ("totaltest/<name>"), and the constructor of its processes.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewNode makes the process of cfg.ID. It is called afresh for every system the suite
	// builds.
	NewNode func(cfg NodeConfig) Node
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err error // Buggy's, for a bug neither package has
}

// Reference returns the project's fixed sequencer, package sequencer's processes, named
// "reference".
func Reference() Implementation { return Sequencer(bugs.None) }

// Sequencer returns package sequencer's processes with the named bug, named after it
// (bugs.None: "reference"). Run fails the test at once if the package has no such bug.
func Sequencer(bug bugs.Bug) Implementation {
	impl := packaged(sequencer.Catalog, bug, func(c NodeConfig) Node {
		sys, err := sequencer.New(sequencer.Config{Nodes: len(c.Nodes), Messages: c.Messages, Bug: bug})
		if err != nil {
			return nil // Run reports the missing node
		}
		return sys.Nodes[c.ID].(*sequencer.Node)
	})
	impl.Name = cmp.Or(string(bug), "reference")
	return impl
}

// ISIS returns package isis's processes with the named bug, named after it (bugs.None:
// "isis"). Run fails the test at once if the package has no such bug.
func ISIS(bug bugs.Bug) Implementation {
	impl := packaged(isis.Catalog, bug, func(c NodeConfig) Node {
		sys, err := isis.New(isis.Config{Nodes: len(c.Nodes), Messages: c.Messages, Bug: bug})
		if err != nil {
			return nil
		}
		return sys.Nodes[c.ID].(*isis.Node)
	})
	impl.Name = cmp.Or(string(bug), "isis")
	return impl
}

func packaged(cat bugs.Catalog, bug bugs.Bug, newNode func(NodeConfig) Node) Implementation {
	return Implementation{err: cat.Check(bug), NewNode: newNode}
}

// Buggy returns the processes of package sequencer or package isis, whichever has the named
// bug (bugs.None gives Reference). Run fails the test at once if neither has it.
func Buggy(bug bugs.Bug) Implementation {
	switch {
	case sequencer.Catalog.Check(bug) == nil:
		return Sequencer(bug)
	case isis.Catalog.Check(bug) == nil:
		return ISIS(bug)
	}
	known := append(sequencer.Catalog.Bugs(), isis.Catalog.Bugs()...)
	names := make([]string, len(known))
	for i, b := range known {
		names[i] = string(b)
	}
	return Implementation{Name: string(bug), err: fmt.Errorf("unknown bug %q (known: %s)", bug, strings.Join(names, ", "))}
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: two
// processes broadcasting two messages each and three broadcasting one, exhaustively (682 and
// 1,069 states with the reference, 37,585 and 191,702 with package isis); three broadcasting
// one of which one crashes, in swarm walks under two seeds; and three broadcasting two each,
// in PCT walks under three seeds (1,000 walks under each seed; 200 with go test -short).
// Under a crash, only the safety properties are checked: neither a fixed sequencer nor ISIS,
// which waits for every process's proposal, claims to deliver when a process crashes.
func Scenarios() []Scenario {
	crash := suite.Walks("one-crash", "three processes broadcast once each and one crashes at any moment, mid-protocol (swarm walks, two seeds)",
		3, 1, 1, explore.Swarm, 2, conformance.Sampled(1_000), 60)
	crash.Limits = []string{"safety only: Validity and Agreement are not checked under a crash"}
	return []Scenario{
		suite.TwoSenders(),
		suite.Exhaustive("three-nodes", "three processes broadcast once each: concurrent messages reach each process in any order (exhaustive)", 3, 1, 0),
		crash,
		suite.Walks("three-nodes-twice", "three processes broadcast twice each, some after delivering others' (PCT walks, three seeds)",
			3, 2, 0, explore.PCT, 3, conformance.Sampled(1_000), 60),
	}
}

// name is the suite's name, which starts its summary.
const name = "totaltest"

var jsonFlag = flag.String("totaltest.json", "", "write totaltest.Run's graded summary as JSON to this file")

// Run checks impl's processes against total-order broadcast's properties — NoDuplication,
// NoCreation and TotalOrder (always), Validity and Agreement (leads-to, under weak fairness,
// in scenarios without crashes) and SomeoneElsesDelivered (sometimes), package multicast's,
// judged from what the processes recorded — and that no process panics, in each scenario,
// with package conformance's runner (saved counterexamples replayed first, new ones saved, a
// graded summary, -totaltest.json). An implementation without NewNode, or a scenario that is
// not valid, fails t at once.
//
//	func TestTotalOrderBroadcast(t *testing.T) {
//		totaltest.Run(t, totaltest.Implementation{NewNode: mypkg.NewNode})
//	}
func Run(t testing.TB, impl Implementation, opts ...conformance.Option) *Report {
	t.Helper()
	return conformance.RunNamed(t, name, impl.Name, *jsonFlag, impl.suite, opts...)
}

// suite returns the suite of impl's scenarios with impl named implName.
func (impl Implementation) suite(implName string) (conformance.Suite, error) {
	if impl.err != nil {
		return conformance.Suite{}, impl.err
	}
	return suite.New(name, implName, impl.Scenarios, Scenarios(), impl.NewNode, suite.Checked{Orders: multicast.Total})
}

// The packages' processes are what the suite checks.
var (
	_ Node = (*sequencer.Node)(nil)
	_ Node = (*isis.Node)(nil)
)

package causaltest

import (
	"cmp"
	"flag"
	"testing"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/causal"
	"github.com/distcheck/distcheck/protocols/multicast/internal/suite"
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

// Implementation is a causal broadcast to check: its name, for the summary ("causaltest:
// <name>: 33/33 checks passed") and the protocol its counterexamples record
// ("causaltest/<name>"), and the constructor of its processes.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewNode makes the process of cfg.ID. It is called afresh for every system the suite
	// builds.
	NewNode func(cfg NodeConfig) Node
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err error // Buggy's, for a bug package causal does not have
}

// Reference returns the project's own processes, package causal's, named "reference".
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package causal's processes with the named bug, named after it (bugs.None
// gives Reference). Run fails the test at once if the package has no such bug.
func Buggy(bug bugs.Bug) Implementation {
	return Implementation{Name: cmp.Or(string(bug), "reference"), err: causal.Catalog.Check(bug),
		NewNode: func(c NodeConfig) Node {
			sys, err := causal.New(causal.Config{Nodes: len(c.Nodes), Messages: c.Messages, Bug: bug})
			if err != nil {
				return nil // Run reports the missing node
			}
			return sys.Nodes[c.ID].(*causal.Node)
		}}
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: two
// processes broadcasting two messages each and three broadcasting one, exhaustively (165 and
// 690 states with the reference); three broadcasting one, one of which crashes at any moment,
// exhaustively (2,760 states), with Validity and Agreement checked for the others; and three
// broadcasting two each, in PCT walks under three seeds (2,000 walks under each seed; 400
// with go test -short).
func Scenarios() []Scenario {
	crash := suite.Exhaustive("one-crash", "three processes broadcast once each and one crashes at any moment: the others still deliver what it sent (exhaustive)", 3, 1, 1)
	crash.Limits = []string{"ctx.Broadcast is one step: a crash falls between whole broadcasts, or between the copies a node sends one by one"}
	return []Scenario{
		suite.TwoSenders(),
		suite.Exhaustive("three-nodes", "three processes broadcast once each: a message sent after delivering another races it to the third (exhaustive)", 3, 1, 0),
		crash,
		suite.Walks("three-nodes-twice", "three processes broadcast twice each: chains of messages sent after delivering others (PCT walks, three seeds)",
			3, 2, 0, explore.PCT, 3, conformance.Sampled(2_000), 60),
	}
}

// name is the suite's name, which starts its summary.
const name = "causaltest"

var jsonFlag = flag.String("causaltest.json", "", "write causaltest.Run's graded summary as JSON to this file")

// Run checks impl's processes against causal broadcast's properties — NoDuplication,
// NoCreation, FIFOOrder and CausalOrder (always), Validity and Agreement (leads-to, under weak
// fairness) and SomeoneElsesDelivered (sometimes), package multicast's, judged from what the
// processes recorded — and that no process panics, in each scenario, with package
// conformance's runner (saved counterexamples replayed first, new ones saved, a graded
// summary, -causaltest.json). An implementation without NewNode, or a scenario that is not
// valid, fails t at once.
//
//	func TestCausalBroadcast(t *testing.T) {
//		causaltest.Run(t, causaltest.Implementation{NewNode: mypkg.NewNode})
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
	return suite.New(name, implName, impl.Scenarios, Scenarios(), impl.NewNode,
		suite.Checked{Orders: multicast.FIFO | multicast.Causal, LiveUnderCrashes: true})
}

// Package causal's processes are what the suite checks.
var _ Node = (*causal.Node)(nil)

package fdtest

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/failuredetector"
)

// Node is what the suite checks of a process: a deterministic actor.Node that says whether its
// detector outputs a process.
type Node interface {
	actor.Node
	// Suspects reports whether the node's detector outputs q: detected (crashed, for good) by
	// a perfect detector, suspected by an eventually perfect one.
	Suspects(q model.NodeID) bool
}

// Detector is the failure detector an implementation claims to be.
type Detector int

// The detectors.
const (
	// Perfect is P (Cachin et al., Module 2.6): strong completeness and strong accuracy, in a
	// synchronous system.
	Perfect Detector = iota
	// EventuallyPerfect is ◇P (Module 2.8): strong completeness and eventual strong accuracy,
	// in a partially synchronous system.
	EventuallyPerfect
)

// String names the detector: "perfect" or "eventually perfect".
func (d Detector) String() string {
	return [...]string{"perfect", "eventually perfect"}[d]
}

// Delta is Δ, the unit of the timeouts: NodeConfig.Delta, and the unit of a Scenario's Bound.
const Delta = time.Second

// NodeConfig is what a node is made with.
type NodeConfig struct {
	// ID is the node's own ID (also ctx.ID()); Nodes are every node's, its own included, in
	// order (also ctx.Nodes()).
	ID    model.NodeID
	Nodes []model.NodeID
	// Monitor says the node runs the detector: node 0 does, and every other node answers it.
	Monitor bool
	// Delta is Δ: an eventually perfect detector's first timeout and the step by which it
	// lengthens it (Cachin et al.'s Algorithm 2.7), given to ctx.SetTimer.
	Delta time.Duration
}

// Report is the graded outcome of Run, package conformance's.
type Report = conformance.Report

// Implementation is a failure detector to check: its name, for the summary and the protocol
// its counterexamples record ("fdtest/<name>"), the detector it claims to be, and the
// constructor of its nodes.
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// Detector is the detector the nodes implement: Perfect (the zero value) or
	// EventuallyPerfect. It chooses the scenarios and the properties.
	Detector Detector
	// NewNode makes the node of cfg.ID. It is called afresh for every system the suite
	// builds.
	NewNode func(cfg NodeConfig) Node
	// Scenarios replace the suite's (those of Scenarios() of the Detector) if not nil: a
	// smaller suite, say.
	Scenarios []Scenario

	err          error    // Buggy's, for a bug package failuredetector does not have
	asynchronous bool     // Buggy(failuredetector.BugAsynchronous)'s: timers fire at any step
	reference    bool     // package failuredetector's nodes, which make replies late themselves
	bug          bugs.Bug // theirs
}

// Reference returns the project's own nodes, package failuredetector's, named "reference":
// the perfect detector's, or, with Detector set to EventuallyPerfect, the eventually perfect
// one's (the package's nodes are built for each scenario, with its bound).
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package failuredetector's nodes with the named bug, named after it, of the
// detector whose catalog has it (bugs.None gives Reference). Run fails the test at
// once if the package has no such bug. failuredetector.BugAsynchronous is a mistake about the
// system, not the nodes: its implementation runs the correct nodes in systems whose timers fire
// at any step. The package's eventually perfect nodes make their replies late themselves, as
// package failuredetector describes; the suite makes no reply to them late. NewNode is nil:
// the package's nodes are built for each scenario, with its bound.
func Buggy(bug bugs.Bug) Implementation {
	d := Perfect
	if bug != bugs.None && failuredetector.EventuallyPerfectCatalog.Check(bug) == nil {
		d = EventuallyPerfect
	}
	return Implementation{Name: cmp.Or(string(bug), "reference"), Detector: d, err: failuredetector.Catalog.Check(bug),
		asynchronous: bug == failuredetector.BugAsynchronous, reference: true, bug: bug}
}

// Scenario is one system the suite explores: Nodes processes, of which up to Crashes crash
// (and stay down), with a delay bound, and how it is searched — its name, doc, bounds and
// strategy, as package conformance has them (Build is ignored: Run sets it).
type Scenario struct {
	conformance.Scenario
	Nodes, Crashes int
	// Bound is the unknown delay bound, in Δs (Delta), of a partially synchronous scenario: a
	// message to the monitor may miss the monitor's next timeout while the monitor's timer is
	// set to Bound·Δ or less. Zero is a synchronous system: no message misses a timeout.
	Bound int
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: the
// perfect detector's, of bound 0, then the eventually perfect detector's, of bounds 1 and up;
// Run explores those of the implementation's Detector. The perfect detector's are synchronous
// (a timer fires only once every message that can be delivered has been): two processes, three
// with one crash and four with two, exhaustively; five with three crashes in swarm walks under
// two seeds (1,000 walks per seed). The eventually perfect detector's are partially
// synchronous: two processes under bounds 1 and 3, three under bound 2 with a crash and four
// under bound 1 with a crash, exhaustively; four under bound 2 with two crashes in PCT walks
// under three seeds (2,000 walks per seed). Under go test -short, random scenarios walk a fifth
// as many times. The exhaustive searches stop at 100,000 states (a correct detector's state
// spaces are far smaller) so that a detector whose timeout grows without end does not search
// for long once its failure is known.
func Scenarios() []Scenario {
	exhaustive := func(name, doc string, nodes, crashes, bound int) Scenario {
		return Scenario{Nodes: nodes, Crashes: crashes, Bound: bound, Scenario: conformance.Scenario{Name: name, Doc: doc, MaxStates: 100_000}}
	}
	sampled := func(name, doc string, nodes, crashes, bound int, strategy explore.Strategy, seeds int, walks int64) Scenario {
		return Scenario{Nodes: nodes, Crashes: crashes, Bound: bound, Scenario: conformance.Scenario{Name: name, Doc: doc,
			Random: true, Strategy: strategy, Seeds: seeds, Walks: conformance.Sampled(walks), Depth: 60}}
	}
	perfect := []Scenario{
		exhaustive("two-nodes", "two processes, no crash (exhaustive)", 2, 0, 0),
		exhaustive("three-one-crash", "three processes, one of which may crash at any moment, the monitor too (exhaustive)", 3, 1, 0),
		exhaustive("four-two-crashes", "four processes, two of which may crash (exhaustive)", 4, 2, 0),
		sampled("five-three-crashes", "five processes, three of which may crash (swarm walks, two seeds)", 5, 3, 0, explore.Swarm, 2, 1_000),
	}
	eventual := []Scenario{
		exhaustive("two-bound-1", "two processes; a reply may miss a timeout of Δ (exhaustive)", 2, 0, 1),
		exhaustive("two-bound-3", "two processes; a reply may miss a timeout of 3Δ or less (exhaustive)", 2, 0, 3),
		exhaustive("three-bound-2-crash", "three processes, one of which may crash at any moment, the monitor too; a reply may miss a timeout of 2Δ or less (exhaustive)", 3, 1, 2),
		exhaustive("four-bound-1-crash", "four processes, one of which may crash; a reply may miss a timeout of Δ (exhaustive)", 4, 1, 1),
		sampled("four-bound-2-two-crashes", "four processes, two of which may crash; a reply may miss a timeout of 2Δ or less (PCT walks, three seeds)", 4, 2, 2, explore.PCT, 3, 2_000),
	}
	for i := range eventual {
		eventual[i].Limits = []string{"only messages to the monitor are late, by one timeout at most"}
	}
	perfect[0].Deterministic, eventual[0].Deterministic = true, true
	return append(perfect, eventual...)
}

// ScenariosOf returns the scenarios of scs that are of detector d: of bound 0 for the perfect
// detector, of a positive bound for the eventually perfect one.
func ScenariosOf(d Detector, scs []Scenario) []Scenario {
	var of []Scenario
	for _, sc := range scs {
		if (sc.Bound == 0) == (d == Perfect) {
			of = append(of, sc)
		}
	}
	return of
}

// name is the suite's name, which starts its summary.
const name = "fdtest"

var jsonFlag = flag.String("fdtest.json", "", "write fdtest.Run's graded summary as JSON to this file")

var errNoNode = errors.New("Implementation.NewNode is nil")

// Run checks impl's nodes against the properties of its detector — StrongCompleteness
// (leads-to, under weak fairness of actions) for both; StrongAccuracy (always) and CrashDetected
// or MonitorTimedOut (sometimes) for the perfect detector; MistakesAreFinite (always),
// FalseSuspicionsEnd (leads-to) and FalseSuspicion (sometimes) for the eventually perfect one —
// and that no node panics, in each scenario, with package conformance's runner (saved
// counterexamples replayed first, new ones saved, a graded summary, -fdtest.json). An
// implementation without NewNode, or a scenario that is not valid, fails t at once.
//
//	func TestDetector(t *testing.T) {
//		fdtest.Run(t, fdtest.Implementation{Detector: fdtest.EventuallyPerfect, NewNode: mypkg.NewNode})
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
	case impl.NewNode == nil && !impl.reference:
		return conformance.Suite{}, errNoNode
	case impl.Detector != Perfect && impl.Detector != EventuallyPerfect:
		return conformance.Suite{}, fmt.Errorf("Implementation.Detector is %d, want fdtest.Perfect or fdtest.EventuallyPerfect", int(impl.Detector))
	}
	return conformance.NewSuite(name, impl.Name, impl.Scenarios, ScenariosOf(impl.Detector, Scenarios()), func(sc Scenario) (conformance.Scenario, error) {
		switch {
		case sc.Nodes < 2 || sc.Crashes < 0 || sc.Crashes >= sc.Nodes:
			return conformance.Scenario{}, fmt.Errorf("scenario %q: %d nodes and %d crashes: want at least 2 nodes and fewer crashes than nodes", sc.Name, sc.Nodes, sc.Crashes)
		case impl.Detector == Perfect && sc.Bound != 0:
			return conformance.Scenario{}, fmt.Errorf("scenario %q: bound %d: the perfect detector's scenarios are synchronous, bound 0", sc.Name, sc.Bound)
		case impl.Detector == EventuallyPerfect && sc.Bound < 1:
			return conformance.Scenario{}, fmt.Errorf("scenario %q: bound %d: the eventually perfect detector's scenarios are partially synchronous, bound at least 1", sc.Name, sc.Bound)
		}
		c := sc.Scenario
		c.Build = func() (*actor.System, error) { return sc.build(impl) }
		return c, nil
	})
}

// build returns the scenario's system of impl's nodes, each wrapped in a process: timers fire
// only when the network is quiet, processes crash and stay down.
func (sc Scenario) build(impl Implementation) (*actor.System, error) {
	ids := make([]model.NodeID, sc.Nodes)
	for i := range ids {
		ids[i] = model.NodeID(i)
	}
	newNode := impl.NewNode
	if impl.reference {
		newNode = reference(impl.bug, sc)
	}
	limit := (sc.Nodes - 1) * (sc.Bound + 2)
	setup := &procSetup{monitor: true, late: !impl.reference && sc.Bound > 0, bound: time.Duration(sc.Bound) * Delta, limit: limit}
	nodes, err := conformance.Nodes(sc.Nodes, func(id model.NodeID) *process {
		nd := newNode(NodeConfig{ID: id, Nodes: ids, Monitor: id == 0, Delta: Delta})
		if nd == nil {
			return nil
		}
		s := setup
		if id != 0 {
			s = &procSetup{}
		}
		return &process{Impl: nd, setup: s}
	})
	if err != nil {
		return nil, err
	}
	faults := actor.Faults{Crashes: sc.Crashes}
	timers := actor.TimersWhenQuiet
	if impl.asynchronous {
		timers = actor.TimersAnytime
	}
	params := map[string]int{"nodes": sc.Nodes}
	if sc.Bound > 0 {
		params["bound"] = sc.Bound
	}
	return &actor.System{
		Protocol: name + "/" + impl.Name,
		Params:   actor.TraceParams(params, "", faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   faults,
		Timers:   timers,
		Fair:     model.FairActions,
		// As package failuredetector's: a request in flight to a crashed process stands for
		// the later ones.
		MaxCopies: 1,
		Props:     detectorProperties(impl.Detector, sc, limit),
	}, nil
}

// reference returns the constructor of package failuredetector's nodes with bug, for sc.
func reference(bug bugs.Bug, sc Scenario) func(NodeConfig) Node {
	return func(c NodeConfig) Node {
		sys, err := failuredetector.New(failuredetector.Config{Nodes: len(c.Nodes), Bound: sc.Bound, Bug: bug})
		if err != nil {
			return nil // Run reports the missing node
		}
		return sys.Nodes[c.ID].(*failuredetector.Node)
	}
}

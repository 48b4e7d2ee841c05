package clockstest

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
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/conformance"
)

// LamportClock is a student's Lamport clock, as a node embeds it. Each method counts one
// event of the node and returns the event's time.
type LamportClock interface {
	// Tick counts a local event.
	Tick() int
	// Send counts a send; its time is the stamp the message carries.
	Send() int
	// Receive counts the receipt of a message stamped stamp.
	Receive(stamp int) int
}

// VectorClock is a student's vector clock, as a node embeds it. Each method counts one event
// of the node and returns the event's time, which the suite copies at once (a method may
// return its own slice).
type VectorClock interface {
	// Tick counts a local event.
	Tick() []int
	// Send counts a send; its time is the stamp the message carries.
	Send() []int
	// Receive counts the receipt of a message stamped stamp.
	Receive(stamp []int) []int
}

// Implementation is a student's logical clocks: the constructors of a node's Lamport and
// vector clocks, and the comparison of vector times. The clocks are held in the suite's
// nodes, so they must be plain values the checker can copy (numbers, slices, structs; no
// funcs or channels).
type Implementation struct {
	// Name names the implementation; empty means the test's name.
	Name string
	// NewLamport returns a Lamport clock at zero.
	NewLamport func() LamportClock
	// NewVector returns the vector clock, at zero, of node self in a system of nodes nodes.
	NewVector func(nodes int, self model.NodeID) VectorClock
	// Less reports whether vector time a is before b: with correct clocks, exactly when the
	// event of a happened before the event of b.
	Less func(a, b []int) bool
	// Scenarios replace the suite's (Scenarios()) if not nil: a smaller suite, say.
	Scenarios []Scenario

	err error // Buggy's, for a bug package clocks does not have
}

// Reference returns the project's own clocks, package clocks's Lamport, Vector and Less,
// named "reference".
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package clocks's clocks with the named bug, named after it (bugs.None gives
// Reference): the mistakes of package clocks's demonstration, made in the clocks. Run fails
// the test at once if the package has no such bug.
func Buggy(bug bugs.Bug) Implementation {
	return Implementation{Name: cmp.Or(string(bug), "reference"), err: clocks.Catalog.Check(bug),
		NewLamport: func() LamportClock { return &lamport{Bug: bug} },
		NewVector: func(n int, self model.NodeID) VectorClock {
			return &vector{V: clocks.NewVector(n), Self: self, Bug: bug}
		},
		Less: func(a, b []int) bool { return (&clocks.Node{Bug: bug}).Less(a, b) },
	}
}

// lamport adapts clocks.Lamport to LamportClock, with a bug of package clocks.
type lamport struct {
	C   clocks.Lamport
	Bug bugs.Bug `distcheck:"-"`
}

func (l *lamport) Tick() int { return int(l.C.Tick()) }

func (l *lamport) Send() int {
	if l.Bug == clocks.BugNoTickOnSend {
		return int(l.C)
	}
	return int(l.C.Send())
}

func (l *lamport) Receive(stamp int) int {
	if l.Bug == clocks.BugNoMax {
		return int(l.C.Tick())
	}
	return int(l.C.Receive(clocks.Lamport(stamp)))
}

// vector adapts clocks.Vector to VectorClock, with a bug of package clocks.
type vector struct {
	V    clocks.Vector
	Self model.NodeID `distcheck:"-"`
	Bug  bugs.Bug     `distcheck:"-"`
}

func (v *vector) Tick() []int { return v.V.Tick(v.Self) }
func (v *vector) Send() []int { return v.V.Send(v.Self) }

func (v *vector) Receive(stamp []int) []int {
	if v.Bug == clocks.BugNoTickOnReceive {
		v.V.Merge(stamp)
		return v.V.Copy()
	}
	return v.V.Receive(v.Self, stamp)
}

// Scenario is one system the suite explores: Nodes nodes that each do Events local events
// and sends, in any order and to any peer, and receive whatever arrives, under Faults (drops
// and duplicates only), and how it is searched — its name, doc, bounds and strategy, as
// package conformance has them (Build is ignored: Run sets it).
type Scenario struct {
	conformance.Scenario
	Nodes, Events int
	Faults        actor.Faults
}

// Scenarios returns the scenarios Run explores unless the Implementation gives its own: two
// nodes of two events each, exhaustively, on a reliable network and with a lost and a
// duplicated message (749 and 10,559 states with the reference); three nodes of two events
// each in PCT walks under three seeds, and with a lost and a duplicated message in swarm walks
// under two seeds (2,000 walks each; 400 with go test -short).
func Scenarios() []Scenario {
	faults := actor.Faults{Drops: 1, Duplicates: 1}
	sampled := func(name, doc string, f actor.Faults, strategy explore.Strategy, seeds int) Scenario {
		return Scenario{Nodes: 3, Events: 2, Faults: f, Scenario: conformance.Scenario{Name: name, Doc: doc,
			Random: true, Strategy: strategy, Seeds: seeds, Walks: conformance.Sampled(2_000), Depth: 40}}
	}
	return []Scenario{
		{Nodes: 2, Events: 2, Scenario: conformance.Scenario{Name: "two-nodes", Deterministic: true,
			Doc: "two nodes, two events each: every order of local events, sends and receipts (exhaustive)"}},
		{Nodes: 2, Events: 2, Faults: faults, Scenario: conformance.Scenario{Name: "two-nodes-faults",
			Doc: "the same with a lost and a duplicated message (exhaustive)"}},
		sampled("three-nodes", "three nodes, two events each: chains of messages through a third node (PCT walks, three seeds)", actor.Faults{}, explore.PCT, 3),
		sampled("three-nodes-faults", "the same with a lost and a duplicated message (swarm walks, two seeds)", faults, explore.Swarm, 2),
	}
}

// name is the suite's name, which starts its summary.
const name = "clockstest"

var jsonFlag = flag.String("clockstest.json", "", "write clockstest.Run's graded summary as JSON to this file")

var errIncomplete = errors.New("Implementation.NewLamport, NewVector and Less must all be set")

// Run checks impl's clocks, embedded in the suite's nodes, against the theorems of logical
// time — ClockCondition (a → b implies L(a) < L(b)) and VectorCharacterization (a → b if and
// only if Less(V(a), V(b))), both always, over every pair of events, with happened-before
// computed from which event sent which message, never from the clocks — and CausalChain
// (sometimes: some event has heard from every node), package clocks's, and that nothing
// panics, in each scenario, with package conformance's runner (see package conformance: saved
// counterexamples replayed first, new ones saved, a graded summary, -clockstest.json). An
// incomplete implementation, or a scenario that is not valid, fails t at once.
//
//	func TestClocks(t *testing.T) {
//		clockstest.Run(t, clockstest.Implementation{NewLamport: NewLamport, NewVector: NewVector, Less: Less})
//	}
func Run(t testing.TB, impl Implementation, opts ...conformance.Option) *conformance.Report {
	t.Helper()
	return conformance.RunNamed(t, name, impl.Name, *jsonFlag, impl.suite, opts...)
}

// suite returns the suite of impl's scenarios, whose nodes embed impl's clocks, with impl
// named implName.
func (impl Implementation) suite(implName string) (conformance.Suite, error) {
	impl.Name = implName
	switch {
	case impl.err != nil:
		return conformance.Suite{}, impl.err
	case impl.NewLamport == nil || impl.NewVector == nil || impl.Less == nil:
		return conformance.Suite{}, errIncomplete
	}
	return conformance.NewSuite(name, impl.Name, impl.Scenarios, Scenarios(), func(sc Scenario) (conformance.Scenario, error) {
		if sc.Nodes < 2 || sc.Events < 1 {
			return conformance.Scenario{}, fmt.Errorf("scenario %q: %d nodes of %d events: want at least 2 nodes and 1 event", sc.Name, sc.Nodes, sc.Events)
		}
		if sc.Faults.Crashes > 0 || sc.Faults.Partitions > 0 {
			return conformance.Scenario{}, fmt.Errorf("scenario %q: crashes and partitions are not modelled (a node's events are its memory): use drops and duplicates", sc.Name)
		}
		c := sc.Scenario
		c.Build = func() (*actor.System, error) { return sc.build(impl) }
		return c, nil
	})
}

// build returns the scenario's system of nodes that embed impl's clocks.
func (sc Scenario) build(impl Implementation) (*actor.System, error) {
	nodes, err := conformance.Nodes(sc.Nodes, func(id model.NodeID) *node {
		return &node{Left: sc.Events, L: impl.NewLamport(), V: impl.NewVector(sc.Nodes, id)}
	})
	if err != nil {
		return nil, err
	}
	for i, n := range nodes {
		if n.(*node).L == nil || n.(*node).V == nil {
			return nil, fmt.Errorf("node %d: NewLamport or NewVector returned nil", i)
		}
	}
	return &actor.System{
		Protocol: name + "/" + impl.Name,
		Params:   actor.TraceParams(map[string]int{"nodes": sc.Nodes, "events": sc.Events}, "", sc.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   sc.Faults,
		Props:    clocks.Properties(func(a, b clocks.Vector) bool { return impl.Less(a, b) }),
	}, nil
}

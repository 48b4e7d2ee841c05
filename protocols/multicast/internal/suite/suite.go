// Package suite is what the broadcast conformance suites (causaltest, totaltest) share: the
// contract of a student's process, the scenarios' shape and the systems they build, judged by
// package multicast's properties from what the processes recorded.
package suite

import (
	"errors"
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multicast"
)

// Node is what a suite checks of a process: a deterministic actor.Node that records what it
// broadcasts and delivers (multicast.Member: it embeds a multicast.Record).
type Node = multicast.Member

// NodeConfig is what a process is made with.
type NodeConfig struct {
	// ID is the process's own ID (also ctx.ID()); Nodes are every process's, its own
	// included, in order (also ctx.Nodes()).
	ID    model.NodeID
	Nodes []model.NodeID
	// Messages is how many messages the process broadcasts, each at a moment of the
	// checker's choosing (a timer it sets).
	Messages int
}

// Scenario is one system a suite explores: Nodes processes that each broadcast Messages
// messages, of which up to Crashes crash (and stay down), and how it is searched — its name,
// doc, bounds and strategy, as package conformance has them (Build is ignored: the suite
// sets it).
type Scenario struct {
	conformance.Scenario
	Nodes, Messages, Crashes int
}

// ErrNoNode is the error of an implementation without a constructor.
var ErrNoNode = errors.New("Implementation.NewNode is nil")

// Checked is what a suite checks: the order its broadcast promises, and whether its processes
// must still deliver (Validity, Agreement) when some crash.
type Checked struct {
	Orders multicast.Order
	// LiveUnderCrashes keeps Validity and Agreement in scenarios with crashes; without it
	// those scenarios check the safety properties only.
	LiveUnderCrashes bool
}

// New returns the suite called name of the implementation impl, whose processes newNode
// makes (nil is ErrNoNode), on the scenarios own, or defaults if own is nil.
func New(name, impl string, own, defaults []Scenario, newNode func(NodeConfig) Node, checked Checked) (conformance.Suite, error) {
	if newNode == nil {
		return conformance.Suite{}, ErrNoNode
	}
	return conformance.NewSuite(name, impl, own, defaults, func(sc Scenario) (conformance.Scenario, error) {
		if sc.Nodes < 2 || sc.Messages < 1 || sc.Crashes < 0 || sc.Crashes >= sc.Nodes {
			return conformance.Scenario{}, fmt.Errorf("scenario %q: %d nodes broadcasting %d messages, %d crashes: want at least 2 nodes, 1 message and fewer crashes than nodes",
				sc.Name, sc.Nodes, sc.Messages, sc.Crashes)
		}
		c := sc.Scenario
		c.Build = func() (*actor.System, error) { return sc.build(name+"/"+impl, newNode, checked) }
		return c, nil
	})
}

// build returns the scenario's system of newNode's processes, named protocol: reliable
// asynchronous links, crash-stop.
func (sc Scenario) build(protocol string, newNode func(NodeConfig) Node, checked Checked) (*actor.System, error) {
	ids := make([]model.NodeID, sc.Nodes)
	for i := range ids {
		ids[i] = model.NodeID(i)
	}
	nodes, err := conformance.Nodes(sc.Nodes, func(id model.NodeID) Node {
		return newNode(NodeConfig{ID: id, Nodes: ids, Messages: sc.Messages})
	})
	if err != nil {
		return nil, err
	}
	faults := actor.Faults{Crashes: sc.Crashes}
	return &actor.System{
		Protocol: protocol,
		Params:   actor.TraceParams(map[string]int{"nodes": sc.Nodes, "messages": sc.Messages}, "", faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   faults,
		Fair:     model.FairActions,
		Props:    Properties(sc.Nodes, sc.Crashes > 0 && !checked.LiveUnderCrashes, checked.Orders),
	}, nil
}

// Properties returns what a suite checks among n processes: NoDuplication, NoCreation and the
// orders (always), SomeoneElsesDelivered (sometimes) and, unless safetyOnly, Validity and
// Agreement (leads-to, under weak fairness: every running process comes to deliver what it
// broadcast, and what any running process delivered) — package multicast's.
func Properties(n int, safetyOnly bool, orders multicast.Order) []model.Property[*actor.State] {
	props := append(multicast.Reliable(n, false), multicast.Orders(n, orders)...)
	if safetyOnly {
		props = slices.DeleteFunc(props, func(p model.Property[*actor.State]) bool { return p.Kind == model.KindLeadsTo })
	}
	return props
}

// Exhaustive returns a scenario searched breadth first, in full: Nodes processes broadcasting
// Messages messages each, up to Crashes of which crash.
func Exhaustive(name, doc string, nodes, messages, crashes int) Scenario {
	return Scenario{Nodes: nodes, Messages: messages, Crashes: crashes, Scenario: conformance.Scenario{Name: name, Doc: doc}}
}

// Walks returns a scenario searched by walks of strategy, under seeds seeds, walks walks
// (conformance.Sampled) of at most depth steps under each.
func Walks(name, doc string, nodes, messages, crashes int, strategy explore.Strategy, seeds int, walks int64, depth int) Scenario {
	sc := Exhaustive(name, doc, nodes, messages, crashes)
	sc.Random, sc.Strategy, sc.Seeds, sc.Walks, sc.Depth = true, strategy, seeds, walks, depth
	return sc
}

// TwoSenders is the first scenario of both suites: two processes broadcasting two messages
// each, exhaustively, each step run twice to check that every process is deterministic.
func TwoSenders() Scenario {
	sc := Exhaustive("two-senders", "two processes broadcast two messages each, at any moment, and the network reorders them (exhaustive)", 2, 2, 0)
	sc.Deterministic = true
	return sc
}

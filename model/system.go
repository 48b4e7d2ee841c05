package model

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/distcheck/distcheck/model/value"
)

// PanicProperty names the built-in property "no node panics" (and, at the spec layer, "Next
// does not panic"). A step in which a node panics leads to a state that violates it, so the
// counterexample's last step shows the panic.
const PanicProperty = "no-panic"

// DeterminismProperty names the built-in property "every node is deterministic", checked when
// System.CheckDeterminism is set.
const DeterminismProperty = "deterministic"

// System is the actor layer: nodes exchanging messages over a network, with fault budgets. It
// implements Model[*State], so every explorer can search it.
//
//	sys := &model.System{
//		Protocol: "pingpong",
//		Nodes:    []model.Node{&Pinger{}, &Ponger{}},
//		Faults:   model.Faults{Drops: 1},
//		Props: []model.Property[*model.State]{
//			properties.Always("at most one pong", ...),
//		},
//	}
//
// The nodes given are the systems' nodes before they start: each initial state holds clones of
// them on which Init has run. Do not change a System after it has been explored.
type System struct {
	// Protocol names the protocol in traces (and for `distcheck replay`, when it is built in).
	Protocol string
	// Params are the protocol's parameters as flag name → value, recorded in traces.
	Params map[string]string
	// Nodes are the nodes, indexed by NodeID.
	Nodes []Node
	// Names optionally names the nodes in diagrams; the default is n0, n1, ...
	Names []string
	// Network is how the network holds messages; the default is Unordered.
	Network NetworkKind
	// Faults are the fault budgets; the default is no faults.
	Faults Faults
	// Props are the properties to check, over global states.
	Props []Property[*State]
	// CheckDeterminism runs every step twice and reports a node whose two runs differ, as a
	// violation of DeterminismProperty. It doubles the cost of exploring.
	CheckDeterminism bool

	once  sync.Once
	err   error
	names []string
	ids   []NodeID
	peers [][]NodeID
	props []Property[*State]
}

// Validate checks the system's configuration: at least one node, no nil node, node types that
// can be cloned and fingerprinted, names that match the nodes, a known network kind,
// non-negative fault budgets and uniquely named properties.
func (sys *System) Validate() error {
	sys.once.Do(func() { sys.err = sys.prepare() })
	return sys.err
}

func (sys *System) prepare() error {
	if len(sys.Nodes) == 0 {
		return fmt.Errorf("system %s: no nodes", sys.label())
	}
	for i, n := range sys.Nodes {
		if n == nil {
			return fmt.Errorf("system %s: node %d is nil", sys.label(), i)
		}
		if err := value.Check(n); err != nil {
			return fmt.Errorf("system %s: node %d: %w", sys.label(), i, err)
		}
	}
	switch {
	case sys.Names != nil && len(sys.Names) != len(sys.Nodes):
		return fmt.Errorf("system %s: %d names for %d nodes", sys.label(), len(sys.Names), len(sys.Nodes))
	case sys.Network > Ordered:
		return fmt.Errorf("system %s: unknown network kind %d", sys.label(), sys.Network)
	}
	if err := sys.Faults.Validate(); err != nil {
		return fmt.Errorf("system %s: %w", sys.label(), err)
	}
	sys.names = sys.Names
	if sys.names == nil {
		for i := range sys.Nodes {
			sys.names = append(sys.names, "n"+strconv.Itoa(i))
		}
	}
	seen := map[string]bool{}
	for _, name := range sys.names {
		if seen[name] {
			return fmt.Errorf("system %s: two nodes are named %q", sys.label(), name)
		}
		seen[name] = true
	}
	for i := range sys.Nodes {
		sys.ids = append(sys.ids, NodeID(i))
	}
	for i := range sys.Nodes {
		var p []NodeID
		for j := range sys.Nodes {
			if j != i {
				p = append(p, NodeID(j))
			}
		}
		sys.peers = append(sys.peers, p)
	}
	sys.props = append(sys.props, sys.Props...)
	sys.props = append(sys.props, Property[*State]{Name: PanicProperty, Kind: KindAlways, Holds: func(s *State) bool {
		return s.failure == nil || s.failure.Kind != FailurePanic
	}})
	if sys.CheckDeterminism {
		sys.props = append(sys.props, Property[*State]{Name: DeterminismProperty, Kind: KindAlways, Holds: func(s *State) bool {
			return s.failure == nil || s.failure.Kind != FailureNondeterministic
		}})
	}
	names := map[string]bool{}
	for _, p := range sys.props {
		if names[p.Name] {
			return fmt.Errorf("system %s: two properties are named %q", sys.label(), p.Name)
		}
		names[p.Name] = true
	}
	return nil
}

func (sys *System) label() string {
	if sys.Protocol == "" {
		return "(unnamed)"
	}
	return sys.Protocol
}

func (sys *System) mustPrepare() {
	if err := sys.Validate(); err != nil {
		panic(err)
	}
}

// Identity returns Protocol and Params.
func (sys *System) Identity() (string, map[string]string) { return sys.Protocol, sys.Params }

// Properties returns Props and the built-in properties (PanicProperty, and
// DeterminismProperty when CheckDeterminism is set).
func (sys *System) Properties() []Property[*State] {
	sys.mustPrepare()
	return sys.props
}

// ActorNames returns the nodes' names.
func (sys *System) ActorNames() []string {
	sys.mustPrepare()
	return sys.names
}

// ActorState describes node i in s: its String method if it has one, else its content (see
// value.Format), followed by its pending timers.
func (sys *System) ActorState(s *State, i int) string {
	slot := &s.nodes[i]
	var text string
	if st, ok := slot.node.(fmt.Stringer); ok {
		text = st.String()
	} else {
		text = value.Format(slot.node)
	}
	if len(slot.timers) > 0 {
		text += " timers=["
		for k, t := range slot.timers {
			if k > 0 {
				text += " "
			}
			text += value.Format(t.t)
		}
		text += "]"
	}
	return text
}

// Fingerprint returns the state's fingerprint; it is maintained incrementally by each step.
func (sys *System) Fingerprint(s *State) uint64 { return value.Finalize(s.hash) }

// Init emits the initial states: each node is cloned from Nodes and its Init runs. If Init makes
// nondeterministic choices, there is an initial state for each combination of the nodes'
// outcomes.
func (sys *System) Init(emit func(*State)) {
	sys.mustPrepare()
	outcomes := make([][]outcome, len(sys.Nodes))
	for i, n := range sys.Nodes {
		slot := nodeSlot{node: n}
		sys.run(NodeID(i), &slot, func(n Node, ctx Context) { n.Init(ctx) }, func(o outcome) {
			outcomes[i] = append(outcomes[i], o)
		})
	}
	pick := make([]int, len(sys.Nodes))
	for {
		s := &State{nodes: make([]nodeSlot, len(sys.Nodes))}
		var sent []Envelope
		for i, k := range pick {
			o := &outcomes[i][k]
			s.nodes[i] = o.slot
			sent = append(sent, o.sent...)
			if o.failure != nil && s.failure == nil {
				s.failure = o.failure
			}
		}
		s.net = (&network{}).with(sys.Network, -1, sent)
		for i := range s.nodes {
			s.hash += s.nodes[i].contrib(i)
		}
		s.hash += s.net.hash + s.failure.contrib()
		emit(s)
		// Advance the odometer over the nodes' outcomes.
		i := len(pick) - 1
		for ; i >= 0; i-- {
			if pick[i]++; pick[i] < len(outcomes[i]) {
				break
			}
			pick[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// Next emits the successors of s: the delivery of each distinct deliverable message, then each
// node's pending timers firing, then the faults that the budgets still allow (dropping each
// distinct message in flight). A state in which a node failed has no successors.
func (sys *System) Next(s *State, emit func(Action, *State)) {
	if s.failure != nil {
		return
	}
	s.net.deliverable(sys.Network, func(i int) {
		env := s.net.msgs[i]
		remove := i
		if sys.Network == Duplicating {
			remove = -1
		}
		a := Action{Kind: ActionDeliver, Node: env.To, From: env.From, Msg: env.Msg}
		sys.step(s, a, remove, func(n Node, ctx Context) { n.Handle(ctx, env.From, env.Msg) }, emit)
	})
	for i := range s.nodes {
		for _, t := range s.nodes[i].timers {
			a := Action{Kind: ActionTimeout, Node: NodeID(i), From: NoNode, Msg: t.t}
			sys.step(s, a, -1, func(n Node, ctx Context) { n.Timeout(ctx, t.t) }, emit)
		}
	}
	if s.used.Drops < sys.Faults.Drops {
		s.net.droppable(func(i int) {
			env := s.net.msgs[i]
			t := &State{nodes: s.nodes, used: s.used, net: s.net.with(sys.Network, i, nil)}
			t.used.Drops++
			t.hash = s.hash - s.net.hash + t.net.hash - s.used.contrib() + t.used.contrib()
			emit(Action{Kind: ActionDrop, Node: env.To, From: env.From, Msg: env.Msg}, t)
		})
	}
}

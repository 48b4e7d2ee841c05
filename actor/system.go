package actor

import (
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// DeterminismProperty names the built-in property "every node is deterministic", checked when
// System.CheckDeterminism is set.
const DeterminismProperty = "deterministic"

// TimerPolicy says when a pending timer may fire in untimed exploration.
type TimerPolicy uint8

// The timer policies.
const (
	// TimersAnytime lets a pending timer fire at any step: a fully asynchronous system, where
	// a timeout says nothing about what other nodes did.
	TimersAnytime TimerPolicy = iota
	// TimersWhenQuiet lets timers fire only when no message can be delivered: a timeout is
	// longer than any message delay, so it fires only once everything deliverable has
	// arrived. Messages held back by a partition, or addressed to a crashed node, do not
	// count. This models a partially synchronous system and keeps retransmission finite. On
	// a Duplicating network, where a delivered message stays deliverable, the network is
	// quiet when no delivery would change the state: every message has had its effect.
	TimersWhenQuiet
	// TimersInOrder is TimersWhenQuiet in a synchronous system: in addition, of the pending
	// timers only those with the earliest deadline may fire (ties in any order). A timer's
	// deadline is the duration given to Context.SetTimer, counted from the step that set it;
	// setting a pending timer again resets it. Time passes only when a timer fires: its
	// deadline becomes the present, and every other pending timer's deadline comes that much
	// closer. Messages take no time. Deadlines are kept relative to the present, so a protocol
	// whose durations are bounded keeps a finite state space; they are part of the state.
	// This models protocols that rest on timeouts of different lengths, such as the bully
	// election's T′ > T.
	TimersInOrder
)

// System is the actor layer: nodes exchanging messages over a network, with fault budgets and
// possibly an adversary. It implements Model[*State], so every explorer can search it.
//
//	sys := &actor.System{
//		Protocol: "pingpong",
//		Nodes:    []actor.Node{&Pinger{}, &Ponger{}},
//		Faults:   actor.Faults{Drops: 1},
//		Props: []model.Property[*actor.State]{
//			properties.Always("at most one pong", ...),
//		},
//	}
//
// The nodes given are the system's nodes before they start: each initial state holds clones of
// them on which Init has run, and a node that recovers from a crash starts again from a clone
// of its original. Do not change a System after it has been explored.
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
	// Byzantine configures an adversary; the default is none.
	Byzantine Byzantine
	// Timers says when timers may fire; the default is TimersAnytime.
	Timers TimerPolicy
	// Fair is the fairness the liveness properties assume; the default is FairNone.
	Fair model.Fairness
	// MaxCopies, if positive, is the most copies of one message that a node's sends can put in
	// flight on a link: further sends of it are lost (a duplication fault can still add a copy).
	// It is an abstraction for protocols that retransmit — a copy already in flight stands for
	// the ones sent after it — and keeps them finite when a receiver is down or cut off.
	MaxCopies int
	// Props are the properties to check, over global states.
	Props []model.Property[*State]
	// CheckDeterminism runs every step twice and reports a node whose two runs differ, as a
	// violation of DeterminismProperty. It doubles the cost of exploring.
	CheckDeterminism bool
	// Symmetry lists groups of interchangeable nodes — copies of one another up to their IDs,
	// such as a protocol's servers — for symmetry reduction (see Symmetric and
	// CheckSymmetry). Slices indexed by node ID in a node's state must be tagged
	// `distcheck:"bynode"` so that renaming moves their elements.
	Symmetry [][]model.NodeID
	// By default a delivery always consumes its message (on Unordered networks), even when the
	// receiver ignores it: the successor is the same system without that message. With
	// System.KeepIgnored, a delivery whose every outcome changes nothing — no node state, no timer,
	// no message sent, no operation recorded, and (deliveries never use one) no fault budget — is
	// not a transition: the message stays in flight and may be delivered later, when the receiver
	// might act on it. This is Stateright's rule, and it can shrink a state space many times over
	// (Stateright's Paxos example: 16,668 states instead of 301,099).
	//
	// What it preserves: the set of reachable node states, timers and histories, so every
	// invariant over them (Always, linearizability and the other history checks) holds with it
	// exactly when it holds without it. A path without KeepIgnored that consumes an ignored message
	// maps to the same path minus that delivery, which leaves the message in flight but changes
	// nothing any node sees; on an unordered network a message in flight never has to be
	// delivered. Properties that look at the messages in flight (State.InFlight) may see extra
	// messages, and state counts differ. Counterexamples stay valid under both rules.
	//
	// What it changes: the state graph that liveness is judged on. An ignored delivery is not an
	// enabled step, so weak fairness does not demand it (a message nobody will act on is not owed a
	// delivery), and on a Duplicating network it removes the self-loops of deliveries that change
	// nothing. With Timers set to TimersWhenQuiet, the network is quiet when no delivery is a
	// transition: a message the receiver ignores does not hold back its timers (without
	// KeepIgnored, on an Unordered network it does until it is consumed). It is refused on Ordered
	// networks, where a message at the head of a link that its receiver ignores would block the
	// link's later messages and so hide reachable states.
	//
	// It applies to deliveries to nodes that run their own code (not the adversary's).
	KeepIgnored bool
	// SendsTo, if not nil, lists for each node the nodes it may send to (its communication
	// topology; nil lists none). Partial-order reduction relies on it to know which nodes can
	// enable a step at another; without it every node may send to every node, which leaves
	// little to reduce. A send to a node not listed fails the step (a violation of
	// model.PanicProperty).
	SendsTo [][]model.NodeID

	symm   symmetry // built from Symmetry on first use
	once   sync.Once
	err    error
	names  []string
	ids    []model.NodeID
	peers  [][]model.NodeID
	byz    []bool
	advIDs []model.NodeID
	splits []split
	noops  *noopCache             // deliveries known to change nothing (Duplicating networks)
	memo   *stepMemo              // outcomes of handler runs
	hists  *internTable[*history] // histories, by their hashes
	// states encodes states (AppendState, ReadState), made on first use.
	states    *codec
	codecOnce sync.Once
}

// Validate checks the system's configuration: at least one node, no nil node, node types that
// can be cloned and fingerprinted, names that match the nodes, a known network kind and timer
// policy, valid fault budgets and adversary, and uniquely named properties.
func (sys *System) Validate() error {
	sys.once.Do(func() { sys.err = sys.prepare() })
	return sys.err
}

func (sys *System) prepare() error {
	n := len(sys.Nodes)
	if n == 0 {
		return fmt.Errorf("system %s: no nodes", sys.label())
	}
	if sys.Names != nil && len(sys.Names) != n {
		return fmt.Errorf("system %s: %d names for %d nodes", sys.label(), len(sys.Names), n)
	}
	sys.names = append([]string(nil), sys.Names...)
	if sys.Names == nil {
		for i := range n {
			sys.names = append(sys.names, "n"+strconv.Itoa(i))
		}
	}
	for i, node := range sys.Nodes {
		if node == nil || (reflect.ValueOf(node).Kind() == reflect.Pointer && reflect.ValueOf(node).IsNil()) {
			return fmt.Errorf("system %s: node %s is nil", sys.label(), sys.names[i])
		}
		if err := value.Check(node); err != nil {
			return fmt.Errorf("system %s: node %s: %w", sys.label(), sys.names[i], err)
		}
	}
	switch {
	case sys.Network > Ordered:
		return fmt.Errorf("system %s: unknown network kind %d", sys.label(), sys.Network)
	case sys.Timers > TimersInOrder:
		return fmt.Errorf("system %s: unknown timer policy %d", sys.label(), sys.Timers)
	case sys.Fair > model.FairActions:
		return fmt.Errorf("system %s: unknown fairness %d", sys.label(), sys.Fair)
	case sys.MaxCopies < 0:
		return fmt.Errorf("system %s: MaxCopies is %d, want ≥ 0", sys.label(), sys.MaxCopies)
	case sys.KeepIgnored && sys.Network == Ordered:
		return fmt.Errorf("system %s: KeepIgnored does not apply to an Ordered network (an ignored message at the head of a link would block it)", sys.label())
	}
	if err := sys.Faults.Validate(n); err != nil {
		return fmt.Errorf("system %s: %w", sys.label(), err)
	}
	if err := sys.validateSendsTo(); err != nil {
		return err
	}
	if err := sys.Byzantine.validate(n); err != nil {
		return fmt.Errorf("system %s: %w", sys.label(), err)
	}
	sys.names = append(sys.names, advNames(sys.Byzantine.Sybils)...)
	seen := map[string]bool{}
	for _, name := range sys.names {
		if seen[name] {
			return fmt.Errorf("system %s: two nodes are named %q", sys.label(), name)
		}
		seen[name] = true
	}
	for i := range n {
		sys.ids = append(sys.ids, model.NodeID(i))
	}
	for i := range n {
		var p []model.NodeID
		for j := range n {
			if j != i {
				p = append(p, model.NodeID(j))
			}
		}
		sys.peers = append(sys.peers, p)
	}
	sys.byz = make([]bool, n)
	for _, id := range sys.Byzantine.Nodes {
		sys.byz[id] = true
	}
	for id, b := range sys.byz {
		if b {
			sys.advIDs = append(sys.advIDs, model.NodeID(id))
		}
	}
	for i := range sys.Byzantine.Sybils {
		sys.advIDs = append(sys.advIDs, model.NodeID(n+i))
	}
	if sys.Faults.Partitions > 0 {
		sys.splits = sys.Faults.splits(n)
	}
	if sys.Network == Duplicating {
		sys.noops = newNoopCache()
	}
	sys.memo = newStepMemo()
	sys.hists = newInternTable[*history](histTableSize)
	return sys.checkProperties()
}

// properties returns Props and the built-in properties, as they are now.
func (sys *System) properties() []model.Property[*State] {
	props := append([]model.Property[*State](nil), sys.Props...)
	props = append(props, model.Property[*State]{Name: model.PanicProperty, Kind: model.KindAlways, Holds: func(s *State) bool {
		return s.failure == nil || s.failure.Kind != FailurePanic
	}})
	if sys.CheckDeterminism {
		props = append(props, model.Property[*State]{Name: DeterminismProperty, Kind: model.KindAlways, Holds: func(s *State) bool {
			return s.failure == nil || s.failure.Kind != FailureNondeterministic
		}})
	}
	return props
}

// checkProperties reports two properties with one name.
func (sys *System) checkProperties() error {
	names := map[string]bool{}
	for _, p := range sys.properties() {
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

// Fairness returns Fair, the fairness the system's liveness properties assume.
func (sys *System) Fairness() model.Fairness { return sys.Fair }

// Add appends n nodes to the system, node i made by newNode(i) and named prefix followed by i
// ("a0", "a1", ...), and returns their IDs. A protocol builds its system group by group with
// it, before the system is validated or explored.
func (sys *System) Add(prefix string, n int, newNode func(i int) Node) []model.NodeID {
	ids := idRange(len(sys.Nodes), n)
	for i := range n {
		sys.Nodes = append(sys.Nodes, newNode(i))
		sys.Names = append(sys.Names, prefix+strconv.Itoa(i))
	}
	return ids
}

// Identity returns Protocol and Params.
func (sys *System) Identity() (string, map[string]string) { return sys.Protocol, sys.Params }

// Properties returns Props and the built-in properties (PanicProperty, and
// DeterminismProperty when CheckDeterminism is set). Unlike the rest of the configuration,
// which Validate reads once, Props and CheckDeterminism are read on every call: a test may add
// a property to a system that a constructor built and validated (the explorers report two
// properties with one name).
func (sys *System) Properties() []model.Property[*State] {
	sys.mustPrepare()
	return sys.properties()
}

// ActorNames returns the nodes' names, followed by the Sybil identities' (s0, s1, ...).
func (sys *System) ActorNames() []string {
	sys.mustPrepare()
	return sys.names
}

// ActorState describes node i in s: its String method if it has one, else its fields (see
// value.DescribeFields), followed by its pending timers, and marked when it is down or Byzantine.
func (sys *System) ActorState(s *State, i int) string {
	slots := s.slots()
	if i >= len(slots) {
		return "(sybil)"
	}
	slot := slots[i]
	var text string
	if st, ok := slot.node.(fmt.Stringer); ok {
		text = st.String()
	} else {
		text = value.DescribeFields(slot.node)
	}
	if len(slot.timers) > 0 {
		text += " timers=["
		for k, t := range slot.timers {
			if k > 0 {
				text += " "
			}
			text += value.Describe(t.t)
			if sys.Timers == TimersInOrder {
				text += "@" + t.due.String()
			}
		}
		text += "]"
	}
	if sys.isByzantine(model.NodeID(i)) {
		text = "(byzantine) " + text
	}
	if slot.down {
		text = "(down) " + text
	}
	return text
}

// Fingerprint returns the state's fingerprint.
func (sys *System) Fingerprint(s *State) uint64 { return s.fingerprint() }

// Init emits the initial states: each node is cloned from Nodes and its Init runs (not for
// Silent Byzantine nodes). If Init makes nondeterministic choices, there is an initial state for
// each combination of the nodes' outcomes.
func (sys *System) Init(emit func(*State)) {
	sys.mustPrepare()
	outcomes := make([][]outcome, len(sys.Nodes))
	for i, n := range sys.Nodes {
		slot := nodeSlot{node: n}
		if !sys.runsCode(model.NodeID(i)) {
			c := value.CloneAny(n).(Node)
			outcomes[i] = []outcome{{slot: &nodeSlot{node: c, hash: value.Hash(c)}}}
			continue
		}
		sys.run(model.NodeID(i), &slot, nil, nil, func(n Node, ctx Context) { n.Init(ctx) }, func(o outcome) {
			outcomes[i] = append(outcomes[i], o)
		})
	}
	pick := make([]int, len(sys.Nodes))
	for {
		s := &State{nodes: make([]*nodeSlot, len(sys.Nodes))}
		var sent []Envelope
		for i, k := range pick {
			o := &outcomes[i][k]
			s.nodes[i] = o.slot
			s.nodesHash += o.slot.contrib(i)
			sent = append(sent, o.sent...)
			if o.hist != nil {
				s.hist = sys.internHistory(s.hist.with(len(sys.Nodes), model.NodeID(i), o.hist.clients[i]))
			}
			if o.failure != nil && s.failure == nil {
				s.failure = o.failure
			}
		}
		s.net = (&network{}).with(sys.Network, -1, sys.keep(s, sent))
		// An initial state is shared by every worker and walker at once: build its lazy parts
		// now, since materialize writes them in place.
		s.materialize()
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

// Next emits the successors of s, in this order: the delivery of each distinct deliverable
// message; each running node's pending timers firing; then the faults the budgets still allow —
// dropping and duplicating each distinct message in flight, crashing each running node,
// recovering each crashed one, splitting the network each way or healing it — and last the
// messages the adversary may send of its own accord. A state in which a node failed has no
// successors.
func (sys *System) Next(s *State, emit func(model.Action, *State)) {
	if s.failure != nil {
		return
	}
	s.materialize()
	quiet := sys.deliveries(s, emit)
	if quiet || sys.Timers == TimersAnytime {
		sys.timeouts(s, emit)
	}
	sys.drops(s, emit)
	sys.duplicates(s, emit)
	sys.crashes(s, emit)
	sys.recoveries(s, emit)
	sys.partitions(s, emit)
	sys.advSends(s, emit)
}

// canDeliver reports whether env may be delivered now: its link is not cut and its receiver is
// up (Sybil identities are always up).
func (sys *System) canDeliver(s *State, env Envelope) bool {
	if s.part.cuts(env.From, env.To) {
		return false
	}
	return sys.isSybil(env.To) || !s.slots()[env.To].down
}

// deliveries emits the delivery of each distinct deliverable message, and reports whether the
// network is quiet: no message could be delivered or, on a Duplicating network, none of the
// deliveries changed the state.
func (sys *System) deliveries(s *State, emit func(model.Action, *State)) (quiet bool) {
	quiet = true
	if sys.Timers != TimersAnytime && (sys.KeepIgnored || sys.Network == Duplicating) {
		// With KeepIgnored every delivery emitted changes something; on a Duplicating network
		// a delivery that leads back to s (or to a state with its fingerprint) does not.
		fp, inner := s.fingerprint(), emit
		emit = func(a model.Action, t *State) {
			if quiet && t != s && t.fingerprint() != fp {
				quiet = false
			}
			inner(a, t)
		}
	}
	s.net.deliverable(sys.Network, func(i int) {
		env := s.net.list()[i]
		if !sys.canDeliver(s, env) {
			return
		}
		remove := i
		if sys.Network == Duplicating {
			remove = -1
		} else if !sys.KeepIgnored {
			quiet = false
		}
		a := model.Action{Kind: model.ActionDeliver, Node: env.To, From: env.From, Msg: env.Msg}
		if !sys.runsCode(env.To) || sys.isSybil(env.To) {
			// The adversary takes the message and, if it may replay, remembers it.
			t := s.derive()
			t.net = s.net.with(sys.Network, remove, nil)
			t.adv = sys.observe(s.adv, env)
			emit(a, t)
			return
		}
		handle := func(n Node, ctx Context) { n.Handle(ctx, env.From, env.Msg) }
		if remove >= 0 || sys.noops == nil || sys.CheckDeterminism || sys.isByzantine(env.To) {
			sys.step(s, a, env.hash, remove, sys.observe(s.adv, env), handle, emit)
			return
		}
		// A duplicating network delivers the same message to the same node state again and
		// again; the handler is deterministic, so once such a delivery changed nothing it is
		// known to change nothing.
		slot := s.slots()[env.To]
		key := value.Mix(value.Mix(value.Mix(value.Mix(slot.hash, slot.thash), uint64(env.From)), uint64(env.To)), env.hash)
		if sys.noops.has(key) {
			if !sys.KeepIgnored {
				emit(a, s)
			}
			return
		}
		steps, noop := 0, false
		ignored := sys.step(s, a, env.hash, remove, sys.observe(s.adv, env), handle, func(a model.Action, t *State) {
			steps++
			noop = t == s && len(a.Choices) == 0
			emit(a, t)
		})
		if (steps == 1 && noop) || (steps == 0 && ignored == 1) {
			sys.noops.add(key)
		}
	})
	return quiet
}

// noopCache remembers deliveries that changed nothing, by a hash of the receiver's state and
// timers, the sender and the message: a direct-mapped table of hashes, safe for concurrent use.
// A collision of 64-bit hashes could make it skip a delivery that matters, with the same odds
// as two states sharing a fingerprint.
type noopCache struct{ slots []atomic.Uint64 }

const noopCacheSize = 1 << 16

func newNoopCache() *noopCache { return &noopCache{slots: make([]atomic.Uint64, noopCacheSize)} }

func (c *noopCache) has(key uint64) bool {
	return c.slots[(key>>32)&(noopCacheSize-1)].Load() == key|1 // 0 marks an empty slot
}

func (c *noopCache) add(key uint64) {
	c.slots[(key>>32)&(noopCacheSize-1)].Store(key | 1)
}

// observe returns the adversary after a message to one of its identities was delivered.
func (sys *System) observe(adv *adversary, env Envelope) *adversary {
	if !sys.Byzantine.Replay || !(sys.isByzantine(env.To) || sys.isSybil(env.To)) {
		return adv
	}
	if adv == nil {
		adv = &adversary{}
	}
	return adv.withSeen(env.Msg, env.hash)
}

// timeouts emits each running node's pending timers firing: under TimersInOrder, only those
// with the earliest deadline, and time advances to it.
func (sys *System) timeouts(s *State, emit func(model.Action, *State)) {
	fires := func(i int) bool { return !s.slots()[i].down && sys.runsCode(model.NodeID(i)) }
	var now time.Duration // the earliest deadline of a timer that can fire (TimersInOrder)
	if sys.Timers == TimersInOrder {
		now = -1
		for i, slot := range s.slots() {
			if len(slot.timers) == 0 || !fires(i) {
				continue
			}
			for _, t := range slot.timers {
				if now < 0 || t.due < now {
					now = t.due
				}
			}
		}
	}
	for i := range s.slots() {
		if !fires(i) {
			continue
		}
		out := emit
		if now > 0 {
			out = func(a model.Action, t *State) { emit(a, advance(t, model.NodeID(i), now)) }
		}
		for _, t := range s.slots()[i].timers {
			if t.due != max(now, 0) {
				continue
			}
			a := model.Action{Kind: model.ActionTimeout, Node: model.NodeID(i), From: model.NoNode, Msg: t.t}
			sys.step(s, a, t.hash, -1, s.adv, func(n Node, ctx Context) { n.Timeout(ctx, t.t) }, out)
		}
	}
}

// advance returns t, a successor of a timer of node i firing at deadline d, with time advanced
// by d at every other node: each pending deadline comes d closer (step did node i's).
func advance(t *State, i model.NodeID, d time.Duration) *State {
	if t.failure != nil {
		return t // a failed step changes nothing else
	}
	slots := t.slots()
	for j, slot := range slots {
		if model.NodeID(j) == i || len(slot.timers) == 0 {
			continue
		}
		moved := *slot
		moved.timers, moved.thash = shifted(slot.timers, d)
		slots[j] = &moved
		t.nodesHash += moved.contrib(j) - slot.contrib(j)
	}
	return t
}

// keep returns the messages of sent that the network keeps: all, unless messages to a node that
// is down are lost, or a message already has MaxCopies copies in flight on its link.
func (sys *System) keep(s *State, sent []Envelope) []Envelope {
	if !sys.Faults.LoseWhileDown && sys.MaxCopies == 0 {
		return sent
	}
	var out []Envelope
	for _, e := range sent {
		if sys.Faults.LoseWhileDown && !sys.isSybil(e.To) && s.slots()[e.To].down {
			continue
		}
		if sys.MaxCopies > 0 && copies(s.net.list(), e)+copies(out, e) >= sys.MaxCopies {
			continue
		}
		out = append(out, e)
	}
	return out
}

// copies counts the copies of e's message on e's link in msgs.
func copies(msgs []Envelope, e Envelope) int {
	n := 0
	for _, m := range msgs {
		if m.same(e) {
			n++
		}
	}
	return n
}

// Validated returns sys once Validate accepts it, or the first error: a constructor that
// builds a system in two steps can end with `return actor.Validated(cfg.Build(...))`.
func Validated(sys *System, err error) (*System, error) {
	if err != nil {
		return nil, err
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// idRange returns the n node IDs from first on.
func idRange(first, n int) []model.NodeID {
	ids := make([]model.NodeID, n)
	for i := range ids {
		ids[i] = model.NodeID(first + i)
	}
	return ids
}

package actor

import (
	"fmt"
	"slices"
	"time"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// State is a global state of a System: every node's state, pending timers and whether it is
// up, the messages in flight, the network's partition, what the adversary has seen, the
// clients' operation history, the faults used so far, and whether a node failed in the step
// that led here. States are immutable and
// share what a step did not change (copy-on-write): a step clones only the node that acts and
// rebuilds only the network it touched.
type State struct {
	// nodes are the nodes' slots, shared between states: a step makes a new slot only for the
	// node that acts, so a state holds one pointer per node and its nodes' states are shared
	// with its parent's (and, through the step memo, with every state that reached them).
	nodes []*nodeSlot
	// nodesHash is the sum of the nodes' contributions, kept up to date step by step.
	nodesHash uint64
	// slotBase, when not nil, makes nodes lazy: they are slotBase's with node slotID's slot
	// replaced by slot, copied on first use (see materialize), so a successor that turns out
	// to be a state seen before never copies them.
	slotBase *State
	slotID   model.NodeID
	slot     *nodeSlot
	net      network
	used     *FaultCounts // nil until a fault is used
	part     split
	adv      *adversary
	hist     *history
	failure  *Failure
	// sentTo, in a state a node's step made, marks the nodes the step sent a message to (bit
	// i%64 for node i), for partial-order reduction; it is not part of the state's value.
	sentTo uint64
}

// fingerprint sums the contributions of the state's parts; each part's is kept or cheap.
func (s *State) fingerprint() uint64 {
	return value.Finalize(s.nodesHash + s.net.hash + s.FaultsUsed().contrib() + s.part.contrib() + s.adv.contrib() + s.hist.contrib() + s.failure.contrib())
}

// derive returns a copy of s that shares all its parts, for a step to replace some of them.
func (s *State) derive() *State {
	t := *s
	t.failure, t.sentTo = nil, 0
	return &t
}

// withSlot returns a copy of s with node i's slot replaced. The copy's nodes are lazy.
func (s *State) withSlot(i model.NodeID, slot *nodeSlot) *State {
	t := s.derive()
	t.nodes, t.slotBase, t.slotID, t.slot = nil, s, i, slot
	t.nodesHash = s.nodesHash - s.slots()[i].contrib(int(i)) + slot.contrib(int(i))
	return t
}

// materialize builds the state's lazy parts: the nodes and the network. A state is owned by one
// goroutine until it is shared (the explorer's worker that made it), so building it in place is
// safe; every accessor calls it.
func (s *State) materialize() {
	s.slots()
	s.net.list()
}

// slots returns the nodes' slots, copying them from the base state first if they are lazy.
func (s *State) slots() []*nodeSlot {
	if s.slotBase != nil {
		nodes := slices.Clone(s.slotBase.slots())
		nodes[s.slotID] = s.slot
		s.nodes, s.slotBase, s.slot = nodes, nil, nil
	}
	return s.nodes
}

// nodeSlot is one node's part of a State: immutable once made, and shared by every state
// whose node it is.
type nodeSlot struct {
	node   Node
	hash   uint64 // value.Hash of node
	timers []pendingTimer
	thash  uint64 // sum of the pending timers' hashes
	down   bool
}

type pendingTimer struct {
	t    Timer
	hash uint64 // value.Hash of t: the timer's identity
	// due is the timer's deadline relative to the state's time, under TimersInOrder (always 0
	// under the other policies, so that their states hash as before).
	due time.Duration
}

// contrib is the timer's share of its slot's thash: its hash, mixed with its deadline if any.
func (p pendingTimer) contrib() uint64 {
	if p.due == 0 {
		return p.hash
	}
	return value.Finalize(value.Mix(p.hash, uint64(p.due)))
}

// shifted returns timers with every deadline moved d earlier (not below 0), as time advances
// by d, and the sum of their contributions.
func shifted(timers []pendingTimer, d time.Duration) ([]pendingTimer, uint64) {
	out := make([]pendingTimer, len(timers))
	var sum uint64
	for k, p := range timers {
		p.due = max(p.due-d, 0)
		out[k] = p
		sum += p.contrib()
	}
	return out, sum
}

// contrib is the slot's share of the state's hash; it depends on the slot's position.
func (n *nodeSlot) contrib(i int) uint64 {
	h := value.Mix(value.Mix(uint64(i)+1, n.hash), n.thash)
	if n.down {
		h = value.Mix(h, 0xd0e5)
	}
	return value.Finalize(h)
}

// FailureKind says how a node failed.
type FailureKind string

// The ways a node can fail during a step.
const (
	// FailurePanic: the node panicked.
	FailurePanic FailureKind = "panic"
	// FailureNondeterministic: running the same step twice gave different results.
	FailureNondeterministic FailureKind = "nondeterministic"
)

// Failure records a node that failed during the step that led to a state. Such a state has no
// successors, and the built-in properties report it.
type Failure struct {
	// Node is the node that failed.
	Node model.NodeID
	// Kind says how.
	Kind FailureKind
	// Message is the panic's value, or what differed between the two runs.
	Message string
	// Where is the file:line in the node's code where it panicked, if known.
	Where string
}

// String describes the failure in one line.
func (f *Failure) String() string {
	s := fmt.Sprintf("node %d: %s: %s", f.Node, f.Kind, f.Message)
	if f.Where != "" {
		s += " (at " + f.Where + ")"
	}
	return s
}

func (f *Failure) contrib() uint64 {
	if f == nil {
		return 0
	}
	return value.Finalize(value.Mix(0xfa11, value.Hash(*f)))
}

// NumNodes returns the number of nodes (not counting Sybil identities).
func (s *State) NumNodes() int { return len(s.slots()) }

// Node returns node i's state. It is shared with other states: read it, never modify it.
func (s *State) Node(i model.NodeID) Node { return s.slots()[i].node }

// NodeAs returns node i's state as type T (usually a pointer to the node's struct). It panics if
// node i is not a T. Read it, never modify it.
func NodeAs[T Node](s *State, i model.NodeID) T { return s.slots()[i].node.(T) }

// Nodes returns every node's state, in order. Read them, never modify them.
func (s *State) Nodes() []Node {
	slots := s.slots()
	out := make([]Node, len(slots))
	for i := range slots {
		out[i] = slots[i].node
	}
	return out
}

// Up reports whether node i is running (not crashed).
func (s *State) Up(i model.NodeID) bool { return !s.slots()[i].down }

// InFlight returns the messages in flight, in a canonical order. The slice is shared: do not
// modify it.
func (s *State) InFlight() []Envelope { return s.net.list() }

// Timers returns node i's pending timers.
func (s *State) Timers(i model.NodeID) []Timer {
	slot := s.slots()[i]
	out := make([]Timer, len(slot.timers))
	for k, t := range slot.timers {
		out[k] = t.t
	}
	return out
}

// Partitioned reports whether the network is split, and if so which group is cut off.
func (s *State) Partitioned() (Partition, bool) { return s.part.payload(), s.part.active }

// FaultsUsed returns how much of each fault budget has been used on the way to this state.
func (s *State) FaultsUsed() FaultCounts {
	if s.used == nil {
		return FaultCounts{}
	}
	return *s.used
}

// Failure returns the failure of the step that led to this state, or nil.
func (s *State) Failure() *Failure { return s.failure }

// withTimer returns timers with t added (if it was not pending) or, if it was pending with
// another deadline, its deadline reset to t's; old is the contribution of the timer replaced
// (0 if none) and changed says whether timers changed.
func withTimer(timers []pendingTimer, t pendingTimer) (out []pendingTimer, old uint64, changed bool) {
	i, found := slices.BinarySearchFunc(timers, t.hash, func(p pendingTimer, h uint64) int {
		switch {
		case p.hash < h:
			return -1
		case p.hash > h:
			return 1
		}
		return 0
	})
	if found {
		if timers[i].due == t.due {
			return timers, 0, false
		}
		out = slices.Clone(timers)
		out[i] = t
		return out, timers[i].contrib(), true
	}
	return slices.Insert(slices.Clip(timers), i, t), 0, true
}

// withoutTimer returns timers with the timer of hash h removed (if it was pending), and the
// removed timer.
func withoutTimer(timers []pendingTimer, h uint64) ([]pendingTimer, pendingTimer, bool) {
	i := slices.IndexFunc(timers, func(p pendingTimer) bool { return p.hash == h })
	if i < 0 {
		return timers, pendingTimer{}, false
	}
	return slices.Delete(slices.Clone(timers), i, i+1), timers[i], true
}

// Snapshot returns a State that holds the given nodes, node i up unless down[i] (down may be
// nil), with no messages in flight, timers or history: a view for judging a System's
// properties over nodes that ran outside the explorer, such as the peers of a timed
// simulation. The nodes are not copied: the caller must not modify them while the State is in
// use.
func Snapshot(nodes []Node, down []bool) *State {
	s := &State{nodes: make([]*nodeSlot, len(nodes))}
	for i, n := range nodes {
		s.nodes[i] = &nodeSlot{node: n, down: i < len(down) && down[i]}
	}
	return s
}

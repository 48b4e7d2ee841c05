package model

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/model/value"
)

// State is a global state of a System: every node's state and pending timers, the messages in
// flight, the faults used so far, and whether a node failed in the step that led here. States
// are immutable and share what a step did not change (copy-on-write): a step clones only the
// node that acts and rebuilds only the network it touched.
type State struct {
	nodes   []nodeSlot
	net     network
	used    Faults
	failure *Failure
	// hash is the sum of the nodes', the network's and the faults' contributions, so a step
	// updates it by subtracting what it replaced and adding what it made.
	hash uint64
}

// nodeSlot is one node's part of a State.
type nodeSlot struct {
	node   Node
	hash   uint64 // value.Hash of node
	timers []pendingTimer
	thash  uint64 // sum of the pending timers' hashes
}

type pendingTimer struct {
	t    Timer
	hash uint64
}

// contrib is the slot's share of the state's hash; it depends on the slot's position.
func (n *nodeSlot) contrib(i int) uint64 {
	return value.Finalize(value.Mix(value.Mix(uint64(i)+1, n.hash), n.thash))
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
	Node NodeID
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

// NumNodes returns the number of nodes.
func (s *State) NumNodes() int { return len(s.nodes) }

// Node returns node i's state. It is shared with other states: read it, never modify it.
func (s *State) Node(i NodeID) Node { return s.nodes[i].node }

// NodeAs returns node i's state as type T (usually a pointer to the node's struct). It panics if
// node i is not a T. Read it, never modify it.
func NodeAs[T Node](s *State, i NodeID) T { return s.nodes[i].node.(T) }

// Nodes returns every node's state, in order. Read them, never modify them.
func (s *State) Nodes() []Node {
	out := make([]Node, len(s.nodes))
	for i := range s.nodes {
		out[i] = s.nodes[i].node
	}
	return out
}

// InFlight returns the messages in flight, in a canonical order. The slice is shared: do not
// modify it.
func (s *State) InFlight() []Envelope { return s.net.msgs }

// Timers returns node i's pending timers.
func (s *State) Timers(i NodeID) []Timer {
	out := make([]Timer, len(s.nodes[i].timers))
	for k, t := range s.nodes[i].timers {
		out[k] = t.t
	}
	return out
}

// FaultsUsed returns how much of each fault budget has been used on the way to this state.
func (s *State) FaultsUsed() Faults { return s.used }

// Failure returns the failure of the step that led to this state, or nil.
func (s *State) Failure() *Failure { return s.failure }

// withTimer returns timers with t added (if it was not pending).
func withTimer(timers []pendingTimer, t pendingTimer) ([]pendingTimer, bool) {
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
		return timers, false
	}
	return slices.Insert(slices.Clip(timers), i, t), true
}

// withoutTimer returns timers with the timer of hash h removed (if it was pending).
func withoutTimer(timers []pendingTimer, h uint64) ([]pendingTimer, bool) {
	i := slices.IndexFunc(timers, func(p pendingTimer) bool { return p.hash == h })
	if i < 0 {
		return timers, false
	}
	return slices.Delete(slices.Clone(timers), i, i+1), true
}

package clocks

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// History is every event recorded in a state of a system of Recorders, with happened-before
// computed from which event sent the message that each receipt received — never from the
// clocks, which it is there to judge.
type History struct {
	// Events are the events, node by node, each node's in order.
	Events []Event
	// Node[i] is the node of Events[i].
	Node  []model.NodeID
	nodes int
	// before[b][a] says Events[a] → Events[b].
	before [][]bool
}

// Trace returns the history of the events recorded in s.
func Trace(s *actor.State) *History {
	h := &History{nodes: s.NumNodes()}
	first := make([]int, s.NumNodes()) // index in Events of each node's first event
	for i := range s.NumNodes() {
		first[i] = len(h.Events)
		for _, e := range s.Node(model.NodeID(i)).(Recorder).Recorded() {
			h.Events = append(h.Events, e)
			h.Node = append(h.Node, model.NodeID(i))
		}
	}
	h.before = make([][]bool, len(h.Events))
	var visit func(b int) []bool
	visit = func(b int) []bool {
		if h.before[b] != nil {
			return h.before[b]
		}
		set := make([]bool, len(h.Events))
		add := func(a int) {
			set[a] = true
			for x, in := range visit(a) {
				set[x] = set[x] || in
			}
		}
		if b > first[h.Node[b]] {
			add(b - 1) // the node's previous event
		}
		if e := h.Events[b]; e.Kind == Receive {
			add(first[e.Peer] + e.Seq) // the send of the message received
		}
		h.before[b] = set
		return set
	}
	for b := range h.Events {
		visit(b)
	}
	return h
}

// Before reports whether Events[a] happened before Events[b].
func (h *History) Before(a, b int) bool { return h.before[b][a] }

// HeardFromAll reports whether some event of every other node happened before Events[b].
func (h *History) HeardFromAll(b int) bool {
	heard := map[model.NodeID]bool{h.Node[b]: true}
	for a, in := range h.before[b] {
		if in {
			heard[h.Node[a]] = true
		}
	}
	return len(heard) == h.nodes
}

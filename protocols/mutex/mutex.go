// Package mutex holds what every mutual-exclusion protocol of the library is checked for, as
// Coulouris, Dollimore, Kindberg and Blair state it ("Distributed Systems: Concepts and
// Design", 5th ed., §15.2): ME1, safety — at most one process in the critical section — and
// ME2, liveness — every request to enter eventually succeeds, so neither deadlock nor
// starvation — over nodes that each enter a bounded number of times.
package mutex

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// State is where a node is with respect to the critical section, in the words of Coulouris et
// al.: released, wanted (asked and waiting) or held.
type State uint8

// The states.
const (
	Released State = iota
	Wanted
	Held
)

// String names the state, the held one in capitals so that it stands out in diagrams.
func (s State) String() string { return [...]string{"released", "wanted", "HELD"}[s] }

// Participant is a node that enters the critical section.
type Participant interface {
	actor.Node
	// InCriticalSection reports whether the node holds the critical section.
	InCriticalSection() bool
	// Entries counts the node's entries into the critical section.
	Entries() int
}

// Properties returns MutualExclusion (always: at most one participant inside), EveryoneEnters
// (eventually: the participants have entered total times in all) and Entered (sometimes: some
// participant is inside). Nodes that are not Participants, such as a server, are skipped.
func Properties(total int) []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always("MutualExclusion", func(s *actor.State) bool { return len(Holders(s)) <= 1 }),
		properties.Eventually("EveryoneEnters", func(s *actor.State) bool { return Entries(s) == total }),
		properties.Sometimes("Entered", func(s *actor.State) bool { return len(Holders(s)) > 0 }),
	}
}

// Holders returns the participants in the critical section in s.
func Holders(s *actor.State) []model.NodeID {
	var out []model.NodeID
	for i := range s.NumNodes() {
		if p, ok := s.Node(model.NodeID(i)).(Participant); ok && p.InCriticalSection() {
			out = append(out, model.NodeID(i))
		}
	}
	return out
}

// Entries counts the entries into the critical section of every participant in s.
func Entries(s *actor.State) int {
	total := 0
	for i := range s.NumNodes() {
		if p, ok := s.Node(model.NodeID(i)).(Participant); ok {
			total += p.Entries()
		}
	}
	return total
}

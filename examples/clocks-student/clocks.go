// Package clocksstudent is where a student writes logical clocks: a Lamport clock, a vector
// clock and the comparison of vector times, with TODOs for their rules. It compiles and its
// clocks never advance; clocks_test.go runs the conformance suite (package clockstest) on
// them — see README.md.
package clocksstudent

import (
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/clocks/clockstest"
)

// Lamport is a Lamport clock (Lamport 1978; Coulouris et al., §14.4). A node embeds it and
// calls one method per event; each returns the event's time.
type Lamport struct {
	Time int
}

// NewLamport returns a Lamport clock at zero.
func NewLamport() clockstest.LamportClock { return &Lamport{} }

// Tick counts a local event.
func (c *Lamport) Tick() int {
	// TODO: LC1: "Li is incremented before each event is issued at process pi."
	return c.Time
}

// Send counts a send and returns the stamp the message carries.
func (c *Lamport) Send() int {
	// TODO: a send is an event (LC1), and the message carries the new time.
	return c.Time
}

// Receive counts the receipt of a message stamped stamp.
func (c *Lamport) Receive(stamp int) int {
	// TODO: LC2: "On receiving (m, t), a process pj computes Lj := max(Lj, t) and then applies
	// LC1 before timestamping the event receive(m)."
	return c.Time
}

// Vector is a vector clock: entry i counts the events of node i that its holder knows of.
type Vector struct {
	Counts []int
	// Self is the index of the holder's own entry. The tag marks configuration, which
	// never changes.
	Self int `distcheck:"-"`
}

// NewVector returns node self's vector clock, at zero, in a system of nodes nodes.
func NewVector(nodes int, self model.NodeID) clockstest.VectorClock {
	return &Vector{Counts: make([]int, nodes), Self: int(self)}
}

// Tick counts a local event and returns the event's time (the suite copies it).
func (v *Vector) Tick() []int {
	// TODO: VC2: "Just before pi timestamps an event, it sets Vi[i] := Vi[i] + 1."
	return v.Counts
}

// Send counts a send and returns the stamp the message carries.
func (v *Vector) Send() []int {
	// TODO: VC3: "pi includes the value t = Vi in every message it sends" — after counting
	// the send (VC2).
	return v.Counts
}

// Receive counts the receipt of a message stamped stamp.
func (v *Vector) Receive(stamp []int) []int {
	// TODO: VC4: "When pi receives a timestamp in a message, it sets Vi[j] := max(Vi[j], t[j]),
	// for j = 1, 2, ..., N" — and counts the receipt (VC2).
	return v.Counts
}

// Less reports whether vector time a is before b: "V ≤ V′ iff V[j] ≤ V′[j] for j = 1, 2, ...,
// N", and V < V′ iff V ≤ V′ and V ≠ V′.
func Less(a, b []int) bool {
	// TODO
	return false
}

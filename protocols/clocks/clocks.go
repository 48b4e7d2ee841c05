package clocks

import (
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/model"
)

// Lamport is a Lamport clock: a counter that a node increments before each event and that
// messages carry, so that an event that happened before another has a smaller clock.
type Lamport int

// Tick counts a local event and returns its time.
func (c *Lamport) Tick() Lamport {
	*c++
	return *c
}

// Send counts a send event and returns the stamp the message carries.
func (c *Lamport) Send() Lamport { return c.Tick() }

// Receive counts the receipt of a message stamped stamp: the clock jumps past both its own
// value and the stamp. It returns the receipt's time.
func (c *Lamport) Receive(stamp Lamport) Lamport {
	*c = max(*c, stamp) + 1
	return *c
}

// Before reports whether the event stamped a at node i comes before the one stamped b at node
// j in Lamport's total order: by timestamp, ties broken by node ID (Lamport 1978, the relation
// ⇒). Mutual-exclusion algorithms order requests by it.
func Before(a Lamport, i model.NodeID, b Lamport, j model.NodeID) bool {
	return a < b || a == b && i < j
}

// Vector is a vector clock: entry i counts the events of node i that the holder knows of.
type Vector []int

// NewVector returns the zero vector clock of a system of n nodes.
func NewVector(n int) Vector { return make(Vector, n) }

// Tick counts a local event of node self and returns a copy of the clock, the event's time.
func (v Vector) Tick(self model.NodeID) Vector {
	v[self]++
	return v.Copy()
}

// Send counts a send event of node self and returns the stamp the message carries, a copy.
func (v Vector) Send(self model.NodeID) Vector { return v.Tick(self) }

// Receive counts node self's receipt of a message stamped stamp: it takes the element-wise
// maximum of the two clocks, then counts the event. It returns a copy, the receipt's time.
func (v Vector) Receive(self model.NodeID, stamp Vector) Vector {
	v.Merge(stamp)
	return v.Tick(self)
}

// Merge sets each entry of v to the larger of it and stamp's.
func (v Vector) Merge(stamp Vector) {
	for i, x := range stamp {
		v[i] = max(v[i], x)
	}
}

// Copy returns a copy of v.
func (v Vector) Copy() Vector { return append(Vector(nil), v...) }

// Less reports whether a < b: no entry of a is larger than b's and the two differ. For the
// clocks of two events, it holds exactly when the first happened before the second.
func Less(a, b Vector) bool {
	differ := false
	for i := range a {
		switch {
		case a[i] > b[i]:
			return false
		case a[i] < b[i]:
			differ = true
		}
	}
	return differ
}

// Concurrent reports whether neither of a and b is less than the other (and they differ): for
// the clocks of two events, that neither happened before the other.
func Concurrent(a, b Vector) bool { return !Less(a, b) && !Less(b, a) && !a.equal(b) }

func (v Vector) equal(w Vector) bool {
	for i := range v {
		if v[i] != w[i] {
			return false
		}
	}
	return len(v) == len(w)
}

// String shows v as [1 0 2].
func (v Vector) String() string {
	var s strings.Builder
	s.WriteByte('[')
	for i, x := range v {
		if i > 0 {
			s.WriteByte(' ')
		}
		s.WriteString(strconv.Itoa(x))
	}
	s.WriteByte(']')
	return s.String()
}

package actor

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/model"
)

// This file is the actor layer's half of partial-order reduction (model.Reducible); System.Ample
// says which sets of steps it takes as ample and why that is sound.

// maySend reports whether node from may send to node to, by System.SendsTo.
func (sys *System) maySend(from, to model.NodeID) bool {
	if sys.SendsTo == nil {
		return true
	}
	return slices.Contains(sys.SendsTo[from], to)
}

// checkSend panics, failing the step, when node from sends to a node that System.SendsTo does
// not list: partial-order reduction relies on it.
func (sys *System) checkSend(from, to model.NodeID) {
	if sys.SendsTo != nil && !sys.isSybil(to) && !sys.maySend(from, to) {
		panic(fmt.Sprintf("node %s sent to %s, which System.SendsTo does not list for it", sys.names[from], sys.names[to]))
	}
}

// validateSendsTo checks SendsTo: one list per node, naming nodes of the system.
func (sys *System) validateSendsTo() error {
	if sys.SendsTo == nil {
		return nil
	}
	if len(sys.SendsTo) != len(sys.Nodes) {
		return fmt.Errorf("system %s: SendsTo has %d lists for %d nodes", sys.label(), len(sys.SendsTo), len(sys.Nodes))
	}
	for i, to := range sys.SendsTo {
		for _, j := range to {
			if j < 0 || int(j) >= len(sys.Nodes) {
				return fmt.Errorf("system %s: SendsTo[%d] names unknown node %d", sys.label(), i, j)
			}
		}
	}
	return nil
}

// CheckReduction reports why partial-order reduction cannot apply to the system: an adversary
// (whose sends depend on everything it has seen), or a property that does not declare what it
// reads (every step would be visible to it, so nothing could be reduced).
func (sys *System) CheckReduction() error {
	if err := sys.Validate(); err != nil {
		return err
	}
	if len(sys.advIDs) > 0 {
		return fmt.Errorf("system %s has a Byzantine adversary, which partial-order reduction does not model", sys.label())
	}
	for _, p := range sys.Props {
		if p.Reads == nil {
			return fmt.Errorf("property %q of %s does not declare the nodes it reads (model.Property.Reads), so every step is visible to it", p.Name, sys.label())
		}
	}
	return nil
}

// readSet returns which nodes the properties read, or nil if one reads everything.
func (sys *System) readSet() []bool {
	read := make([]bool, len(sys.Nodes))
	for _, p := range sys.Props {
		if p.Reads == nil {
			return nil
		}
		for _, id := range p.Reads {
			if id >= 0 && int(id) < len(read) {
				read[id] = true
			}
		}
	}
	return read
}

// faultsAhead reports whether a fault or a repair may still happen on some path from s.
func (sys *System) faultsAhead(s *State) bool {
	f, u := sys.Faults, s.FaultsUsed()
	if u.Drops < f.Drops || (u.Duplicates < f.Duplicates && sys.Network != Duplicating) ||
		u.Crashes < f.Crashes || u.Partitions < f.Partitions || s.part.active {
		return true
	}
	if u.Recoveries < f.Recoveries {
		for i := range s.slots() {
			if s.slots()[i].down {
				return true
			}
		}
	}
	return false
}

// receivers returns the mask of State.sentTo for the messages sent.
func receivers(sent []Envelope) uint64 {
	var m uint64
	for _, e := range sent {
		m |= 1 << (uint(e.To) % 64)
	}
	return m
}

// mask returns the mask of State.sentTo for the nodes read.
func mask(read []bool) uint64 {
	var m uint64
	for i, r := range read {
		if r {
			m |= 1 << (uint(i) % 64)
		}
	}
	return m
}

// Ample returns the indices of an ample set of s's steps (acts[k] leads to succs[k]), or nil
// when s must be expanded in full (model.Reducible); the explorer adds the cycle proviso (see
// package explore).
//
// System implements model.Reducible. The steps it reduces are deliveries and timer firings,
// each at one node; everything else (faults, repairs, the adversary) is a step that depends on
// everything, and a state from which a fault may still happen on some path (a budget left, a
// crashed node that may recover, a split network) is expanded in full. A system with an
// adversary is refused, and so is one with a property that does not declare what it reads
// (model.Property.Reads, set with properties.Reading): the nodes' states, timers and
// whether they are up, and the messages in flight to them. System.SendsTo declares who may
// send to whom; without it, every node may send to every node.
//
// The ample set of a state is every enabled step of a set N of nodes, the smallest over the
// choices of a first node, where N is closed under: a node k is in N if k may send to a node
// of N and k may act before N does — k has a step enabled, a timer pending or a message in
// flight to it, or a node that may act may send to it (with MaxCopies, also if a node of N may
// send to k, since a delivery from a link decides whether a send on it is kept). Why this is
// C1: a step at a node x of N not enabled now is a delivery of a message not yet sent, since
// only x sets its timers; the first such step on a path of steps outside the set is enabled by
// a send from a node outside N that acted before N, and the closure would have put that node in
// N. Steps at different nodes commute: each changes only its node, removes only its message,
// and adds messages (to a multiset, or at the tail of a link), unless it records a client
// operation (the history's order is global) — so a set with a step that records an operation
// is refused. With TimersWhenQuiet or TimersInOrder, a state where timers may fire is expanded
// in full (a timer's sends would disable the other timers, and under TimersInOrder its firing
// moves every node's deadlines), and a reduced set holds a step that changes the state, which
// keeps the network from being quiet until it is taken. Deliveries take no time, so under
// TimersInOrder the deadlines they set commute as the rest of their effects do.
//
// C2: a set is refused when one of its steps changes the state of a node read, sends a
// message to one, records an operation or fails (a node's panic is a property too). A step's
// effect depends only on its node's state and its message, so this does not change while the
// step is postponed.
//
// Among sets of one size, the first start node's wins, or, when fps is given, the set whose
// successors' sorted fingerprints come first (model.Reducible).
func (sys *System) Ample(s *State, acts []model.Action, succs []*State, fps []uint64) []int {
	if len(acts) < 2 || s.failure != nil || len(sys.advIDs) > 0 || sys.faultsAhead(s) {
		return nil
	}
	read := sys.readSet()
	if read == nil {
		return nil
	}
	n := len(sys.Nodes)
	// What each node's enabled steps are like.
	steps := make([][]int, n)
	bad := make([]bool, n) // a step is visible, records an operation or fails
	changing := make([]bool, n)
	sfp := s.fingerprint()
	readMask := mask(read)
	for k, a := range acts {
		if a.Kind != model.ActionDeliver && a.Kind != model.ActionTimeout {
			return nil
		}
		if a.Kind == model.ActionTimeout && sys.Timers != TimersAnytime {
			return nil // timers that fire when the network is quiet disable one another
		}
		x, t := a.Node, succs[k]
		steps[x] = append(steps[x], k)
		same := t == s || t.fingerprint() == sfp
		if !same {
			changing[x] = true
		}
		switch {
		case t.failure != nil || t.hist != s.hist:
			bad[x] = true
		case read[x] && !same:
			bad[x] = true
		case t.sentTo&readMask != 0:
			bad[x] = true // it sends to a node read (with more than 64 nodes, to one that shares its bit)
		}
	}
	movers := 0
	for x := range n {
		if len(steps[x]) > 0 {
			movers++
		}
	}
	if movers < 2 {
		return nil // one node's steps are all there is to take
	}
	active := sys.mayAct(s, steps)
	var best []int
	for start := range n {
		if len(steps[start]) == 0 {
			continue
		}
		in := sys.closure(model.NodeID(start), active)
		var set []int
		ok, changes := true, false
		for x := range n {
			if in[x] && len(steps[x]) > 0 {
				ok = ok && !bad[x]
				changes = changes || changing[x]
				set = append(set, steps[x]...)
			}
		}
		// With timers that wait for a quiet network, a step that changes the state keeps the
		// network from being quiet until it is taken, so no timer fires meanwhile.
		if !ok || (sys.Timers != TimersAnytime && !changes) {
			continue
		}
		if best == nil || len(set) < len(best) || (len(set) == len(best) && fps != nil && before(set, best, fps)) {
			best = set
		}
	}
	if len(best) == len(acts) {
		return nil
	}
	slices.Sort(best)
	return best
}

// mayAct returns the nodes that may take a step before the nodes of an ample set do: those with
// a step enabled, a timer pending or a message in flight to them, and those that such a node
// may send to.
func (sys *System) mayAct(s *State, steps [][]int) []bool {
	n := len(sys.Nodes)
	active := make([]bool, n)
	var work []model.NodeID
	mark := func(x model.NodeID) {
		if int(x) < n && !active[x] {
			active[x] = true
			work = append(work, x)
		}
	}
	for x := range n {
		if len(steps[x]) > 0 || len(s.slots()[x].timers) > 0 {
			mark(model.NodeID(x))
		}
	}
	for _, e := range s.net.list() {
		mark(e.To)
	}
	for len(work) > 0 {
		k := work[len(work)-1]
		work = work[:len(work)-1]
		for y := range n {
			if sys.maySend(k, model.NodeID(y)) {
				mark(model.NodeID(y))
			}
		}
	}
	return active
}

// closure returns the least set of nodes that holds start and every node that may act and may
// send to a node of the set (with MaxCopies, also every node that may act and that a node of
// the set may send to: a delivery from a link changes whether a send on it is kept).
func (sys *System) closure(start model.NodeID, active []bool) []bool {
	n := len(sys.Nodes)
	in := make([]bool, n)
	in[start] = true
	work := []model.NodeID{start}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for k := range n {
			id := model.NodeID(k)
			if in[k] || !active[k] {
				continue
			}
			if sys.maySend(id, x) || (sys.MaxCopies > 0 && sys.maySend(x, id)) {
				in[k] = true
				work = append(work, id)
			}
		}
	}
	return in
}

// before reports whether the sorted fingerprints of set's successors come before those of
// other's, which has as many steps.
func before(set, other []int, fps []uint64) bool {
	key := func(ks []int) []uint64 {
		out := make([]uint64, len(ks))
		for i, k := range ks {
			out[i] = fps[k]
		}
		slices.Sort(out)
		return out
	}
	return slices.Compare(key(set), key(other)) < 0
}

// CheckReductionWithSymmetry reports why the system's ample sets may not commute with the
// renamings of its symmetry groups (model.ReducibleWithSymmetry): they are built from what the
// properties read and from System.SendsTo, so the nodes read must be whole groups and SendsTo
// must be the same after swapping two nodes of a group.
func (sys *System) CheckReductionWithSymmetry() error {
	if err := sys.CheckReduction(); err != nil {
		return err
	}
	read := sys.readSet()
	for g, group := range sys.Symmetry {
		for _, id := range group[1:] {
			if read[id] != read[group[0]] {
				return fmt.Errorf("system %s: its properties read node %s of Symmetry group %d but not node %s; partial-order reduction with symmetry reduction needs the nodes read to be whole groups",
					sys.label(), sys.names[pick(read[id], id, group[0])], g, sys.names[pick(read[id], group[0], id)])
			}
			if from, to, ok := sys.sendsToSymmetric(group[0], id); !ok {
				return fmt.Errorf("system %s: System.SendsTo lets %s send to %s but not the same nodes with %s and %s of Symmetry group %d swapped; partial-order reduction with symmetry reduction needs a topology that renaming keeps",
					sys.label(), sys.names[from], sys.names[to], sys.names[group[0]], sys.names[id], g)
			}
		}
	}
	return nil
}

func pick(first bool, a, b model.NodeID) model.NodeID {
	if first {
		return a
	}
	return b
}

// sendsToSymmetric reports whether System.SendsTo is the same with nodes a and b swapped, and
// if not, a link that the swap does not keep. Swaps of a group's first node with each other
// node generate every permutation of the group.
func (sys *System) sendsToSymmetric(a, b model.NodeID) (from, to model.NodeID, ok bool) {
	swap := func(x model.NodeID) model.NodeID {
		switch x {
		case a:
			return b
		case b:
			return a
		}
		return x
	}
	for i := range sys.Nodes {
		for j := range sys.Nodes {
			x, y := model.NodeID(i), model.NodeID(j)
			if sys.maySend(x, y) != sys.maySend(swap(x), swap(y)) {
				if !sys.maySend(x, y) {
					x, y = swap(x), swap(y)
				}
				return x, y, false
			}
		}
	}
	return 0, 0, true
}

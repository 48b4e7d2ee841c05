package actor

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// symmetry is what a System needs to canonicalize its states, built once.
type symmetry struct {
	once    sync.Once
	err     error
	ren     *value.Renamer
	groups  [][]model.NodeID // each in increasing order
	groupOf []int            // per node: its group's index, or -1
	order   float64
	// orbits remembers the last canonicalizations by the states' own fingerprints: the
	// explorer asks for a state's canonical fingerprint when it is reached and for its orbit's
	// size when it turns out to be new, and one canonicalization answers both.
	orbits *internTable[orbit]
	// runs counts canonicalizations, for tests.
	runs atomic.Int64
}

// orbit is what canonicalizing a state found.
type orbit struct {
	fp   uint64
	size float64
}

var nodeIDType = reflect.TypeFor[model.NodeID]()

// sym returns the system's symmetry, checking it on first use.
func (sys *System) sym() (*symmetry, error) {
	sys.symm.once.Do(func() { sys.symm.err = sys.prepareSymmetry(&sys.symm) })
	return &sys.symm, sys.symm.err
}

// CheckSymmetry reports whether the system can be reduced by symmetry: it declares groups of
// interchangeable nodes (System.Symmetry), each a set of distinct nodes of one type that are
// copies of each other up to their IDs, and has no Byzantine adversary or listed partitions
// (Faults.Splits), which single nodes out.
func (sys *System) CheckSymmetry() error {
	if err := sys.Validate(); err != nil {
		return err
	}
	_, err := sys.sym()
	return err
}

func (sys *System) prepareSymmetry(y *symmetry) error {
	n := len(sys.Nodes)
	switch {
	case len(sys.Symmetry) == 0:
		return fmt.Errorf("system %s: no symmetry declared (System.Symmetry lists groups of interchangeable nodes)", sys.label())
	case len(sys.Byzantine.Nodes) > 0 || sys.Byzantine.Sybils > 0:
		return fmt.Errorf("system %s: symmetry reduction does not support a Byzantine adversary", sys.label())
	case sys.Faults.Splits != nil:
		return fmt.Errorf("system %s: symmetry reduction does not support listed partitions (Faults.Splits)", sys.label())
	}
	y.ren = value.NewRenamer(nodeIDType)
	y.orbits = newInternTable[orbit](orbitTableSize)
	y.groupOf = make([]int, n)
	for i := range y.groupOf {
		y.groupOf[i] = -1
	}
	for g, group := range sys.Symmetry {
		ids := slices.Clone(group)
		slices.Sort(ids)
		for _, id := range ids {
			if id < 0 || int(id) >= n {
				return fmt.Errorf("system %s: Symmetry group %d: no node %d (nodes 0..%d)", sys.label(), g, id, n-1)
			}
			if y.groupOf[id] >= 0 {
				return fmt.Errorf("system %s: Symmetry: node %s is in two groups", sys.label(), sys.names[id])
			}
			y.groupOf[id] = g
		}
		for _, id := range ids[1:] {
			if err := y.interchangeable(sys, ids[0], id); err != nil {
				return fmt.Errorf("system %s: Symmetry group %d: %w", sys.label(), g, err)
			}
		}
		y.groups = append(y.groups, ids)
	}
	y.order = model.GroupOrder(sys.SymmetryGroups())
	return nil
}

// interchangeable checks that nodes a and b are copies of each other up to their IDs.
func (y *symmetry) interchangeable(sys *System, a, b model.NodeID) error {
	na, nb := sys.Nodes[a], sys.Nodes[b]
	if reflect.TypeOf(na) != reflect.TypeOf(nb) {
		return fmt.Errorf("nodes %s (%T) and %s (%T) have different types", sys.names[a], na, sys.names[b], nb)
	}
	swap := identity(len(sys.Nodes))
	swap[a], swap[b] = int64(b), int64(a)
	if y.ren.Hash(na, swap) != y.ren.Hash(nb, identity(len(sys.Nodes))) {
		return fmt.Errorf("node %s is not node %s with the two IDs swapped (a node that stores a list of its peers, or settings of its own, is not interchangeable)", sys.names[b], sys.names[a])
	}
	return nil
}

func identity(n int) []int64 {
	t := make([]int64, n)
	for i := range t {
		t[i] = int64(i)
	}
	return t
}

// SymmetryGroups returns System.Symmetry as actor indexes, each group in increasing order.
func (sys *System) SymmetryGroups() [][]int {
	var out [][]int
	for _, g := range sys.Symmetry {
		ids := make([]int, len(g))
		for i, id := range g {
			ids[i] = int(id)
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	return out
}

// PermutedFingerprint returns the fingerprint of s with node i renamed perm[i], everywhere:
// node states, timers, messages in flight, the partition, the history and every NodeID inside
// them (see value.Renamer).
func (sys *System) PermutedFingerprint(s *State, perm []int) uint64 {
	y, to := sys.renaming(perm)
	return y.permuted(sys, s, to, nil)
}

// renaming returns the system's symmetry and perm as a renaming of every node.
func (sys *System) renaming(perm []int) (*symmetry, []int64) {
	y, err := sys.sym()
	if err != nil {
		panic(err)
	}
	to := identity(len(sys.Nodes))
	for i, p := range perm {
		to[i] = int64(p)
	}
	return y, to
}

// CanonicalFingerprint returns the least PermutedFingerprint of s over the permutations that
// sort each group's nodes by a key that no renaming changes (a hash of the node's state,
// timers and messages with the group's IDs erased): only nodes whose keys tie are tried in
// every order. The least over all permutations is the same for every state of an orbit, and so
// is this one: a permutation sorts s exactly when its composition with a renaming sorts the
// renamed s.
func (sys *System) CanonicalFingerprint(s *State) uint64 { return sys.canonical(s).fp }

// OrbitSize returns the number of distinct states that renamings of the groups map s to.
func (sys *System) OrbitSize(s *State) float64 { return sys.canonical(s).size }

// canonical returns the canonical fingerprint of s and the size of s's orbit, computing them
// unless a recent call for a state with s's fingerprint did.
func (sys *System) canonical(s *State) orbit {
	y, err := sys.sym()
	if err != nil {
		panic(err)
	}
	key := s.fingerprint()
	if o, ok := y.orbits.get(key); ok {
		return o
	}
	fp, size := sys.canonicalize(y, s, nil)
	o := orbit{fp: fp, size: size}
	y.orbits.put(key, o)
	return o
}

// canonicalize computes the canonical fingerprint of s and the size of s's orbit; if argmin is
// not nil, it receives a renaming that gives that fingerprint.
func (sys *System) canonicalize(y *symmetry, s *State, argmin []int64) (uint64, float64) {
	y.runs.Add(1)
	keys := y.keys(sys, s)
	// Each group's nodes, sorted by key; runs of equal keys are tried in every order.
	var runs [][]model.NodeID
	sorted := make([][]model.NodeID, len(y.groups))
	for g, ids := range y.groups {
		sorted[g] = slices.Clone(ids)
		slices.SortStableFunc(sorted[g], func(a, b model.NodeID) int {
			switch {
			case keys[a] < keys[b]:
				return -1
			case keys[a] > keys[b]:
				return 1
			}
			return 0
		})
		for lo := 0; lo < len(ids); {
			hi := lo + 1
			for hi < len(ids) && keys[sorted[g][hi]] == keys[sorted[g][lo]] {
				hi++
			}
			if hi-lo > 1 {
				runs = append(runs, sorted[g][lo:hi])
			}
			lo = hi
		}
	}
	to := identity(len(sys.Nodes))
	best, ties := uint64(0), 0
	var fx *fixedHashes
	if len(runs) > 0 {
		fx = y.fixed(sys, s) // several renamings of s will be hashed
	}
	var rec func(k int)
	rec = func(k int) {
		if k == len(runs) {
			for g, ids := range y.groups {
				for pos, id := range sorted[g] {
					to[id] = int64(ids[pos])
				}
			}
			switch fp := y.permuted(sys, s, to, fx); {
			case ties == 0 || fp < best:
				best, ties = fp, 1
				copy(argmin, to)
			case fp == best:
				ties++
			}
			return
		}
		run := runs[k]
		orig := slices.Clone(run)
		model.EachPermutation(len(run), func(p []int) {
			for i := range run {
				run[i] = orig[p[i]]
			}
			rec(k + 1)
		})
		copy(run, orig)
	}
	rec(0)
	// The permutations that map s to the representative are a coset of s's stabilizer, and
	// all of them sort s: ties counts the stabilizer.
	return best, y.order / float64(ties)
}

// keys returns, per node in a group, a hash of its part of s that no renaming of the groups
// changes: its state, timers and whether it is up with its own ID and its group-mates' erased,
// and the messages it has to receive and has sent with every group member's ID erased.
func (y *symmetry) keys(sys *System, s *State) []uint64 {
	n := len(sys.Nodes)
	erased := identity(n)
	for i, g := range y.groupOf {
		if g >= 0 {
			erased[i] = -3 - int64(g)
		}
	}
	keys := make([]uint64, n)
	self := slices.Clone(erased)
	for i, g := range y.groupOf {
		if g < 0 {
			continue
		}
		self[i] = -2
		keys[i] = y.nodeHash(sys, s, model.NodeID(i), self, 0, nil)
		self[i] = erased[i]
	}
	for _, e := range s.InFlight() {
		h := value.Mix(value.Mix(uint64(rename(e.From, erased)), uint64(rename(e.To, erased))), y.ren.Hash(e.Msg, erased))
		if e.To >= 0 && int(e.To) < n {
			keys[e.To] += value.Finalize(value.Mix(h, 1))
		}
		if e.From >= 0 && int(e.From) < n {
			keys[e.From] += value.Finalize(value.Mix(h, 2))
		}
	}
	return keys
}

func rename(id model.NodeID, to []int64) model.NodeID {
	if id >= 0 && int(id) < len(to) {
		return model.NodeID(to[id])
	}
	return id
}

// nodeHash hashes node i's state, timers and whether it is up, renamed by to, at position pos.
// fx, if not nil, holds the hashes that no renaming changes.
func (y *symmetry) nodeHash(sys *System, s *State, i model.NodeID, to []int64, pos uint64, fx *fixedHashes) uint64 {
	var h, timers uint64
	if fx != nil && fx.nodeOK[i] {
		h = fx.node[i]
	} else {
		h = y.ren.Hash(s.Node(i), to)
	}
	if fx != nil && fx.timersOK[i] {
		timers = fx.timers[i]
	} else {
		timers = y.timersHash(s, i, to)
	}
	h = value.Mix(value.Mix(pos+1, h), timers)
	if !s.Up(i) {
		h = value.Mix(h, 0xd0e5)
	}
	return value.Finalize(h)
}

// permuted returns the fingerprint of s with every node ID x renamed to[x].
// fx, if not nil, holds the hashes of s's parts that no renaming changes.
func (y *symmetry) permuted(sys *System, s *State, to []int64, fx *fixedHashes) uint64 {
	n := len(sys.Nodes)
	var sum uint64
	for i := range n {
		sum += y.nodeHash(sys, s, model.NodeID(i), to, uint64(to[i])+0x100, fx)
	}
	var link struct{ from, to model.NodeID }
	pos := uint64(0)
	for k, e := range s.InFlight() {
		if sys.Network == Ordered {
			// Each link's queue is in order, oldest first: a message's place in it matters.
			if k > 0 && e.From == link.from && e.To == link.to {
				pos++
			} else {
				link.from, link.to, pos = e.From, e.To, 0
			}
		}
		h := value.Mix(value.Mix(uint64(rename(e.From, to))+1, uint64(rename(e.To, to))+1), pos)
		var mh uint64
		if fx != nil && fx.msgOK[k] {
			mh = fx.msg[k]
		} else {
			mh = y.ren.Hash(e.Msg, to)
		}
		sum += value.Finalize(value.Mix(h, mh))
	}
	sum += s.FaultsUsed().contrib()
	if p, ok := s.Partitioned(); ok {
		var mask uint64
		for _, id := range p.Group {
			mask |= 1 << uint(rename(id, to))
		}
		if !p.OneWay && mask&1 == 1 { // a group and its complement cut the same links
			mask ^= 1<<uint(n) - 1
		}
		sum += split{active: true, group: mask, oneWay: p.OneWay}.contrib()
	}
	sum += y.historyHash(s, to)
	if f := s.Failure(); f != nil {
		g := *f
		g.Node = rename(f.Node, to)
		sum += g.contrib()
	}
	return value.Finalize(sum)
}

// historyHash hashes the recorded operations with clients renamed: an operation's client, its
// input and output, and its Before counts, which are indexed by client.
func (y *symmetry) historyHash(s *State, to []int64) uint64 {
	if s.hist == nil {
		return 0
	}
	var sum uint64
	for _, ops := range s.hist.clients {
		for i := range ops {
			op := &ops[i]
			x := value.Mix(uint64(rename(op.ID.Client, to))+1, uint64(op.ID.Index))
			x = value.Mix(x, y.ren.Hash(op.Input, to))
			if op.Returned {
				x = value.Mix(x, y.ren.Hash(op.Output, to)^0x9e7)
			}
			var before uint64
			for c, b := range op.Before {
				before += value.Finalize(value.Mix(uint64(rename(model.NodeID(c), to)), uint64(b)))
			}
			sum += value.Finalize(value.Mix(x, before))
		}
	}
	return value.Finalize(value.Mix(0x4157, sum))
}

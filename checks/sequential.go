package checks

import (
	"cmp"
	"slices"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// SequentiallyConsistent returns an invariant: the history of operations that the clients
// recorded is sequentially consistent with respect to the sequential specification m — some
// order of all the operations, which keeps each client's operations in the order the client
// issued them, is one that m accepts. Unlike linearizability it ignores real time: a read may
// return a stale value, as long as every client sees the writes in one order. Operations that
// never returned may or may not have taken effect (see Unknown). m's Partition is not used:
// sequential consistency is not compositional, so a history can be sequentially consistent key
// by key and not as a whole.
//
// Verdicts are cached by a fingerprint of the history, as Linearizable's are. The checker is a
// depth-first search over the clients' positions, which remembers the (positions, state) pairs
// it has failed from: fast for the histories of a model checker, exponential in the number of
// clients in the worst case. Bad histories make the property panic, as Linearizable's do.
func SequentiallyConsistent(name string, m porcupine.Model) model.Property[*actor.State] {
	c := &historyCheck{name: name, m: m, realTime: false, check: IsSequentiallyConsistent}
	return model.Property[*actor.State]{Name: name, Kind: model.KindAlways, Holds: c.holds}
}

// IsSequentiallyConsistent reports whether h is sequentially consistent with respect to m (see
// SequentiallyConsistent). It returns an error, and no verdict, when m is incomplete or refuses
// one of h's operations.
func IsSequentiallyConsistent(m porcupine.Model, h *History) (bool, error) {
	s, err := newSpec(m)
	if err != nil {
		return false, err
	}
	h = h.reduced(false)
	if err := s.probe(h); err != nil {
		return false, err
	}
	// A linearizable history is sequentially consistent, and porcupine finds out fast.
	var lin bool
	if err := catch(func() { lin = porcupine.CheckOperations(m, h.reduced(true).operations(false)) }); err != nil {
		return false, err
	}
	if lin {
		return true, nil
	}
	var clients [][]*hop
	for i := range h.ops {
		op := &h.ops[i]
		if i == 0 || op.client != h.ops[i-1].client {
			clients = append(clients, nil)
		}
		clients[len(clients)-1] = append(clients[len(clients)-1], op)
	}
	sc := &seqSearch{s: s, clients: clients, pos: make([]int, len(clients)), failed: map[uint64][]seqMemo{}}
	var ok bool
	err = catch(func() { ok = sc.search(s.init(), len(h.ops)) })
	return ok, err
}

// seqSearch looks for an order of the clients' operations that the model accepts.
type seqSearch struct {
	s       *spec
	clients [][]*hop
	pos     []int // the next operation of each client
	failed  map[uint64][]seqMemo
}

// seqMemo is a point of the search known to lead nowhere.
type seqMemo struct {
	pos   []int
	state any
}

// search reports whether the remaining operations can follow, from state.
func (sc *seqSearch) search(state any, left int) bool {
	if left == 0 {
		return true
	}
	key := sc.key(state)
	for _, f := range sc.failed[key] {
		if slices.Equal(f.pos, sc.pos) && sc.s.equal(f.state, state) {
			return false
		}
	}
	for _, c := range sc.order() {
		op := sc.clients[c][sc.pos[c]]
		ok, next := sc.s.step(state, op.input, op.output)
		if !ok {
			continue
		}
		sc.pos[c]++
		found := sc.search(next, left-1)
		sc.pos[c]--
		if found {
			return true
		}
	}
	sc.failed[key] = append(sc.failed[key], seqMemo{pos: append([]int(nil), sc.pos...), state: state})
	return false
}

// order returns the clients that have operations left, the one whose next operation was
// invoked first first: histories that are nearly linearizable are then found nearly in order.
func (sc *seqSearch) order() []int {
	var out []int
	for c, ops := range sc.clients {
		if sc.pos[c] < len(ops) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b int) int {
		return cmp.Compare(sc.clients[a][sc.pos[a]].call, sc.clients[b][sc.pos[b]].call)
	})
	return out
}

// key hashes the positions and, if the model can, the state.
func (sc *seqSearch) key(state any) uint64 {
	h := uint64(0x5ec)
	for _, p := range sc.pos {
		h = value.Mix(h, uint64(p))
	}
	if sc.s.hash != nil {
		h = value.Mix(h, sc.s.hash(state))
	}
	return value.Finalize(h)
}

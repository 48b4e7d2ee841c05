package actor

import (
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// fixedHashes holds, for one state, the renamed hashes of its parts that no renaming changes —
// node states, timers and messages whose types hold no NodeID — so that canonicalization,
// which hashes a state under several renamings, computes them once. ok[i] says whether the
// hash at i is fixed; the others depend on the renaming and are computed each time.
type fixedHashes struct {
	node, timers, msg       []uint64
	nodeOK, timersOK, msgOK []bool
}

// fixed computes s's fixed hashes.
func (y *symmetry) fixed(sys *System, s *State) *fixedHashes {
	n := len(sys.Nodes)
	msgs := s.InFlight()
	fx := &fixedHashes{
		node: make([]uint64, n), timers: make([]uint64, n), msg: make([]uint64, len(msgs)),
		nodeOK: make([]bool, n), timersOK: make([]bool, n), msgOK: make([]bool, len(msgs)),
	}
	for i := range n {
		id := model.NodeID(i)
		if node := s.Node(id); !y.ren.Holds(node) {
			fx.node[i], fx.nodeOK[i] = y.ren.Hash(node, nil), true
		}
		fixed := true
		for _, t := range s.Timers(id) {
			fixed = fixed && !y.ren.Holds(t)
		}
		if fixed {
			fx.timers[i], fx.timersOK[i] = y.timersHash(s, id, nil), true
		}
	}
	for k, e := range msgs {
		if !y.ren.Holds(e.Msg) {
			fx.msg[k], fx.msgOK[k] = y.ren.Hash(e.Msg, nil), true
		}
	}
	return fx
}

// timersHash hashes node i's pending timers, renamed by to, with their deadlines (which
// travel with them), in no particular order.
func (y *symmetry) timersHash(s *State, i model.NodeID, to []int64) uint64 {
	var sum uint64
	for _, t := range s.slots()[i].timers {
		h := y.ren.Hash(t.t, to)
		if t.due != 0 {
			h = value.Mix(h, uint64(t.due))
		}
		sum += value.Finalize(h)
	}
	return sum
}

package actor

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// OpID identifies an operation in a history: the client and the operation's index among the
// client's operations.
type OpID struct {
	Client model.NodeID
	Index  int
}

// Op is a client operation recorded for consistency checks (package checks): its input, and
// its output once it returns. Before says what had happened when it was invoked: Before[c] is
// the number of client c's operations that had returned, so an operation A of client c
// precedes this one in real time exactly when A.Index < Before[c]. Recording that, rather than
// a global clock, keeps two interleavings with the same real-time order the same state.
type Op struct {
	ID       OpID
	Input    any
	Output   any
	Returned bool
	Before   []int
}

// history is the operations of a State, per client: immutable, shared copy-on-write.
type history struct {
	clients [][]Op // indexed by NodeID; nil for nodes that record nothing
	hash    uint64
}

func (h *history) contrib() uint64 {
	if h == nil {
		return 0
	}
	return value.Finalize(value.Mix(0x4157, h.hash))
}

// opHash fingerprints one recorded operation.
func opHash(op *Op) uint64 {
	x := value.Mix(uint64(op.ID.Client)+1, uint64(op.ID.Index))
	x = value.Mix(x, value.Hash(op.Input))
	if op.Returned {
		x = value.Mix(x, value.Hash(op.Output)^0x9e7)
	}
	for _, b := range op.Before {
		x = value.Mix(x, uint64(b))
	}
	return value.Finalize(x)
}

// returned counts each client's operations that have returned.
func (h *history) returned(n int) []int {
	out := make([]int, n)
	if h == nil {
		return out
	}
	for c, ops := range h.clients {
		for _, op := range ops {
			if op.Returned {
				out[c]++
			}
		}
	}
	return out
}

// with returns the history with client c's operations replaced by ops.
func (h *history) with(n int, c model.NodeID, ops []Op) *history {
	out := &history{clients: make([][]Op, n)}
	if h != nil {
		copy(out.clients, h.clients)
		out.hash = h.hash
		for i := range h.clients[c] {
			out.hash -= opHash(&h.clients[c][i])
		}
	}
	out.clients[c] = ops
	for i := range ops {
		out.hash += opHash(&ops[i])
	}
	return out
}

// History returns the recorded operations, client by client, each client's in the order it
// invoked them. The slices are shared: do not modify them.
func (s *State) History() []Op {
	if s.hist == nil {
		return nil
	}
	var out []Op
	for _, ops := range s.hist.clients {
		out = append(out, ops...)
	}
	return out
}

// HistoryFingerprint returns a 64-bit fingerprint of the recorded operations, 0 when there are
// none: two states with equal history fingerprints have the same history (with the odds of a
// fingerprint collision). Checks of the history can cache their verdicts by it; it is kept up
// to date step by step, so reading it costs nothing.
func (s *State) HistoryFingerprint() uint64 { return s.hist.contrib() }

// invoke records, in the step's context, that the node starts an operation.
func (c *stepCtx) invoke(input any) OpID {
	n := len(c.sys.Nodes)
	var ops []Op
	if c.hist != nil {
		ops = slices.Clone(c.hist.clients[c.id])
	}
	id := OpID{Client: c.id, Index: len(ops)}
	ops = append(ops, Op{ID: id, Input: input, Before: c.hist.returned(n)})
	c.hist = c.sys.internHistory(c.hist.with(n, c.id, ops))
	return id
}

// ret records, in the step's context, that the node's operation id returned output.
func (c *stepCtx) ret(id OpID, output any) {
	if id.Client != c.id {
		panic(fmt.Sprintf("Return of operation %d of node %d by node %d: a client returns its own operations", id.Index, id.Client, c.id))
	}
	if c.hist == nil || id.Index < 0 || id.Index >= len(c.hist.clients[c.id]) {
		panic(fmt.Sprintf("Return of operation %d of node %d, which it never invoked", id.Index, id.Client))
	}
	ops := slices.Clone(c.hist.clients[c.id])
	if ops[id.Index].Returned {
		panic(fmt.Sprintf("Return of operation %d of node %d, which returned already", id.Index, id.Client))
	}
	ops[id.Index].Output, ops[id.Index].Returned = output, true
	c.hist = c.sys.internHistory(c.hist.with(len(c.sys.Nodes), c.id, ops))
}

package checks

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// History is a validated history of client operations, ready to check: each client's
// operations in the order it invoked them, one at a time, and when each was invoked and
// returned on a common timeline, so that an operation precedes another in real time exactly
// when it returned before the other was invoked. Build one with FromState, FromOps or
// NewHistory; they refuse histories that cannot have happened.
type History struct {
	ops []hop // by client, then by the client's order
}

// hop is one operation of a History.
type hop struct {
	client  int // the client: a node's ID, or a hand-built history's client number
	index   int // the operation's position among the client's
	input   any
	output  any // Unknown{} when pending
	pending bool
	call    int64
	ret     int64 // math.MaxInt64 when pending
	node    bool  // whether client is a node's ID (recorded histories) or a client number
	meta    string
}

// name names the operation in errors and drawings: "node 2's operation 1", "client 0's
// operation 3".
func (op *hop) name() string {
	who := "client"
	if op.node {
		who = "node"
	}
	return fmt.Sprintf("%s %d's operation %d", who, op.client, op.index)
}

// Operation is one operation of a hand-built history (NewHistory), with the times of its
// invocation and return on any clock that all clients share.
type Operation struct {
	// Client is the client that invoked it, ≥ 0. A client runs one operation at a time.
	Client int
	// Input is the operation (usually an Input); Output is what it returned (usually a Result).
	Input, Output any
	// Call and Return are when it was invoked and when it returned.
	Call, Return int64
	// Pending says it never returned: it may or may not have taken effect. Output and Return
	// are ignored.
	Pending bool
}

// readOnly is implemented by operation inputs that can say whether they leave the object as it
// is, like Input.
type readOnly interface {
	ReadOnly() bool
}

// Len returns the number of operations.
func (h *History) Len() int { return len(h.ops) }

// Pending returns the number of operations that never returned.
func (h *History) Pending() int {
	n := 0
	for _, op := range h.ops {
		if op.pending {
			n++
		}
	}
	return n
}

// Operations returns the history as porcupine operations: ClientId numbers the clients densely
// in the order of their IDs, an operation that never returned has output Unknown{} and returns
// after everything else, and Metadata names the client and the operation.
func (h *History) Operations() []porcupine.Operation { return h.operations(true) }

// operations is Operations, with Metadata only if meta is set.
func (h *History) operations(meta bool) []porcupine.Operation {
	dense := map[int]int{}
	out := make([]porcupine.Operation, len(h.ops))
	for i, op := range h.ops {
		id, ok := dense[op.client]
		if !ok {
			id = len(dense)
			dense[op.client] = id
		}
		out[i] = porcupine.Operation{ClientId: id, Input: op.input, Call: op.call, Output: op.output, Return: op.ret}
		if meta {
			out[i].Metadata = op.meta
			if op.meta == "" {
				out[i].Metadata = h.ops[i].name()
			}
		}
	}
	return out
}

// clients returns the clients in the order of Operations' dense ClientIds.
func (h *History) clients() []int {
	var out []int
	for i, op := range h.ops {
		if i == 0 || op.client != h.ops[i-1].client {
			out = append(out, op.client)
		}
	}
	return out
}

// String renders the history one operation a line, in the order of their invocations: the
// client (a node, for recorded histories), the interval, the operation and its output.
func (h *History) String() string {
	ops := slices.Clone(h.ops)
	slices.SortStableFunc(ops, func(a, b hop) int { return cmp.Compare(a.call, b.call) })
	var b strings.Builder
	for _, op := range ops {
		ret := fmt.Sprint(op.ret)
		if op.pending {
			ret = "∞"
		}
		who := "client"
		if op.node {
			who = "node"
		}
		fmt.Fprintf(&b, "%s %d [%d, %s] %s\n", who, op.client, op.call, ret, describe(op.input, op.output))
	}
	return b.String()
}

// NewHistory builds a History from hand-built operations, and refuses one that cannot have
// happened: an operation that returns before it is invoked, two operations of the same client
// that overlap, a negative client, or an input whose Validate method (see model.Validator) reports
// an error — an Input of an unknown kind, say.
func NewHistory(ops []Operation) (*History, error) {
	h := &History{ops: make([]hop, 0, len(ops))}
	for i, op := range ops {
		where := fmt.Sprintf("history: operation %d (client %d, %v)", i, op.Client, op.Input)
		switch {
		case op.Client < 0:
			return nil, fmt.Errorf("%s: client %d is negative", where, op.Client)
		case !op.Pending && op.Return < op.Call:
			return nil, fmt.Errorf("%s: returns at %d, before it is invoked at %d", where, op.Return, op.Call)
		case op.Pending && op.Call == math.MaxInt64:
			return nil, fmt.Errorf("%s: invoked at the end of time (%d)", where, op.Call)
		}
		if err := validInput(op.Input); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		x := hop{client: op.Client, input: op.Input, output: op.Output, call: op.Call, ret: op.Return, pending: op.Pending}
		if op.Pending {
			x.output, x.ret = Unknown{}, math.MaxInt64
		}
		h.ops = append(h.ops, x)
	}
	slices.SortStableFunc(h.ops, func(a, b hop) int {
		return cmp.Or(cmp.Compare(a.client, b.client), cmp.Compare(a.call, b.call))
	})
	for i := range h.ops {
		if i > 0 && h.ops[i].client == h.ops[i-1].client {
			a, b := &h.ops[i-1], &h.ops[i]
			b.index = a.index + 1
			if a.ret >= b.call {
				return nil, fmt.Errorf("history: client %d runs %v and %v at the same time (%s and %s overlap): a client runs one operation at a time",
					a.client, a.input, b.input, span(a), span(b))
			}
		}
	}
	return h, nil
}

// span renders an operation's interval.
func span(op *hop) string {
	if op.pending {
		return fmt.Sprintf("[%d, never returned]", op.call)
	}
	return fmt.Sprintf("[%d, %d]", op.call, op.ret)
}

// validInput reports a malformed input (see model.Validator).
func validInput(in any) error {
	if in == nil {
		return fmt.Errorf("no input")
	}
	if v, ok := in.(model.Validator); ok {
		return v.Validate()
	}
	return nil
}

// FromState returns the history of operations recorded in s (actor.Context.Invoke, Return).
// See FromOps.
func FromState(s *actor.State) (*History, error) { return FromOps(s.History()) }

// FromOps builds a History from recorded operations (as State.History returns them, or built
// by hand), placing them on a timeline that has exactly the real-time order their Before
// vectors record: A returned before B was invoked exactly when B.Before[A's client] > A's
// index. It refuses operations that cannot have happened: indexes out of order, a client that
// invokes an operation while its previous one is pending (clients run one operation at a time),
// a Before that counts operations a client never returned, an order with a cycle (some
// operation returned before it was invoked), or an input whose Validate method reports an
// error.
func FromOps(ops []actor.Op) (*History, error) {
	byClient, err := groupOps(ops)
	if err != nil {
		return nil, err
	}
	t, err := timeline(byClient)
	if err != nil {
		return nil, err
	}
	h := &History{ops: make([]hop, 0, len(ops))}
	for c, list := range byClient {
		for i, op := range list {
			x := hop{client: int(op.ID.Client), index: i, input: op.Input, output: op.Output, pending: !op.Returned,
				call: t.call[c][i], ret: math.MaxInt64, node: true}
			if op.Returned {
				x.ret = t.ret[c][i]
			} else {
				x.output = Unknown{}
			}
			h.ops = append(h.ops, x)
		}
	}
	return h, nil
}

// clientOps is one client's operations, in order.
type clientOps = []actor.Op

// groupOps groups operations by client, in the order of the clients' IDs, and checks what can
// be checked one operation at a time.
func groupOps(ops []actor.Op) ([]clientOps, error) {
	var ids []model.NodeID
	by := map[model.NodeID][]actor.Op{}
	for _, op := range ops {
		if _, ok := by[op.ID.Client]; !ok {
			ids = append(ids, op.ID.Client)
		}
		by[op.ID.Client] = append(by[op.ID.Client], op)
	}
	slices.Sort(ids)
	out := make([]clientOps, len(ids))
	for k, id := range ids {
		list := by[id]
		slices.SortStableFunc(list, func(a, b actor.Op) int { return cmp.Compare(a.ID.Index, b.ID.Index) })
		for i, op := range list {
			where := func() string { return fmt.Sprintf("history: node %d's operation %d (%v)", id, op.ID.Index, op.Input) }
			switch {
			case id < 0:
				return nil, fmt.Errorf("%s: node %d is negative", where(), id)
			case op.ID.Index != i:
				return nil, fmt.Errorf("%s: expected operation %d here (each client's operations are numbered 0, 1, ... without gaps or repeats)", where(), i)
			case int(id) >= len(op.Before):
				return nil, fmt.Errorf("%s: Before has %d entries, so it says nothing of node %d itself", where(), len(op.Before), id)
			case op.Before[id] != i:
				return nil, fmt.Errorf("%s: invoked while operation %d of the same node was pending (Before counts %d of its operations returned): a client runs one operation at a time", where(), op.Before[id], op.Before[id])
			}
			if err := validInput(op.Input); err != nil {
				return nil, fmt.Errorf("%s: %w", where(), err)
			}
		}
		out[k] = list
	}
	for _, list := range out {
		for _, op := range list {
			for d, n := range op.Before {
				if n == 0 {
					continue
				}
				other := by[model.NodeID(d)]
				if n > len(other) || !other[n-1].Returned {
					return nil, fmt.Errorf("history: node %d's operation %d (%v): Before says node %d had returned %d operations when it was invoked, but node %d returned only %d",
						op.ID.Client, op.ID.Index, op.Input, d, n, d, returnedCount(other))
				}
			}
		}
	}
	return out, nil
}

func returnedCount(ops []actor.Op) int {
	n := 0
	for _, op := range ops {
		if op.Returned {
			n++
		}
	}
	return n
}

// times are the invocation and return times of each client's operations.
type times struct {
	call, ret [][]int64
}

// timeline gives every invocation and return a time, as a topological order of the real-time
// constraints: a client's events in order; for each operation B and other client d with
// k = B.Before[d], d's operation k-1 returned before B was invoked, and B was invoked before d's
// operation k returned. Those imply all the others, as a client runs one operation at a time.
func timeline(byClient []clientOps) (times, error) {
	// Events are numbered: client c's operation i is invoked at event base[c]+2i and returns at
	// base[c]+2i+1.
	base := make([]int, len(byClient)+1)
	index := map[model.NodeID]int{}
	for c, list := range byClient {
		base[c+1] = base[c] + 2*len(list)
		if len(list) > 0 {
			index[list[0].ID.Client] = c
		}
	}
	n := base[len(byClient)]
	succ := make([][]int32, n)
	indeg := make([]int32, n)
	edge := func(a, b int) {
		succ[a] = append(succ[a], int32(b))
		indeg[b]++
	}
	for c, list := range byClient {
		for i, op := range list {
			call := base[c] + 2*i
			if op.Returned {
				edge(call, call+1)
			}
			if i+1 < len(list) {
				edge(call+1, call+2)
			}
			for d, k := range op.Before {
				e, ok := index[model.NodeID(d)]
				if !ok || e == c {
					continue
				}
				if k > 0 {
					edge(base[e]+2*(k-1)+1, call)
				}
				if k < len(byClient[e]) && byClient[e][k].Returned {
					edge(call, base[e]+2*k+1)
				}
			}
		}
	}
	// Kahn's algorithm, first in first out from the events in order, so that the times are
	// the same in every run.
	t := times{call: make([][]int64, len(byClient)), ret: make([][]int64, len(byClient))}
	for c, list := range byClient {
		t.call[c] = make([]int64, len(list))
		t.ret[c] = make([]int64, len(list))
	}
	queue := make([]int32, 0, n)
	for e := range n {
		if indeg[e] == 0 && isEvent(byClient, base, e) {
			queue = append(queue, int32(e))
		}
	}
	placed := 0
	for len(queue) > 0 {
		e := int(queue[0])
		queue = queue[1:]
		c, _ := slices.BinarySearch(base, e+1)
		c--
		i := (e - base[c]) / 2
		if (e-base[c])%2 == 0 {
			t.call[c][i] = int64(placed)
		} else {
			t.ret[c][i] = int64(placed)
		}
		placed++
		for _, f := range succ[e] {
			if indeg[f]--; indeg[f] == 0 {
				queue = append(queue, f)
			}
		}
	}
	if want := events(byClient); placed < want {
		return t, cycleError(byClient, base, indeg)
	}
	return t, nil
}

// isEvent reports whether event e happened: a return happens only for returned operations.
func isEvent(byClient []clientOps, base []int, e int) bool {
	c, _ := slices.BinarySearch(base, e+1)
	c--
	return (e-base[c])%2 == 0 || byClient[c][(e-base[c])/2].Returned
}

// events counts the invocations and returns that happened.
func events(byClient []clientOps) int {
	n := 0
	for _, list := range byClient {
		n += len(list) + returnedCount(list)
	}
	return n
}

// cycleError describes a history whose real-time order has a cycle, naming operations on it.
func cycleError(byClient []clientOps, base []int, indeg []int32) error {
	var stuck []string
	for c, list := range byClient {
		for i, op := range list {
			if indeg[base[c]+2*i] > 0 && len(stuck) < 4 {
				stuck = append(stuck, fmt.Sprintf("node %d's operation %d (%v)", op.ID.Client, i, op.Input))
			}
		}
	}
	return fmt.Errorf("history: the Before vectors order operations in a cycle, so some operation returned before it was invoked (among %s)", strings.Join(stuck, ", "))
}

// reduced returns the history without the pending operations that cannot matter: those that
// only read (see Input.ReadOnly), and, when realTime is set, those invoked after every operation
// that returned had returned — they can take effect after everything else, where nobody sees
// them. It shares h's operations.
func (h *History) reduced(realTime bool) *History {
	var lastRet int64 = math.MinInt64
	for _, op := range h.ops {
		if !op.pending {
			lastRet = max(lastRet, op.ret)
		}
	}
	out := &History{ops: make([]hop, 0, len(h.ops))}
	for _, op := range h.ops {
		if op.pending && (isReadOnly(op.input) || realTime && op.call > lastRet) {
			continue
		}
		out.ops = append(out.ops, op)
	}
	return out
}

func isReadOnly(in any) bool {
	r, ok := in.(readOnly)
	return ok && r.ReadOnly()
}

// blind is implemented by operation inputs that can say whether their output means
// nothing, like Input.
type blind interface {
	ReturnsNothing() bool
}

func returnsNothing(in any) bool {
	r, ok := in.(blind)
	return ok && r.ReturnsNothing()
}

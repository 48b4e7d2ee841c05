package checks_test

import (
	"strings"
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// op is a hand-built operation that returned.
func op(client int, in checks.Input, out checks.Result, call, ret int64) checks.Operation {
	return checks.Operation{Client: client, Input: in, Output: out, Call: call, Return: ret}
}

// pending is a hand-built operation that never returned.
func pending(client int, in checks.Input, call int64) checks.Operation {
	return checks.Operation{Client: client, Input: in, Call: call, Pending: true}
}

func history(t *testing.T, ops ...checks.Operation) *checks.History {
	t.Helper()
	h, err := checks.NewHistory(ops)
	require.NoError(t, err)
	return h
}

func linearizable(t *testing.T, m func() porcupineModel, h *checks.History) bool {
	t.Helper()
	ok, err := checks.IsLinearizable(m(), h)
	require.NoError(t, err)
	return ok
}

func sequential(t *testing.T, m func() porcupineModel, h *checks.History) bool {
	t.Helper()
	ok, err := checks.IsSequentiallyConsistent(m(), h)
	require.NoError(t, err)
	return ok
}

var value = func(v string) checks.Result { return checks.Result{Value: v} }

// The register histories of porcupine's README: a read that overlaps a write may see it or not;
// a read that starts after another read saw the write must see it too.
func TestRegisterHistories(t *testing.T) {
	ok := history(t,
		op(0, checks.Write("100"), checks.Result{}, 0, 100),
		op(1, checks.Read(), value("100"), 25, 75),
		op(2, checks.Read(), value(""), 30, 60),
	)
	assert.True(t, linearizable(t, checks.RegisterModel, ok))
	assert.True(t, sequential(t, checks.RegisterModel, ok))

	stale := history(t,
		op(0, checks.Write("200"), checks.Result{}, 0, 100),
		op(1, checks.Read(), value("200"), 10, 30),
		op(2, checks.Read(), value(""), 40, 90),
	)
	assert.False(t, linearizable(t, checks.RegisterModel, stale))
	assert.True(t, sequential(t, checks.RegisterModel, stale), "client 2's read may come first in a sequential order")
}

// Sequential consistency keeps each client's order: a client that wrote cannot then read the
// initial value, and two clients cannot see two writes in opposite orders.
func TestSequentialConsistencyKeepsProgramOrder(t *testing.T) {
	ownWrite := history(t,
		op(0, checks.Write("A"), checks.Result{}, 0, 1),
		op(0, checks.Read(), value(""), 2, 3),
	)
	assert.False(t, sequential(t, checks.RegisterModel, ownWrite))

	opposite := history(t,
		op(0, checks.Write("A"), checks.Result{}, 0, 1),
		op(1, checks.Write("B"), checks.Result{}, 0, 1),
		op(2, checks.Read(), value("A"), 2, 3),
		op(2, checks.Read(), value("B"), 4, 5),
		op(3, checks.Read(), value("B"), 2, 3),
		op(3, checks.Read(), value("A"), 4, 5),
	)
	assert.False(t, sequential(t, checks.RegisterModel, opposite))
}

// An operation that never returned may have taken effect — a pending write explains a read of
// its value — or not — a read of the old value after it is fine too. It cannot take effect
// before it was invoked.
func TestPendingOperationsMayOrMayNotTakeEffect(t *testing.T) {
	for name, c := range map[string]struct {
		h    []checks.Operation
		want bool
	}{
		"a pending write explains a read": {[]checks.Operation{
			pending(0, checks.Write("A"), 0),
			op(1, checks.Read(), value("A"), 5, 6),
		}, true},
		"or never happens": {[]checks.Operation{
			pending(0, checks.Write("A"), 0),
			op(1, checks.Read(), value(""), 5, 6),
			op(1, checks.Read(), value(""), 7, 8),
		}, true},
		"but not before it was invoked": {[]checks.Operation{
			op(1, checks.Read(), value("A"), 0, 1),
			pending(0, checks.Write("A"), 2),
		}, false},
		"and once it has, it has": {[]checks.Operation{
			op(0, checks.Write("B"), checks.Result{}, 0, 1),
			pending(1, checks.Write("A"), 2),
			op(2, checks.Read(), value("A"), 3, 4),
			op(2, checks.Read(), value("B"), 5, 6),
		}, false},
		"a pending read never matters": {[]checks.Operation{
			op(0, checks.Write("B"), checks.Result{}, 0, 1),
			pending(1, checks.Read(), 0),
		}, true},
		"a pending CAS swaps or not": {[]checks.Operation{
			pending(0, checks.CAS("", "A"), 0),
			op(1, checks.Read(), value("A"), 1, 2),
			op(2, checks.CAS("A", "B"), checks.Result{OK: true}, 3, 4),
		}, true},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, c.want, linearizable(t, checks.RegisterModel, history(t, c.h...)))
		})
	}
}

// KVModel checks each key on its own for linearizability, and the whole store for sequential
// consistency, which is not compositional.
func TestKeyValueHistories(t *testing.T) {
	h := history(t,
		op(0, checks.Put("x", "1"), checks.Result{}, 0, 1),
		op(0, checks.Append("x", "2"), checks.Result{}, 2, 3),
		op(1, checks.Get("x"), value("12"), 4, 5),
		op(1, checks.Get("y"), value(""), 6, 7),
		op(2, checks.Put("y", "3"), checks.Result{}, 0, 9),
		op(2, checks.Delete("x"), checks.Result{}, 10, 11),
		op(1, checks.Get("x"), value(""), 12, 13),
	)
	assert.True(t, linearizable(t, checks.KVModel, h))
	assert.True(t, sequential(t, checks.KVModel, h))

	lostAppend := history(t,
		op(0, checks.Put("x", "1"), checks.Result{}, 0, 1),
		op(0, checks.Append("x", "2"), checks.Result{}, 2, 3),
		op(1, checks.Get("x"), value("1"), 4, 5),
	)
	assert.False(t, linearizable(t, checks.KVModel, lostAppend))

	// Each key alone is sequentially consistent (even linearizable), the store is not: client
	// 0 sees x's write before y's, client 1 the other way round.
	crossed := history(t,
		op(0, checks.Put("x", "1"), checks.Result{}, 0, 1),
		op(0, checks.Get("y"), value(""), 2, 3),
		op(1, checks.Put("y", "1"), checks.Result{}, 0, 1),
		op(1, checks.Get("x"), value(""), 2, 3),
	)
	assert.False(t, sequential(t, checks.KVModel, crossed))
}

func TestQueueHistories(t *testing.T) {
	fifo := history(t,
		op(0, checks.Enqueue("a"), checks.Result{}, 0, 1),
		op(0, checks.Enqueue("b"), checks.Result{}, 2, 3),
		op(1, checks.Dequeue(), checks.Result{Value: "a", OK: true}, 4, 5),
		op(1, checks.Dequeue(), checks.Result{Value: "b", OK: true}, 6, 7),
		op(1, checks.Dequeue(), checks.Result{}, 8, 9),
	)
	assert.True(t, linearizable(t, checks.QueueModel, fifo))
	lifo := history(t,
		op(0, checks.Enqueue("a"), checks.Result{}, 0, 1),
		op(0, checks.Enqueue("b"), checks.Result{}, 2, 3),
		op(1, checks.Dequeue(), checks.Result{Value: "b", OK: true}, 4, 5),
	)
	assert.False(t, linearizable(t, checks.QueueModel, lifo))
	assert.False(t, sequential(t, checks.QueueModel, lifo))
}

// Histories that cannot have happened are errors that say what is wrong, never verdicts.
func TestHandBuiltHistoriesThatCannotHappenAreErrors(t *testing.T) {
	for want, ops := range map[string][]checks.Operation{
		"history: operation 1 (client 1, read()): returns at 3, before it is invoked at 5": {
			op(0, checks.Write("A"), checks.Result{}, 0, 1),
			op(1, checks.Read(), value("A"), 5, 3),
		},
		`history: operation 0 (client 0, incr()): operation of unknown kind "incr" (known: read, write, cas, get, put, append, delete, enqueue, dequeue)`: {
			op(0, checks.Input{Kind: "incr"}, checks.Result{}, 0, 1),
		},
		"history: client 0 runs write(A) and read() at the same time ([0, 10] and [5, 6] overlap): a client runs one operation at a time": {
			op(0, checks.Write("A"), checks.Result{}, 0, 10),
			op(0, checks.Read(), value("A"), 5, 6),
		},
		"history: client 0 runs write(A) and read() at the same time ([0, never returned] and [5, 6] overlap)": {
			pending(0, checks.Write("A"), 0),
			op(0, checks.Read(), value("A"), 5, 6),
		},
		"history: operation 0 (client -1, read()): client -1 is negative": {
			op(-1, checks.Read(), value(""), 0, 1),
		},
		`history: operation 0 (client 0, read()): read operation with a value ("A"): it takes none`: {
			op(0, checks.Input{Kind: checks.KindRead, Value: "A"}, value(""), 0, 1),
		},
		"history: operation 0 (client 0, <nil>): no input": {
			{Client: 0, Call: 0, Return: 1},
		},
	} {
		_, err := checks.NewHistory(ops)
		assert.ErrorContains(t, err, want)
	}
}

// A model that does not know an operation — a register given a key-value get — refuses it,
// and the checkers say so instead of judging.
func TestOperationsTheModelRefusesAreErrors(t *testing.T) {
	h := history(t, op(0, checks.Get("x"), value(""), 0, 1))
	_, err := checks.IsLinearizable(checks.RegisterModel(), h)
	assert.EqualError(t, err, "history: client 0's operation 0 (get(x)): the model refuses it: register model: get(x) is not a register operation")
	_, err = checks.IsSequentiallyConsistent(checks.QueueModel(), h)
	assert.EqualError(t, err, "history: client 0's operation 0 (get(x)): the model refuses it: queue model: get(x) is not a queue operation")
	badOutput := history(t, op(0, checks.Read(), value(""), 0, 1), checks.Operation{Client: 1, Input: checks.Read(), Output: 7, Call: 2, Return: 3})
	_, err = checks.IsLinearizable(checks.RegisterModel(), badOutput)
	assert.EqualError(t, err, "history: client 1's operation 0 (read()): the model refuses it: register model: output 7 of read() is a int, not a checks.Result")
	bare := history(t, checks.Operation{Client: 0, Input: "incr", Output: 1, Call: 0, Return: 1})
	_, err = checks.IsLinearizable(checks.KVModel(), bare)
	assert.ErrorContains(t, err, "key-value model: input incr is a string, not a checks.Input")
}

// Recorded operations (actor.Op) whose Before vectors cannot have happened are errors too.
func TestRecordedHistoriesThatCannotHappenAreErrors(t *testing.T) {
	w := func(c model.NodeID, i int, before ...int) actor.Op {
		return actor.Op{ID: actor.OpID{Client: c, Index: i}, Input: checks.Write("A"), Returned: true, Before: before}
	}
	notReturned := w(2, 0, 0, 0, 0)
	notReturned.Returned = false
	for want, ops := range map[string][]actor.Op{
		"history: the Before vectors order operations in a cycle, so some operation returned before it was invoked (among node 1's operation 0 (write(A)), node 2's operation 0 (write(A)))": {
			w(1, 0, 0, 0, 1), w(2, 0, 0, 1, 0), // each returned before the other was invoked
		},
		"history: node 1's operation 1 (write(A)): invoked while operation 0 of the same node was pending (Before counts 0 of its operations returned): a client runs one operation at a time": {
			w(1, 0, 0, 0, 0), w(1, 1, 0, 0, 0),
		},
		"history: node 1's operation 0 (write(A)): Before says node 2 had returned 1 operations when it was invoked, but node 2 returned only 0": {
			w(1, 0, 0, 0, 1), notReturned,
		},
		"history: node 1's operation 1 (write(A)): expected operation 0 here": {
			w(1, 1, 0, 1, 0),
		},
		`history: node 1's operation 0 (read()): read operation with a value ("x")`: {
			{ID: actor.OpID{Client: 1}, Input: checks.Input{Kind: checks.KindRead, Value: "x"}, Before: []int{0, 0}},
		},
	} {
		_, err := checks.FromOps(ops)
		assert.ErrorContains(t, err, want)
	}
}

// FromOps places operations on a timeline with exactly the real-time order that the Before
// vectors record.
func TestRecordedHistoriesKeepTheirRealTimeOrder(t *testing.T) {
	ops := []actor.Op{
		// Node 1 writes A (returned before node 2's read was invoked), then B (pending).
		{ID: actor.OpID{Client: 1, Index: 0}, Input: checks.Write("A"), Output: checks.Result{}, Returned: true, Before: []int{0, 0, 0}},
		{ID: actor.OpID{Client: 1, Index: 1}, Input: checks.Write("B"), Before: []int{0, 1, 0}},
		// Node 2 reads "" after A's write returned: not linearizable.
		{ID: actor.OpID{Client: 2, Index: 0}, Input: checks.Read(), Output: value(""), Returned: true, Before: []int{0, 1, 0}},
	}
	h, err := checks.FromOps(ops)
	require.NoError(t, err)
	assert.Equal(t, 3, h.Len())
	assert.Equal(t, 1, h.Pending())
	p := h.Operations()
	require.Len(t, p, 3)
	assert.Less(t, p[0].Return, p[2].Call, "A returned before the read was invoked")
	assert.Less(t, p[1].Call, p[2].Return)
	ok, err := checks.IsLinearizable(checks.RegisterModel(), h)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, checks.Unknown{}, p[1].Output)
	assert.True(t, strings.HasPrefix(h.String(), "node 1 ["), h.String())

	// Had the read been invoked before A's write returned, it could come first.
	ops[2].Before = []int{0, 0, 0}
	h, err = checks.FromOps(ops)
	require.NoError(t, err)
	ok, err = checks.IsLinearizable(checks.RegisterModel(), h)
	require.NoError(t, err)
	assert.True(t, ok)
}

type porcupineModel = porcupine.Model

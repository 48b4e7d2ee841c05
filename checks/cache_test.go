package checks

import (
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// recorder builds actor.Op histories the way actor.State records them: Before counts, for each
// client, the operations that had returned when an operation was invoked.
type recorder struct {
	clients  int
	ops      [][]actor.Op
	returned []int
}

func newRecorder(clients int) *recorder {
	return &recorder{clients: clients, ops: make([][]actor.Op, clients), returned: make([]int, clients)}
}

func (r *recorder) pending(c int) bool {
	n := len(r.ops[c])
	return n > 0 && !r.ops[c][n-1].Returned
}

func (r *recorder) invoke(c int, in Input) {
	r.ops[c] = append(r.ops[c], actor.Op{
		ID:     actor.OpID{Client: model.NodeID(c), Index: len(r.ops[c])},
		Input:  in,
		Before: append([]int(nil), r.returned...),
	})
}

func (r *recorder) ret(c int, out Result) {
	ops := append([]actor.Op(nil), r.ops[c]...)
	ops[len(ops)-1].Output, ops[len(ops)-1].Returned = out, true
	r.ops[c] = ops
	r.returned[c]++
}

func (r *recorder) history() []actor.Op {
	var out []actor.Op
	for _, ops := range r.ops {
		out = append(out, ops...)
	}
	return out
}

// drawHistory draws a history of register operations by up to three sequential clients, with
// reads that return any of the values, so that some histories are linearizable and some not.
func drawHistory(t *rapid.T) *recorder {
	values := []string{"", "A", "B"}
	r := newRecorder(rapid.IntRange(1, 3).Draw(t, "clients"))
	for range rapid.IntRange(0, 12).Draw(t, "events") {
		c := rapid.IntRange(0, r.clients-1).Draw(t, "client")
		if r.pending(c) {
			out := Result{}
			if in := r.ops[c][len(r.ops[c])-1].Input.(Input); in.Kind == KindRead {
				out.Value = rapid.SampledFrom(values).Draw(t, "read")
			}
			r.ret(c, out)
			continue
		}
		if rapid.Bool().Draw(t, "write") {
			r.invoke(c, Write(rapid.SampledFrom(values[1:]).Draw(t, "value")))
		} else {
			r.invoke(c, Read())
		}
	}
	return r
}

// Leaving out the operations that cannot matter (History.reduced) never changes the verdict, and
// a linearizable history is sequentially consistent.
func TestReducedHistoriesGetTheSameVerdicts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		h, err := FromOps(drawHistory(t).history())
		require.NoError(t, err)
		m := RegisterModel()
		full := porcupine.CheckOperations(m, h.Operations())
		lin, err := IsLinearizable(m, h)
		require.NoError(t, err)
		require.Equal(t, full, lin, "history:\n%s", h)
		sc, err := IsSequentiallyConsistent(m, h)
		require.NoError(t, err)
		if lin {
			require.True(t, sc, "history:\n%s", h)
		}
	})
}

// Invoking an operation keeps the linearizability cache key and verdict: the new operation can
// take effect after everything else. Invoking a read keeps sequential consistency's too; a write
// may not (it can explain a read that came before it in real time).
func TestInvocationsKeepTheCacheKey(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawHistory(t)
		c := rapid.IntRange(0, r.clients-1).Draw(t, "client")
		if r.pending(c) {
			t.Skip("the client is busy")
		}
		before := r.history()
		op := rapid.SampledFrom([]Input{Read(), Write("B")}).Draw(t, "invoked")
		r.invoke(c, op)
		after := r.history()
		h1, err := FromOps(before)
		require.NoError(t, err)
		h2, err := FromOps(after)
		require.NoError(t, err)

		require.Equal(t, key(t, before, true), key(t, after, true))
		v1, err := IsLinearizable(RegisterModel(), h1)
		require.NoError(t, err)
		v2, err := IsLinearizable(RegisterModel(), h2)
		require.NoError(t, err)
		require.Equal(t, v1, v2, "linearizable\n%s\nthen\n%s", h1, h2)

		if op.ReadOnly() {
			require.Equal(t, key(t, before, false), key(t, after, false))
			v1, err := IsSequentiallyConsistent(RegisterModel(), h1)
			require.NoError(t, err)
			v2, err := IsSequentiallyConsistent(RegisterModel(), h2)
			require.NoError(t, err)
			require.Equal(t, v1, v2, "sequentially consistent\n%s\nthen\n%s", h1, h2)
		}
	})
}

// Returning a read changes the cache key.
func TestReturnsChangeTheCacheKey(t *testing.T) {
	r := newRecorder(2)
	r.invoke(0, Write("A"))
	r.ret(0, Result{})
	r.invoke(1, Read())
	before := r.history()
	r.ret(1, Result{Value: "A"})
	require.NotEqual(t, key(t, before, true), key(t, r.history(), true))
	require.NotEqual(t, key(t, before, false), key(t, r.history(), false))
}

// FromOps's timeline has exactly the real-time order that the Before vectors record: A returned
// before B was invoked if and only if B.Before counts A.
func TestTimelineHasTheRecordedRealTimeOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := drawHistory(t).history()
		h, err := FromOps(ops)
		require.NoError(t, err)
		byID := map[actor.OpID]hop{}
		for _, op := range h.ops {
			byID[actor.OpID{Client: model.NodeID(op.client), Index: op.index}] = op
		}
		for _, a := range ops {
			for _, b := range ops {
				if a.ID == b.ID {
					continue
				}
				recorded := b.Before[a.ID.Client] > a.ID.Index
				ha, hb := byID[a.ID], byID[b.ID]
				require.Equal(t, recorded, ha.ret < hb.call, "%v and %v", a, b)
				require.Less(t, ha.call, ha.ret)
			}
		}
	})
}

func key(t require.TestingT, ops []actor.Op, realTime bool) uint64 {
	k, ok := historyKey(ops, realTime)
	require.True(t, ok)
	return k
}

// Histories with equal keys get equal verdicts: along random runs, every two prefixes with the
// same key are judged the same, by linearizability and by sequential consistency.
func TestEqualKeysMeanEqualVerdicts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		values := []string{"", "A", "B"}
		r := newRecorder(rapid.IntRange(1, 3).Draw(t, "clients"))
		verdicts := []map[uint64]bool{{}, {}}
		hits := 0
		for range rapid.IntRange(0, 14).Draw(t, "events") {
			c := rapid.IntRange(0, r.clients-1).Draw(t, "client")
			if r.pending(c) {
				out := Result{}
				if in := r.ops[c][len(r.ops[c])-1].Input.(Input); in.Kind == KindRead {
					out.Value = rapid.SampledFrom(values).Draw(t, "read")
				}
				r.ret(c, out)
				// Clients often invoke their next operation in the step that returns one.
				if !rapid.Bool().Draw(t, "then invoke") {
					continue
				}
			}
			if rapid.Bool().Draw(t, "write") {
				r.invoke(c, Write(rapid.SampledFrom(values[1:]).Draw(t, "value")))
			} else {
				r.invoke(c, Read())
			}
			ops := r.history()
			h, err := FromOps(ops)
			require.NoError(t, err)
			for i, check := range []func(porcupine.Model, *History) (bool, error){IsLinearizable, IsSequentiallyConsistent} {
				v, err := check(RegisterModel(), h)
				require.NoError(t, err)
				k := key(t, ops, i == 0)
				if old, ok := verdicts[i][k]; ok {
					hits++
					require.Equal(t, old, v, "check %d, history:\n%s", i, h)
				}
				verdicts[i][k] = v
			}
		}
		_ = hits
	})
}

// A client that invokes while its operation is pending makes the key unsound, so the property
// checks the history — and reports it — rather than trusting the cache.
func TestKeysOfBadHistoriesAreNotUsed(t *testing.T) {
	r := newRecorder(1)
	r.invoke(0, Write("A"))
	r.invoke(0, Read())
	_, ok := historyKey(r.history(), true)
	require.False(t, ok)
}

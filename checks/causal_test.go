package checks_test

import (
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/checks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cop is an operation of a hand-made history: client c runs in over [call, ret] and gets out.
func cop(c int, in checks.Input, out string, call, ret int64) checks.Operation {
	return checks.Operation{Client: c, Input: in, Output: checks.Result{Value: out}, Call: call, Return: ret}
}

// Each history is accepted by one model of the hierarchy and rejected by the next stronger:
// linearizable ⊂ sequentially consistent ⊂ causally convergent (CCv) ⊂ causally consistent
// (CC). The rejected ones name the bad pattern of Bouajjani et al. that they contain.
func TestTheConsistencyHierarchyOnHandMadeHistories(t *testing.T) {
	reg, kv := checks.RegisterModel(), checks.KVModel()
	for _, c := range []struct {
		name              string
		m                 porcupine.Model
		ops               []checks.Operation
		lin, seq, ccv, cc bool
		pattern           string
	}{
		{"a write then a read of it", reg, []checks.Operation{
			cop(0, checks.Write("1"), "", 0, 1), cop(1, checks.Read(), "1", 2, 3),
		}, true, true, true, true, ""},
		{"a stale read after the write returned: sequential, not linearizable", reg, []checks.Operation{
			cop(0, checks.Write("1"), "", 0, 1), cop(1, checks.Read(), "", 2, 3),
		}, false, true, true, true, ""},
		{"two writers each read the other's value: causal, not convergent", reg, []checks.Operation{
			cop(0, checks.Write("1"), "", 0, 1), cop(0, checks.Read(), "2", 4, 5),
			cop(1, checks.Write("2"), "", 2, 3), cop(1, checks.Read(), "1", 6, 7),
		}, false, false, false, true, "CyclicCF"},
		{"Dekker: each misses the other's write: convergent, not sequential", kv, []checks.Operation{
			cop(0, checks.Put("x", "1"), "", 0, 1), cop(0, checks.Get("y"), "", 2, 3),
			cop(1, checks.Put("y", "1"), "", 0, 1), cop(1, checks.Get("x"), "", 2, 3),
		}, false, false, true, true, ""},
		{"a client's two writes seen in the other order: not causal", reg, []checks.Operation{
			cop(0, checks.Write("1"), "", 0, 1), cop(0, checks.Write("2"), "", 2, 3),
			cop(1, checks.Read(), "2", 4, 5), cop(1, checks.Read(), "1", 6, 7),
		}, false, false, false, false, "WriteCORead"},
		{"a reply read before the message it answers: not causal", kv, []checks.Operation{
			cop(0, checks.Put("x", "q"), "", 0, 1),
			cop(1, checks.Get("x"), "q", 2, 3), cop(1, checks.Put("y", "a"), "", 4, 5),
			cop(2, checks.Get("y"), "a", 6, 7), cop(2, checks.Get("x"), "", 8, 9),
		}, false, false, false, false, "WriteCOInitRead"},
		{"each read returns what the other writes after it: not causal", kv, []checks.Operation{
			cop(0, checks.Get("x"), "1", 0, 1), cop(0, checks.Put("y", "1"), "", 2, 3),
			cop(1, checks.Get("y"), "1", 0, 1), cop(1, checks.Put("x", "1"), "", 2, 3),
		}, false, false, false, false, "CyclicCO"},
		{"a value nobody wrote: not causal", reg, []checks.Operation{
			cop(0, checks.Write("1"), "", 0, 1), cop(1, checks.Read(), "7", 2, 3),
		}, false, false, false, false, "ThinAirRead"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := checks.NewHistory(c.ops)
			require.NoError(t, err)
			lin, err := checks.IsLinearizable(c.m, h)
			require.NoError(t, err)
			seq, err := checks.IsSequentiallyConsistent(c.m, h)
			require.NoError(t, err)
			ccv, err := checks.IsCausallyConvergent(h)
			require.NoError(t, err)
			cc, err := checks.IsCausallyConsistent(h)
			require.NoError(t, err)
			assert.Equal(t, []bool{c.lin, c.seq, c.ccv, c.cc}, []bool{lin, seq, ccv, cc}, "linearizable, sequential, convergent, causal")
			pattern, err := checks.ConvergenceViolation(h)
			require.NoError(t, err)
			assert.Equal(t, c.pattern, pattern)
			pattern, err = checks.CausalViolation(h)
			require.NoError(t, err)
			if c.pattern == "CyclicCF" {
				assert.Empty(t, pattern, "CyclicCF is no bad pattern of CC")
			} else {
				assert.Equal(t, c.pattern, pattern)
			}
		})
	}
}

// Histories the causal check cannot judge are errors that say why.
func TestCausalCheckRefusesWhatItCannotJudge(t *testing.T) {
	for _, c := range []struct {
		ops  []checks.Operation
		want string
	}{
		{[]checks.Operation{cop(0, checks.Write("1"), "", 0, 1), cop(1, checks.Write("1"), "", 0, 1)},
			`causal consistency: value "1" written twice to key "": the history is not differentiated`},
		{[]checks.Operation{cop(0, checks.Enqueue("1"), "", 0, 1)},
			"causal consistency: client 0's operation 0 is a enqueue: only read, write, get and put are checked"},
		{[]checks.Operation{cop(0, checks.Put("x", ""), "", 0, 1)},
			`causal consistency: client 0's operation 0 writes "", the initial value: the history is not differentiated`},
	} {
		h, err := checks.NewHistory(c.ops)
		require.NoError(t, err)
		_, err = checks.IsCausallyConsistent(h)
		assert.EqualError(t, err, c.want)
	}
}

// Pending reads do not count; a pending write may be read from.
func TestCausalCheckAndPendingOperations(t *testing.T) {
	h, err := checks.NewHistory([]checks.Operation{
		{Client: 0, Input: checks.Write("1"), Call: 0, Pending: true},
		cop(1, checks.Read(), "1", 2, 3),
		{Client: 2, Input: checks.Read(), Call: 0, Pending: true},
	})
	require.NoError(t, err)
	ok, err := checks.IsCausallyConsistent(h)
	require.NoError(t, err)
	assert.True(t, ok)
}

package checks_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/checks"
)

// randomHistory simulates clients of an atomic register (keys == 0) or key-value store: each
// operation takes effect at one instant between its invocation and its return, so the history
// is linearizable. Values come from a small set, so that many orders explain a read.
func randomHistory(n, clients, keys int, seed uint64) []checks.Operation {
	rng := rand.New(rand.NewPCG(seed, 1))
	type client struct {
		op      *checks.Operation
		applied bool
	}
	cs := make([]client, clients)
	store := map[string]string{}
	var out []checks.Operation
	issued := 0
	for t := int64(0); issued < n || len(out) < n; t++ {
		id := rng.IntN(clients)
		c := &cs[id]
		switch {
		case c.op == nil && issued < n:
			key := ""
			if keys > 0 {
				key = "k" + strconv.Itoa(rng.IntN(keys))
			}
			v := strconv.Itoa(rng.IntN(3))
			var in checks.Input
			switch r := rng.IntN(3); {
			case r == 0 && keys == 0:
				in = checks.Write(v)
			case r == 0:
				in = checks.Put(key, v)
			case keys == 0:
				in = checks.Read()
			case r == 1:
				in = checks.Get(key)
			default:
				in = checks.Append(key, v)
			}
			c.op = &checks.Operation{Client: id, Input: in, Call: t}
			issued++
		case c.op != nil && !c.applied:
			in := c.op.Input.(checks.Input)
			switch in.Kind {
			case checks.KindWrite, checks.KindPut:
				store[in.Key] = in.Value
			case checks.KindAppend:
				store[in.Key] += in.Value
			default:
				c.op.Output = checks.Result{Value: store[in.Key]}
			}
			c.applied = true
		case c.op != nil:
			c.op.Return = t
			out = append(out, *c.op)
			c.op, c.applied = nil, false
		}
	}
	return out
}

// Histories of a thousand operations are checked in milliseconds: linearizable ones, and ones
// where a read returns a value it cannot.
func TestLongHistoriesAreCheckedQuickly(t *testing.T) {
	for _, c := range []struct {
		name  string
		keys  int
		model func() porcupineModel
	}{{"register", 0, checks.RegisterModel}, {"kv", 4, checks.KVModel}} {
		t.Run(c.name, func(t *testing.T) {
			ops := randomHistory(1000, 4, c.keys, 1)
			h, err := checks.NewHistory(ops)
			require.NoError(t, err)
			start := time.Now()
			ok, err := checks.IsLinearizable(c.model(), h)
			require.NoError(t, err)
			assert.True(t, ok)
			t.Logf("%d operations, linearizable, checked in %v", h.Len(), time.Since(start))

			// Make the last read return a value nobody wrote.
			for i := len(ops) - 1; i >= 0; i-- {
				if in := ops[i].Input.(checks.Input); in.Kind == checks.KindRead || in.Kind == checks.KindGet {
					ops[i].Output = checks.Result{Value: "never written"}
					break
				}
			}
			h, err = checks.NewHistory(ops)
			require.NoError(t, err)
			start = time.Now()
			ok, err = checks.IsLinearizable(c.model(), h)
			require.NoError(t, err)
			assert.False(t, ok)
			t.Logf("%d operations, not linearizable, checked in %v", h.Len(), time.Since(start))
		})
	}
}

func benchmarkCheck(b *testing.B, m func() porcupineModel, ops []checks.Operation, check func(porcupineModel, *checks.History) (bool, error)) {
	h, err := checks.NewHistory(ops)
	if err != nil {
		b.Fatal(err)
	}
	model := m()
	b.ResetTimer()
	for b.Loop() {
		if ok, err := check(model, h); err != nil || !ok {
			b.Fatalf("verdict %t, error %v", ok, err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/history")
	b.ReportMetric(float64(h.Len()), "ops/history")
}

// BenchmarkLinearizable1000 checks a linearizable history of 1,000 register operations by 4
// clients.
func BenchmarkLinearizable1000(b *testing.B) {
	benchmarkCheck(b, checks.RegisterModel, randomHistory(1000, 4, 0, 7), checks.IsLinearizable)
}

// BenchmarkLinearizableKV1000 checks a history of 1,000 operations on 4 keys, partitioned by key.
func BenchmarkLinearizableKV1000(b *testing.B) {
	benchmarkCheck(b, checks.KVModel, randomHistory(1000, 4, 4, 7), checks.IsLinearizable)
}

// BenchmarkSequentiallyConsistent1000 checks a history of 1,000 register operations by 3
// clients whose reads lag (see laggingHistory): sequentially consistent, not linearizable, so
// the search runs after porcupine.
func BenchmarkSequentiallyConsistent1000(b *testing.B) {
	benchmarkCheck(b, checks.RegisterModel, laggingHistory(1000, 3, 7), checks.IsSequentiallyConsistent)
}

// laggingHistory simulates clients of a register replicated lazily: writes go into one log in
// order, and each client reads the value at its own position in the log, which only moves
// forward (to the end when it writes). The history is sequentially consistent — order the
// operations by log position — and, with reads that lag, not linearizable.
func laggingHistory(n, clients int, seed uint64) []checks.Operation {
	rng := rand.New(rand.NewPCG(seed, 2))
	var log []string
	view := make([]int, clients)
	out := make([]checks.Operation, 0, n)
	for t := int64(0); len(out) < n; t += 2 {
		c := rng.IntN(clients)
		if rng.IntN(3) == 0 {
			v := strconv.Itoa(rng.IntN(3))
			log = append(log, v)
			view[c] = len(log)
			out = append(out, checks.Operation{Client: c, Input: checks.Write(v), Call: t, Return: t + 1})
			continue
		}
		view[c] += rng.IntN(len(log) - view[c] + 1)
		r := checks.Result{}
		if view[c] > 0 {
			r.Value = log[view[c]-1]
		}
		out = append(out, checks.Operation{Client: c, Input: checks.Read(), Output: r, Call: t, Return: t + 1})
	}
	return out
}

func TestLaggingHistoriesAreSequentiallyConsistent(t *testing.T) {
	for _, n := range []int{20, 100, 1000} {
		h, err := checks.NewHistory(laggingHistory(n, 3, uint64(n)))
		require.NoError(t, err)
		if n >= 100 {
			lin, err := checks.IsLinearizable(checks.RegisterModel(), h)
			require.NoError(t, err)
			assert.False(t, lin, "reads lag")
		}
		start := time.Now()
		seq, err := checks.IsSequentiallyConsistent(checks.RegisterModel(), h)
		require.NoError(t, err)
		assert.True(t, seq)
		t.Logf("%d operations, sequentially consistent, not linearizable, checked in %v", n, time.Since(start))
	}
}

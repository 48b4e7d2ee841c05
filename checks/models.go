package checks

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/anishathalye/porcupine"

	"github.com/distcheck/distcheck/model/value"
)

// RegisterModel returns the sequential specification of a read/write register with
// compare-and-swap, which starts empty (""): the operations are Read, Write and CAS, their
// outputs Result values, and Unknown{} for an operation that never returned. Its Step panics
// on an input that is not a register Input; the checkers turn that into an error.
func RegisterModel() porcupine.Model {
	return porcupine.Model{
		Init: func() any { return "" },
		Step: func(state, input, output any) (bool, any) {
			return step(state.(string), input, output, "register", applyRegister)
		},
		Hash:              func(state any) uint64 { return value.Hash(state.(string)) },
		DescribeOperation: describe,
		DescribeState:     func(state any) string { return show(state.(string)) },
	}
}

// KVModel returns the sequential specification of a key-value store whose keys start empty:
// the operations are Get, Put, Append and Delete, their outputs Result values, and Unknown{}
// for an operation that never returned. It partitions a history by key — a history is
// linearizable exactly when each key's is, so porcupine checks the keys one by one — but its
// state is the whole store, so it also serves as a specification for SequentiallyConsistent,
// which must not partition. Its Step panics on an input that is not a key-value Input.
func KVModel() porcupine.Model {
	return porcupine.Model{
		Partition: partitionByKey,
		Init:      func() any { return store(nil) },
		Step: func(state, input, output any) (bool, any) {
			return step(state.(store), input, output, "key-value", applyKV)
		},
		Equal: func(a, b any) bool { return maps.Equal(a.(store), b.(store)) },
		Hash: func(state any) uint64 {
			var h uint64
			for k, v := range state.(store) {
				h += value.Hash([2]string{k, v})
			}
			return h
		},
		DescribeOperation: describe,
		DescribeState:     func(state any) string { return state.(store).String() },
	}
}

// QueueModel returns the sequential specification of a FIFO queue that starts empty: the
// operations are Enqueue and Dequeue, their outputs Result values, and Unknown{} for an
// operation that never returned. Its Step panics on an input that is not a queue Input.
func QueueModel() porcupine.Model {
	return porcupine.Model{
		Init: func() any { return queue(nil) },
		Step: func(state, input, output any) (bool, any) {
			return step(state.(queue), input, output, "queue", applyQueue)
		},
		Equal:             func(a, b any) bool { return slices.Equal(a.(queue), b.(queue)) },
		Hash:              func(state any) uint64 { return value.Hash([]string(state.(queue))) },
		DescribeOperation: describe,
		DescribeState:     func(state any) string { return "[" + strings.Join(state.(queue), " ") + "]" },
	}
}

// step is the Step of the models of this package: apply computes the operation's result and
// the next state; the step is legal when the output is that result, or Unknown, or the
// operation returns nothing (a write, put, ...), whatever its output.
func step[S any](state S, input, output any, object string, apply func(S, Input) (Result, S, bool)) (bool, any) {
	op, ok := input.(Input)
	if !ok {
		panic(fmt.Errorf("%s model: input %v is a %T, not a checks.Input", object, input, input))
	}
	want, next, ok := apply(state, op)
	if !ok {
		panic(fmt.Errorf("%s model: %s is not a %s operation", object, op, object))
	}
	switch out := output.(type) {
	case nil: // no output: the zero Result
		return want == Result{} || !op.Kind.returnsValue(), next
	case Unknown:
		return true, next
	case Result:
		return out == want || !op.Kind.returnsValue(), next
	}
	panic(fmt.Errorf("%s model: output %v of %s is a %T, not a checks.Result", object, output, op, output))
}

func applyRegister(state string, op Input) (Result, string, bool) {
	switch op.Kind {
	case KindRead:
		return Result{Value: state}, state, true
	case KindWrite:
		return Result{}, op.Value, true
	case KindCAS:
		if state == op.Old {
			return Result{OK: true}, op.Value, true
		}
		return Result{}, state, true
	}
	return Result{}, state, false
}

// store is the state of the key-value model: immutable, replaced on every change.
type store map[string]string

func (s store) String() string {
	keys := slices.Sorted(maps.Keys(s))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + s[k]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// with returns the store with key set to v; the empty value removes the key.
func (s store) with(key, v string) store {
	out := maps.Clone(s)
	if out == nil {
		out = store{}
	}
	if v == "" {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}

func applyKV(s store, op Input) (Result, store, bool) {
	switch op.Kind {
	case KindGet:
		return Result{Value: s[op.Key]}, s, true
	case KindPut:
		return Result{}, s.with(op.Key, op.Value), true
	case KindAppend:
		return Result{}, s.with(op.Key, s[op.Key]+op.Value), true
	case KindDelete:
		return Result{}, s.with(op.Key, ""), true
	}
	return Result{}, s, false
}

// partitionByKey splits a key-value history by key, keys in order; operations that are not
// key-value Ops go to a partition of their own at the end, for Step to report.
func partitionByKey(history []porcupine.Operation) [][]porcupine.Operation {
	byKey := map[string][]porcupine.Operation{}
	var other []porcupine.Operation
	for _, op := range history {
		if o, ok := op.Input.(Input); ok {
			byKey[o.Key] = append(byKey[o.Key], op)
		} else {
			other = append(other, op)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([][]porcupine.Operation, 0, len(keys)+1)
	for _, k := range keys {
		out = append(out, byKey[k])
	}
	if len(other) > 0 {
		out = append(out, other)
	}
	return out
}

// queue is the state of the queue model: immutable, replaced on every change.
type queue []string

func applyQueue(q queue, op Input) (Result, queue, bool) {
	switch op.Kind {
	case KindEnqueue:
		return Result{}, append(slices.Clip(q), op.Value), true
	case KindDequeue:
		if len(q) == 0 {
			return Result{}, q, true
		}
		return Result{Value: q[0], OK: true}, q[1:], true
	}
	return Result{}, q, false
}

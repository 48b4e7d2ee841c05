package checks

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind names an operation that a client asks of a replicated object.
type Kind string

// The kinds of operation: on a register, on a key-value store, and on a queue.
const (
	// KindRead returns the register's value.
	KindRead Kind = "read"
	// KindWrite sets the register to Input.Value.
	KindWrite Kind = "write"
	// KindCAS sets the register to Input.Value if it holds Input.Old, and says whether it did
	// (Result.OK).
	KindCAS Kind = "cas"
	// KindGet returns the value of Input.Key ("" if it has none).
	KindGet Kind = "get"
	// KindPut sets Input.Key to Input.Value.
	KindPut Kind = "put"
	// KindAppend appends Input.Value to the value of Input.Key.
	KindAppend Kind = "append"
	// KindDelete removes Input.Key: a later Get returns "".
	KindDelete Kind = "delete"
	// KindEnqueue adds Input.Value at the back of the queue.
	KindEnqueue Kind = "enqueue"
	// KindDequeue takes the value at the front of the queue (Result.Value, Result.OK), or returns
	// OK false if the queue is empty.
	KindDequeue Kind = "dequeue"
)

// Kinds lists every kind of operation, in the order of the constants.
func Kinds() []Kind {
	return []Kind{KindRead, KindWrite, KindCAS, KindGet, KindPut, KindAppend, KindDelete, KindEnqueue, KindDequeue}
}

// Input is an operation a client invokes: the input of a history's operation (actor.Op.Input).
// Build one with Read, Write, CAS, Get, Put, Append, Delete, Enqueue or Dequeue.
type Input struct {
	Kind Kind
	// Key is the key of a key-value operation.
	Key string
	// Value is the value written, put, appended or enqueued, or the new value of a CAS.
	Value string
	// Old is the value a CAS expects.
	Old string
}

// Result is what an operation returned: the output of a history's operation (actor.Op.Output).
type Result struct {
	// Value is what a read, get or dequeue returned.
	Value string
	// OK is whether a CAS swapped, or a dequeue found a value.
	OK bool
}

// Unknown is the output given to the sequential specification for an operation that never
// returned — its client crashed, or its reply was lost. Such an operation may or may not have
// taken effect, and the checkers let it take effect at any point after it was invoked or not at
// all. A porcupine.Model given to Linearizable or SequentiallyConsistent must therefore accept
// Unknown{} as the output of any operation in any state, moving to a state the operation can
// lead to; the models of this package do.
type Unknown struct{}

// Read returns a register read.
func Read() Input { return Input{Kind: KindRead} }

// Write returns a register write of v.
func Write(v string) Input { return Input{Kind: KindWrite, Value: v} }

// CAS returns a register compare-and-swap from old to v.
func CAS(old, v string) Input { return Input{Kind: KindCAS, Old: old, Value: v} }

// Get returns a key-value get of key.
func Get(key string) Input { return Input{Kind: KindGet, Key: key} }

// Put returns a key-value put of v at key.
func Put(key, v string) Input { return Input{Kind: KindPut, Key: key, Value: v} }

// Append returns a key-value append of v to key.
func Append(key, v string) Input { return Input{Kind: KindAppend, Key: key, Value: v} }

// Delete returns a key-value delete of key.
func Delete(key string) Input { return Input{Kind: KindDelete, Key: key} }

// Enqueue returns a queue enqueue of v.
func Enqueue(v string) Input { return Input{Kind: KindEnqueue, Value: v} }

// Dequeue returns a queue dequeue.
func Dequeue() Input { return Input{Kind: KindDequeue} }

// Validate reports an operation of an unknown kind, or with fields its kind does not use.
func (o Input) Validate() error {
	known := false
	for _, k := range Kinds() {
		known = known || k == o.Kind
	}
	if !known {
		names := make([]string, 0, len(Kinds()))
		for _, k := range Kinds() {
			names = append(names, string(k))
		}
		return fmt.Errorf("operation of unknown kind %q (known: %s)", string(o.Kind), strings.Join(names, ", "))
	}
	if o.Old != "" && o.Kind != KindCAS {
		return fmt.Errorf("%s operation with an expected value (Old %q): only cas has one", o.Kind, o.Old)
	}
	if o.Key != "" && !o.Kind.keyed() {
		return fmt.Errorf("%s operation with a key (%q): only get, put, append and delete have one", o.Kind, o.Key)
	}
	if o.Value != "" && (o.Kind == KindRead || o.Kind == KindGet || o.Kind == KindDelete || o.Kind == KindDequeue) {
		return fmt.Errorf("%s operation with a value (%q): it takes none", o.Kind, o.Value)
	}
	return nil
}

// returnsValue reports whether an operation of the kind returns something: read, get, cas and
// dequeue do; the output of the others is ignored.
func (k Kind) returnsValue() bool {
	return k == KindRead || k == KindGet || k == KindCAS || k == KindDequeue
}

// keyed reports whether the kind is a key-value operation.
func (k Kind) keyed() bool { return k == KindGet || k == KindPut || k == KindAppend || k == KindDelete }

// ReadOnly reports whether the operation leaves the object as it is (read and get). A read-only
// operation that never returned is dropped from a history: it cannot have mattered.
func (o Input) ReadOnly() bool { return o.Kind == KindRead || o.Kind == KindGet }

// ReturnsNothing reports whether the operation's output means nothing (write, put, append,
// delete, enqueue): the models of this package accept any output for it. The linearizability
// cache relies on it (see Linearizable); a model given such an operation of another input type
// must accept any output for it too.
func (o Input) ReturnsNothing() bool { return !o.Kind.returnsValue() }

// String renders the operation for people: write(A), read(), cas(A→B), put(x, A), get(x), ...
func (o Input) String() string {
	switch o.Kind {
	case KindWrite, KindEnqueue:
		return string(o.Kind) + "(" + show(o.Value) + ")"
	case KindCAS:
		return "cas(" + show(o.Old) + "→" + show(o.Value) + ")"
	case KindGet, KindDelete:
		return string(o.Kind) + "(" + o.Key + ")"
	case KindPut, KindAppend:
		return string(o.Kind) + "(" + o.Key + ", " + show(o.Value) + ")"
	}
	return string(o.Kind) + "()"
}

// describe renders an operation and its output for people: write(A), read() → B, cas(A→B) →
// false, dequeue() → empty, and "(pending)" for an operation that never returned.
func describe(in, out any) string {
	op, ok := in.(Input)
	if !ok {
		return fmt.Sprintf("%v → %v", in, out)
	}
	if _, pending := out.(Unknown); pending {
		return op.String() + " (pending)"
	}
	r, _ := out.(Result)
	switch op.Kind {
	case KindRead, KindGet:
		return op.String() + " → " + show(r.Value)
	case KindCAS:
		return op.String() + " → " + strconv.FormatBool(r.OK)
	case KindDequeue:
		if !r.OK {
			return op.String() + " → empty"
		}
		return op.String() + " → " + show(r.Value)
	}
	return op.String()
}

// show renders a value, with the empty value (a register's initial value) as "".
func show(v string) string {
	if v == "" {
		return `""`
	}
	return v
}

// String renders the result for people: the value, or ok/not ok.
func (r Result) String() string {
	switch {
	case r.Value != "":
		return r.Value
	case r.OK:
		return "ok"
	}
	return `""`
}

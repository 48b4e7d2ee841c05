package value_test

import (
	"errors"
	"fmt"

	"github.com/distcheck/distcheck/model/value"
)

// Prepare is a message of a two-phase commit protocol.
type Prepare struct {
	Txn   int
	Votes []byte
}

// Participant is a node state, with unexported fields and shared configuration.
type Participant struct {
	Name     string
	prepared map[int]bool
	log      []Prepare
	config   *Config `distcheck:"-"`
}

// Vote is a state component with a hand-written fingerprint.
type Vote struct {
	Txn, Node int
	Yes       bool
}

// Fingerprint folds the fields into a seed with Mix and finishes with Finalize.
func (v Vote) Fingerprint() uint64 {
	h := value.Mix(0, uint64(v.Txn))
	h = value.Mix(h, uint64(v.Node))
	if v.Yes {
		h = value.Mix(h, 1)
	}
	return value.Finalize(h)
}

func Example() {
	s := &Participant{Name: "p1", prepared: map[int]bool{1: true}, log: []Prepare{{Txn: 1, Votes: []byte{1}}}, config: &Config{}}

	next := value.Clone(s) // the model checker's successor state
	next.prepared[2] = true
	next.log = append(next.log, Prepare{Txn: 2})

	fmt.Println(value.Format(s))
	fmt.Println(value.Format(next))
	fmt.Println("same config:", s.config == next.config)
	fmt.Println("same state:", value.Hash(s) == value.Hash(next))
	// Output:
	// &value_test.Participant{Name:"p1", prepared:map[int]bool{1:true}, log:[value_test.Prepare{Txn:1, Votes:[1]}]}
	// &value_test.Participant{Name:"p1", prepared:map[int]bool{1:true, 2:true}, log:[value_test.Prepare{Txn:1, Votes:[1]} value_test.Prepare{Txn:2, Votes:[]}]}
	// same config: true
	// same state: false
}

func ExampleClone() {
	type node struct {
		peers []int
		self  *node
	}
	n := &node{peers: []int{1, 2}}
	n.self = n

	c := value.Clone(n)
	c.peers[0] = 9
	fmt.Println(n.peers, c.peers)
	fmt.Println(c != n, c.self == c)
	// Output:
	// [1 2] [9 2]
	// true true
}

func ExampleCloneAny() {
	var msg any = &Prepare{Txn: 7, Votes: []byte{1, 0}}
	c := value.CloneAny(msg)
	c.(*Prepare).Votes[1] = 1
	fmt.Printf("%T %v %v\n", c, msg.(*Prepare).Votes, c.(*Prepare).Votes)
	// Output:
	// *value_test.Prepare [1 0] [1 1]
}

func ExampleHash() {
	a := map[string][]int{}
	b := map[string][]int{}
	for i, k := range []string{"x", "y", "z"} {
		a[k] = []int{i}
	}
	for i, k := range []string{"z", "y", "x"} {
		b[k] = []int{2 - i}
	}
	fmt.Println(value.Hash(a) == value.Hash(b))
	fmt.Println(value.Hash(any(1)) == value.Hash(any(int64(1))))
	fmt.Println(value.Hash([]int(nil)) == value.Hash([]int{}))
	// Output:
	// true
	// false
	// true
}

func ExampleHashValue() {
	v := Vote{Txn: 1, Node: 2, Yes: true}
	fmt.Println(value.HashValue(v) == value.Hash(v))
	fmt.Println(value.HashValue(v) == value.HashValue(Vote{Txn: 1, Node: 2}))
	// Output:
	// true
	// false
}

func ExampleFormat() {
	fmt.Println(value.Format(Prepare{Txn: 1, Votes: []byte{1, 2}}))
	fmt.Println(value.Format(map[string]int{"b": 2, "a": 1}))
	fmt.Println(value.Format(&Entry{Term: 2}))
	fmt.Println(value.Format("quoted string"))
	fmt.Println(value.Format([]byte{1, 2, 3}))
	fmt.Println(value.Format([]any{1, int64(1), nil}))
	// Output:
	// value_test.Prepare{Txn:1, Votes:[1 2]}
	// map[string]int{"a":1, "b":2}
	// &value_test.Entry{Term:2, Index:0, Cmd:""}
	// "quoted string"
	// [1 2 3]
	// [1 int64(1) nil]
}

func ExampleCheck() {
	type Node struct {
		id    int
		peers []func()
		send  func(any) `distcheck:"-"`
	}
	fmt.Println(value.Check(Node{}))
	fmt.Println(value.Check(Prepare{}))
	// Output:
	// value: value_test.Node.peers[]: func() cannot be cloned or hashed (tag the field distcheck:"-" if it never changes)
	// <nil>
}

func ExampleError() {
	var msg any = func() {}
	defer func() {
		var err *value.Error
		if e, ok := recover().(error); ok && errors.As(e, &err) {
			fmt.Println("recovered:", err)
		}
	}()
	value.Hash(msg)
	// Output:
	// recovered: value: func() cannot be cloned or hashed (tag the field distcheck:"-" if it never changes)
}

func ExampleMix() {
	a := Vote{Txn: 1, Node: 2}
	b := Vote{Txn: 2, Node: 1}
	fmt.Println(a.Fingerprint() == b.Fingerprint())
	fmt.Println(value.Hash(a) == value.Hash(Vote{Txn: 1, Node: 2}))
	// Output:
	// false
	// true
}

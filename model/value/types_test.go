package value_test

// Types shared by the tests and benchmarks: a Raft-like node with unexported fields, and the
// odd shapes that Clone, Hash and Format must handle.

// Entry is one log entry.
type Entry struct {
	Term  int
	Index int
	Cmd   string
}

// Config is shared configuration, never changed.
type Config struct {
	Peers []int
}

// node is a Raft-like node state: exported and unexported fields, a log, a map, nested
// structs, pointers and an interface.
type node struct {
	ID          int
	term        int
	votedFor    int
	commitIndex int
	role        string
	log         []Entry
	nextIndex   map[int]int
	votes       [8]uint64
	inner       inner
	leader      *peer
	pending     any
	cfg         *Config `distcheck:"-"`
}

type inner struct {
	acks  []int
	byKey map[string][]int
	last  *Entry
}

type peer struct {
	id    int
	match int
}

// newNode builds the same node every time, from scratch.
func newNode() *node {
	n := &node{
		ID: 1, term: 3, votedFor: 2, commitIndex: 17, role: "leader",
		nextIndex: map[int]int{},
		votes:     [8]uint64{1, 0, 1},
		inner: inner{
			acks:  []int{1, 2, 3},
			byKey: map[string][]int{"x": {1}, "y": {2, 3}},
			last:  &Entry{Term: 3, Index: 20, Cmd: "set y"},
		},
		leader:  &peer{id: 2, match: 19},
		pending: &Entry{Term: 3, Index: 21, Cmd: "pending"},
		cfg:     &Config{Peers: []int{1, 2, 3, 4, 5}},
	}
	for i := range 20 {
		n.log = append(n.log, Entry{Term: 1 + i/7, Index: i + 1, Cmd: "set x"})
	}
	for p := 1; p <= 5; p++ {
		n.nextIndex[p] = 20 + p
	}
	return n
}

// listNode makes linked lists and rings.
type listNode struct {
	val  int
	next *listNode
}

// ring returns a ring of n nodes with values 0..n-1.
func ring(n int) *listNode {
	head := &listNode{val: 0}
	cur := head
	for i := 1; i < n; i++ {
		cur.next = &listNode{val: i}
		cur = cur.next
	}
	cur.next = head
	return head
}

package ratest_test

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/ricartagrawala/ratest"
)

// A Ricart–Agrawala written from Coulouris et al.'s pseudocode, independently of package
// ricartagrawala, as a student would — its own messages, a queue of deferred requesters, a
// count of awaited replies — with mistakes students make to switch on.

type flaw int

const (
	correct flaw = iota
	// comparesCurrentClock orders a request against the node's Lamport clock, just advanced by
	// the request itself, instead of against the timestamp of its own request: a waiting node
	// always finds itself later, and replies.
	comparesCurrentClock
	// dropsDeferred forgets the deferred requests on leaving instead of replying to them.
	dropsDeferred
	// countsRepliesForever counts replies without resetting the count for a new request, and
	// enters once it has at least as many as there are peers.
	countsRepliesForever
	// defersOnlyInside defers a request only while inside the critical section; a waiting
	// node replies to everyone.
	defersOnlyInside
	// noMaxOnReceive ticks the clock on sending only, never taking the maximum with a
	// received timestamp: a later request can carry an earlier timestamp.
	noMaxOnReceive
)

func (f flaw) String() string {
	return [...]string{"correct", "compares-current-clock", "drops-deferred", "counts-replies-forever",
		"defers-only-inside", "no-max-on-receive"}[f]
}

// Messages: a request with its timestamp, and the permission.
type (
	ask struct{ Stamp int }
	ok  struct{}
)

type phase uint8

const (
	idle phase = iota
	waiting
	inside
)

type studentNode struct {
	Phase     phase
	Lamport   int
	MyStamp   int
	Got       int // replies to the current request
	Queue     []model.NodeID
	Remaining int
	Count     int

	peers int  `distcheck:"-"`
	flaw  flaw `distcheck:"-"`
}

func student(f flaw) ratest.Implementation {
	return ratest.Implementation{Name: "student-" + f.String(), NewNode: func(c ratest.NodeConfig) ratest.Node {
		return &studentNode{Remaining: c.Entries, peers: len(c.Nodes) - 1, flaw: f}
	}}
}

func (n *studentNode) Init(ctx actor.Context) {
	if n.Remaining > 0 {
		ctx.SetTimer("enter", 0)
	}
}

func (n *studentNode) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == "enter" && n.Phase == idle:
		n.Lamport++
		n.MyStamp, n.Phase = n.Lamport, waiting
		if n.flaw != countsRepliesForever {
			n.Got = 0
		}
		for _, p := range ctx.Peers() {
			ctx.Send(p, ask{Stamp: n.MyStamp})
		}
	case t == "leave" && n.Phase == inside:
		n.Phase = idle
		if n.flaw != dropsDeferred {
			for _, p := range n.Queue {
				ctx.Send(p, ok{})
			}
		}
		n.Queue = nil
		if n.Remaining--; n.Remaining > 0 {
			ctx.SetTimer("enter", 0)
		}
	}
}

func (n *studentNode) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case ask:
		if n.flaw != noMaxOnReceive {
			n.Lamport = max(n.Lamport, m.Stamp) + 1
		}
		if n.wait(ctx.ID(), from, m.Stamp) {
			n.Queue = append(n.Queue, from)
			return
		}
		ctx.Send(from, ok{})
	case ok:
		if n.Phase != waiting {
			return
		}
		if n.Got++; n.Got >= n.peers {
			n.Phase = inside
			n.Count++
			ctx.SetTimer("leave", 0)
		}
	}
}

// wait reports whether a request from from stamped stamp must wait for this node.
func (n *studentNode) wait(self, from model.NodeID, stamp int) bool {
	switch {
	case n.Phase == inside:
		return true
	case n.Phase == idle || n.flaw == defersOnlyInside:
		return false
	}
	mine := n.MyStamp
	if n.flaw == comparesCurrentClock {
		mine = n.Lamport
	}
	return mine < stamp || mine == stamp && self < from
}

func (n *studentNode) InCriticalSection() bool { return n.Phase == inside }
func (n *studentNode) Entries() int            { return n.Count }

func (n *studentNode) String() string {
	return fmt.Sprintf("%s L=%d stamp=%d got=%d queue=%v", [...]string{"idle", "waiting", "INSIDE"}[n.Phase],
		n.Lamport, n.MyStamp, n.Got, slices.Clone(n.Queue))
}

// Package actortest records what one node does in one step, for unit tests of a node's
// handlers: one rule at a time, the way etcd's raft_paper_test.go tests its state machine,
// beside the whole-system searches of package explore.
//
//	ctx := actortest.NewContext(1, 3) // node 1 of nodes 0, 1, 2
//	server.Handle(ctx, 0, RequestVote{Term: 2})
//	require.Equal(t, []actortest.Sent{{To: 0, Msg: RequestVoteReply{Term: 2, Granted: true}}}, ctx.Take())
package actortest

import (
	"fmt"
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Sent is a message a node sent: a Broadcast records one per peer.
type Sent struct {
	To  model.NodeID
	Msg actor.Message
}

// Op is an operation a client node recorded through Invoke, and its output once it returned.
type Op struct {
	Input    any
	Output   any
	Returned bool
}

// Context is a actor.Context that records the node's sends, timers, choices and operations
// instead of acting on them. It lives across calls, as a node's environment does, so a test can
// drive a node through several handlers and look at what each did (Take clears the sends).
type Context struct {
	id    model.NodeID
	nodes []model.NodeID
	peers []model.NodeID

	// Sent lists the messages sent since the last Take, in order.
	Sent []Sent
	// Choices are the values Choose returns, in order; Choose returns 0 once they run out.
	Choices []int
	// Ops are the operations recorded through Invoke, indexed by OpID.Index.
	Ops []Op
	// Clock is what Now returns.
	Clock time.Duration

	timers []actor.Timer // pending, in the order they were first set
	chosen int
}

var _ actor.Context = (*Context)(nil)

// NewContext returns the context of node id in a system of n nodes, 0 to n-1.
func NewContext(id model.NodeID, n int) *Context {
	if id < 0 || int(id) >= n {
		panic(fmt.Sprintf("modeltest.NewContext(%d, %d): the node must be one of 0 to %d", id, n, n-1))
	}
	c := &Context{id: id}
	for i := range n {
		c.nodes = append(c.nodes, model.NodeID(i))
		if model.NodeID(i) != id {
			c.peers = append(c.peers, model.NodeID(i))
		}
	}
	return c
}

// ID returns the node's ID.
func (c *Context) ID() model.NodeID { return c.id }

// Nodes returns every node's ID.
func (c *Context) Nodes() []model.NodeID { return c.nodes }

// Peers returns every other node's ID.
func (c *Context) Peers() []model.NodeID { return c.peers }

// Send records msg to node to.
func (c *Context) Send(to model.NodeID, msg actor.Message) {
	if to < 0 || int(to) >= len(c.nodes) {
		panic(fmt.Sprintf("Send to node %d: no such node (nodes are 0 to %d)", to, len(c.nodes)-1))
	}
	c.Sent = append(c.Sent, Sent{To: to, Msg: msg})
}

// Broadcast records msg to every peer.
func (c *Context) Broadcast(msg actor.Message) {
	for _, p := range c.peers {
		c.Sent = append(c.Sent, Sent{To: p, Msg: msg})
	}
}

// SetTimer makes t pending. Timers are told apart by value, as the explorer tells them.
func (c *Context) SetTimer(t actor.Timer, _ time.Duration) {
	if !c.Pending(t) {
		c.timers = append(c.timers, t)
	}
}

// CancelTimer makes t no longer pending.
func (c *Context) CancelTimer(t actor.Timer) {
	h := value.Hash(t)
	c.timers = slices.DeleteFunc(c.timers, func(p actor.Timer) bool { return value.Hash(p) == h })
}

// Pending reports whether timer t is pending.
func (c *Context) Pending(t actor.Timer) bool {
	h := value.Hash(t)
	return slices.ContainsFunc(c.timers, func(p actor.Timer) bool { return value.Hash(p) == h })
}

// Timers returns the pending timers, in the order they were first set.
func (c *Context) Timers() []actor.Timer { return slices.Clone(c.timers) }

// Choose returns the next of Choices, or 0 once they run out.
func (c *Context) Choose(n int) int {
	if n < 1 {
		panic(fmt.Sprintf("Choose(%d): there must be at least one option", n))
	}
	v := 0
	if c.chosen < len(c.Choices) {
		v = c.Choices[c.chosen]
	}
	c.chosen++
	if v < 0 || v >= n {
		panic(fmt.Sprintf("Choose(%d): the scripted choice %d is out of range", n, v))
	}
	return v
}

// Now returns Clock.
func (c *Context) Now() time.Duration { return c.Clock }

// Sign signs v as the node.
func (c *Context) Sign(v any) actor.Signature { return actor.SignAs(c.id, v) }

// Invoke records an operation the node starts.
func (c *Context) Invoke(input any) actor.OpID {
	c.Ops = append(c.Ops, Op{Input: input})
	return actor.OpID{Client: c.id, Index: len(c.Ops) - 1}
}

// Return records the output of operation id.
func (c *Context) Return(id actor.OpID, output any) {
	if id.Client != c.id || id.Index < 0 || id.Index >= len(c.Ops) {
		panic(fmt.Sprintf("Return(%v): not an operation this node invoked", id))
	}
	c.Ops[id.Index].Output, c.Ops[id.Index].Returned = output, true
}

// Take returns the messages sent since the last Take and forgets them.
func (c *Context) Take() []Sent {
	s := c.Sent
	c.Sent = nil
	return s
}

package actor

import (
	"time"

	"github.com/distcheck/distcheck/model"
)

// Message is anything one node sends another: a plain Go value, best a struct with no pointers.
// Messages are compared and stored by content (package value), so they must not hold funcs or
// channels.
type Message = any

// Timer names a pending timer of a node: a comparable Go value, such as a string or a small
// struct. Setting a timer that is already pending restarts it; there is at most one of each.
type Timer = any

// Node is a protocol participant written as a deterministic state machine, in the manner of
// etcd's raft: it reacts to its start, to messages and to timers, and acts only through its
// Context. A node uses no goroutines, clocks, global randomness or I/O; where the protocol
// allows several behaviours, it asks Context.Choose and the explorer tries each.
//
// A node's state is the value itself (usually a pointer to a struct): the explorer clones it
// before each step and fingerprints it after, with no methods to write (see package value for
// what that covers, and for the optional Clone and Fingerprint methods that make it faster).
// Fields tagged `distcheck:"-"` are shared between clones and left out of fingerprints: use it
// for configuration that never changes.
type Node interface {
	// Init runs once when the system starts (and again when a node recovers from a crash).
	Init(ctx Context)
	// Handle processes one message from another node.
	Handle(ctx Context, from model.NodeID, msg Message)
	// Timeout processes a timer that fired.
	Timeout(ctx Context, timer Timer)
}

// Context is a node's window on the system during one step.
type Context interface {
	// ID returns the node's own ID.
	ID() model.NodeID
	// Nodes returns the IDs of every node in the system, the node's own included, in order.
	// The slice is shared: do not modify it.
	Nodes() []model.NodeID
	// Peers returns the IDs of every other node, in order. The slice is shared: do not modify
	// it.
	Peers() []model.NodeID
	// Send sends msg to node to. The message is in flight once the step ends.
	Send(to model.NodeID, msg Message)
	// Broadcast sends msg to every peer (not to the node itself).
	Broadcast(msg Message)
	// SetTimer starts timer t, or restarts it if it is pending. In exhaustive and random
	// exploration a pending timer may fire at any step and after is ignored; in timed
	// simulation it fires after that much virtual time.
	SetTimer(t Timer, after time.Duration)
	// CancelTimer stops timer t if it is pending.
	CancelTimer(t Timer)
	// Choose returns a number in [0, n): a nondeterministic choice. The explorer runs the
	// step once for each possible value and follows each outcome. n must be at least 1.
	Choose(n int) int
	// Now returns the virtual time: zero in untimed exploration.
	Now() time.Duration
	// Sign signs v as this node. Anyone can check the signature with Verify; no other node can
	// make it (see Signature).
	Sign(v any) Signature
	// Invoke records that this node, as a client, starts an operation with the given input,
	// for consistency checks over the history (package checks). It returns the operation's id,
	// for Return.
	Invoke(input any) OpID
	// Return records that the operation id, which this node invoked, returned output.
	// Operations that never return — a crashed client, a lost reply — stay pending in the
	// history: they may or may not have taken effect.
	Return(id OpID, output any)
}

// ChooseFrom returns one of options, chosen nondeterministically through ctx.Choose.
func ChooseFrom[T any](ctx Context, options ...T) T {
	return options[ctx.Choose(len(options))]
}

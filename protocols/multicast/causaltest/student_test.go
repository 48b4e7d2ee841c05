package causaltest_test

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/causaltest"
)

// A causal broadcast written from Coulouris et al.'s CO-multicast (§15.4.3, figure 15.15),
// independently of package causal, as a student would: the sender stamps a message with its
// vector, its own entry counting the message; a receiver holds a message back until it is the
// next from its sender and the sender had delivered nothing the receiver has not. Mistakes
// students make are switched on by a flaw.

type flaw int

const (
	correct flaw = iota
	// noNextCheck compares the other entries of the stamp and not the sender's: a later
	// message of a sender is delivered before an earlier one that is still on its way.
	noNextCheck
	// noOwnIncrement does not count the process's own broadcasts in its vector: its messages
	// never look like the next one from it, and no one delivers them.
	noOwnIncrement
	// mergeOnReceive takes the maximum of the vector and a stamp when the message arrives,
	// as with a Lamport clock, instead of counting a message when it is delivered: the vector
	// claims deliveries that have not happened.
	mergeOnReceive
	// noRescan tries only the message that just arrived: a message held back is not tried
	// again once what it waited for is delivered.
	noRescan
	// waitsForAcks delivers its own message only once every other process has acknowledged
	// it, so as to be sure everyone has it: a process that crashes never acknowledges.
	waitsForAcks
)

func (f flaw) String() string {
	return [...]string{"correct", "no-next-check", "no-own-increment", "merge-on-receive", "no-rescan", "waits-for-acks"}[f]
}

// stamped is a broadcast message with its sender's vector; ack acknowledges one (waitsForAcks).
type (
	stamped struct {
		ID multicast.ID
		V  []int
	}
	ack struct{ ID multicast.ID }
)

type coNode struct {
	multicast.Record
	V    []int
	Held []stamped
	Left int
	// Acks counts the acknowledgements of each of the process's messages, and Own is how
	// many of them it has delivered (waitsForAcks).
	Acks []int
	Own  int

	flaw flaw `distcheck:"-"`
}

func student(f flaw) causaltest.Implementation {
	return causaltest.Implementation{Name: "student-" + f.String(), NewNode: func(c causaltest.NodeConfig) causaltest.Node {
		return &coNode{V: make([]int, len(c.Nodes)), Left: c.Messages, flaw: f}
	}}
}

func (n *coNode) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer("send", 0)
	}
}

func (n *coNode) Timeout(ctx actor.Context, _ actor.Timer) {
	self := ctx.ID()
	id := n.Record.Broadcast(self)
	stamp := slices.Clone(n.V)
	if n.flaw != noOwnIncrement {
		stamp[self] = id.Seq + 1 // this message counted
	}
	ctx.Broadcast(stamped{ID: id, V: stamp})
	if n.flaw == waitsForAcks {
		n.Acks = append(n.Acks, 0)
	} else {
		n.deliverOwn(id)
	}
	if n.Left--; n.Left > 0 {
		ctx.SetTimer("send", 0)
	}
}

func (n *coNode) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if a, ok := msg.(ack); ok {
		n.acked(ctx, a)
		return
	}
	m, ok := msg.(stamped)
	if !ok {
		return
	}
	if n.flaw == waitsForAcks {
		ctx.Send(from, ack{ID: m.ID})
	}
	if n.flaw == mergeOnReceive {
		for k, v := range m.V {
			if k != int(m.ID.Sender) {
				n.V[k] = max(n.V[k], v)
			}
		}
	}
	n.Held = append(n.Held, m)
	if n.flaw == noRescan {
		if n.ready(m) {
			n.Held = n.Held[:len(n.Held)-1]
			n.deliver(m)
		}
		return
	}
	n.drain()
}

// drain delivers the held messages that are ready until none is.
func (n *coNode) drain() {
	for i := 0; i < len(n.Held); {
		if h := n.Held[i]; n.ready(h) {
			n.Held = slices.Delete(n.Held, i, i+1)
			n.deliver(h)
			i = 0
			continue
		}
		i++
	}
}

// deliverOwn delivers one of the process's own messages; its entry of V counts them.
func (n *coNode) deliverOwn(id multicast.ID) {
	n.Record.Deliver(id)
	if n.flaw != noOwnIncrement {
		n.V[id.Sender]++
	}
}

// acked counts an acknowledgement and delivers, in order, the process's own messages that
// every other process has acknowledged.
func (n *coNode) acked(ctx actor.Context, a ack) {
	n.Acks[a.ID.Seq]++
	for n.Own < len(n.Acks) && n.Acks[n.Own] == len(ctx.Nodes())-1 {
		n.deliverOwn(multicast.ID{Sender: ctx.ID(), Seq: n.Own})
		n.Own++
	}
	n.drain() // messages that waited for these
}

func (n *coNode) deliver(m stamped) {
	n.Record.Deliver(m.ID)
	n.V[m.ID.Sender]++
}

// ready reports whether m is the next message from its sender and its sender had delivered
// nothing this process has not.
func (n *coNode) ready(m stamped) bool {
	j := int(m.ID.Sender)
	if n.flaw != noNextCheck && m.V[j] != n.V[j]+1 {
		return false
	}
	for k, v := range m.V {
		if k != j && v > n.V[k] {
			return false
		}
	}
	return true
}

func (n *coNode) String() string {
	return fmt.Sprintf("V=%v delivered %v held %d", n.V, n.Log, len(n.Held))
}

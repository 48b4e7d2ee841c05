package retransmit

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Stubborn wraps a message sent through a Retransmitter: the sender's sequence number and the
// message.
type Stubborn struct {
	Seq int
	Msg actor.Message
}

// StubbornAck acknowledges the Stubborn message Seq.
type StubbornAck struct{ Seq int }

// RetransmitTimer is the timer a Retransmitter sets; the node's Timeout must pass it on.
type RetransmitTimer struct{}

// Retransmitter turns fair-loss links into reliable ones, as in the textbook layering of
// stubborn and perfect links: each message sent through it is sent again whenever its timer
// fires, until the receiver acknowledges it, and the receiving side hands each message to the
// node once, however many copies arrive. Embed one in a node (its state is part of the node's)
// and route messages and timers through it:
//
//	func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
//		msg, ok := n.Links.Receive(ctx, from, msg)
//		if !ok {
//			return // an acknowledgement, or a copy already handled
//		}
//		... handle msg ...
//	}
//
//	func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
//		if n.Links.Timeout(ctx, t) {
//			return
//		}
//		...
//	}
//
// Retransmissions pile up without bound unless the model bounds them: explore retransmitting
// protocols with TimersWhenQuiet (a timer fires only when no message can be delivered) and
// System.MaxCopies set to 1 (a copy in flight stands for the ones sent after it), which keeps
// the state space finite even when a receiver is down or cut off.
type Retransmitter struct {
	// Pending are the messages sent and not yet acknowledged.
	Pending []PendingSend
	// NextSeq is the sequence number of the next message sent.
	NextSeq int
	// Received holds, per sender, the sequence numbers already handed to the node.
	Received map[model.NodeID][]int
}

// PendingSend is a message a Retransmitter sent and keeps sending until it is acknowledged.
type PendingSend struct {
	To  model.NodeID
	Seq int
	Msg actor.Message
}

// Send sends msg to to and keeps sending it until to acknowledges it.
func (r *Retransmitter) Send(ctx actor.Context, to model.NodeID, msg actor.Message) {
	p := PendingSend{To: to, Seq: r.NextSeq, Msg: msg}
	r.NextSeq++
	r.Pending = append(r.Pending, p)
	ctx.Send(to, Stubborn{Seq: p.Seq, Msg: msg})
	ctx.SetTimer(RetransmitTimer{}, 0)
}

// Broadcast sends msg to every peer through Send.
func (r *Retransmitter) Broadcast(ctx actor.Context, msg actor.Message) {
	for _, p := range ctx.Peers() {
		r.Send(ctx, p, msg)
	}
}

// Receive processes a message that arrived from from. It returns the message for the node to
// handle and true for the first copy of a Stubborn message (which it acknowledges) and for
// messages that did not come through a Retransmitter; it returns false for acknowledgements
// and for copies already handled (which it acknowledges again).
func (r *Retransmitter) Receive(ctx actor.Context, from model.NodeID, msg actor.Message) (actor.Message, bool) {
	switch m := msg.(type) {
	case StubbornAck:
		r.Pending = slices.DeleteFunc(r.Pending, func(p PendingSend) bool { return p.To == from && p.Seq == m.Seq })
		if len(r.Pending) == 0 {
			ctx.CancelTimer(RetransmitTimer{})
		}
		return nil, false
	case Stubborn:
		ctx.Send(from, StubbornAck{Seq: m.Seq})
		if slices.Contains(r.Received[from], m.Seq) {
			return nil, false
		}
		if r.Received == nil {
			r.Received = map[model.NodeID][]int{}
		}
		r.Received[from] = append(r.Received[from], m.Seq)
		slices.Sort(r.Received[from])
		return m.Msg, true
	}
	return msg, true
}

// Resume restarts retransmission after a crash: a node whose Retransmitter is durable calls it
// from Init, since a crash clears the timer.
func (r *Retransmitter) Resume(ctx actor.Context) {
	if len(r.Pending) > 0 {
		ctx.SetTimer(RetransmitTimer{}, 0)
	}
}

// Timeout resends every pending message if t is the Retransmitter's timer, and reports whether
// it was.
func (r *Retransmitter) Timeout(ctx actor.Context, t actor.Timer) bool {
	if _, ok := t.(RetransmitTimer); !ok {
		return false
	}
	for _, p := range r.Pending {
		ctx.Send(p.To, Stubborn{Seq: p.Seq, Msg: p.Msg})
	}
	if len(r.Pending) > 0 {
		ctx.SetTimer(RetransmitTimer{}, 0)
	}
	return true
}

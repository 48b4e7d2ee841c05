package links

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Tick is the timer of a Stubborn link: at every tick it sends again everything it ever sent.
type Tick struct{}

// Outgoing is a message a Stubborn link sent, and to whom.
type Outgoing struct {
	To  model.NodeID
	Msg actor.Message
}

// Stubborn is a stubborn link over the fair-loss network, by Algorithm 2.1 (Retransmit
// Forever): it remembers every message sent and sends them all again at every Tick. What
// arrives is delivered as it is, every copy: stubborn delivery, not deduplication.
type Stubborn struct {
	// Sent is every message sent, in order.
	Sent []Outgoing
	// Bug selects a buggy variant (BugRetransmitOnce).
	Bug bugs.Bug `distcheck:"-"`
}

// Send sends msg to to now and at every later tick.
func (s *Stubborn) Send(ctx actor.Context, to model.NodeID, msg actor.Message) {
	s.Sent = append(s.Sent, Outgoing{To: to, Msg: msg})
	ctx.Send(to, msg)
	ctx.SetTimer(Tick{}, 0)
}

// Timeout sends every message again if t is the link's Tick, and reports whether it was.
func (s *Stubborn) Timeout(ctx actor.Context, t actor.Timer) bool {
	if _, ok := t.(Tick); !ok {
		return false
	}
	for _, o := range s.Sent {
		ctx.Send(o.To, o.Msg)
	}
	if s.Bug != BugRetransmitOnce {
		ctx.SetTimer(Tick{}, 0) // forever
	}
	return true
}

// Numbered is what a Perfect link hands its Stubborn link: a message made unique by its
// sender's sequence number, as Algorithm 2.2 assumes messages are.
type Numbered struct {
	Seq int
	Msg actor.Message
}

// Stamp identifies a Numbered message: its sender and sequence number.
type Stamp struct {
	From model.NodeID
	Seq  int
}

// Perfect is a perfect link by Algorithm 2.2 (Eliminate Duplicates): it sends through its
// Stubborn link and hands the node each message the first time it arrives.
type Perfect struct {
	Stubborn Stubborn
	// NextSeq numbers the next message sent.
	NextSeq int
	// Delivered holds the messages already handed to the node, sorted.
	Delivered []Stamp
	// Bug selects a buggy variant (BugNoDedup).
	Bug bugs.Bug `distcheck:"-"`
}

// Send sends msg to to, reliably.
func (p *Perfect) Send(ctx actor.Context, to model.NodeID, msg actor.Message) {
	p.Stubborn.Send(ctx, to, Numbered{Seq: p.NextSeq, Msg: msg})
	p.NextSeq++
}

// Receive takes a message that arrived from from. It returns the message for the node to
// handle and true the first time a Numbered message arrives, and false for later copies (and
// for anything that is not a Numbered message).
func (p *Perfect) Receive(from model.NodeID, msg actor.Message) (actor.Message, bool) {
	m, ok := msg.(Numbered)
	if !ok {
		return nil, false
	}
	st := Stamp{From: from, Seq: m.Seq}
	i, seen := slices.BinarySearchFunc(p.Delivered, st, compareStamps)
	if seen && p.Bug != BugNoDedup {
		return nil, false
	}
	if !seen {
		p.Delivered = slices.Insert(p.Delivered, i, st)
	}
	return m.Msg, true
}

// Timeout passes t to the Stubborn link, and reports whether it was the link's.
func (p *Perfect) Timeout(ctx actor.Context, t actor.Timer) bool { return p.Stubborn.Timeout(ctx, t) }

func compareStamps(a, b Stamp) int {
	if a.From != b.From {
		return int(a.From) - int(b.From)
	}
	return a.Seq - b.Seq
}

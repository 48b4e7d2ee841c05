package totaltest_test

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/totaltest"
)

// Two total-order broadcasts written from Coulouris et al. (§15.4.3), independently of
// packages isis and sequencer, as a student would — ISIS's agreed priorities, with the
// largest proposed and agreed priorities kept apart as the book has them, and a fixed
// sequencer — with mistakes students make to switch on.

type flaw int

const (
	correct flaw = iota
	// ISIS mistakes.

	// deliverBeforeFinal delivers the head of the queue without waiting for its agreed
	// priority: a proposed priority is only a lower bound.
	deliverBeforeFinal
	// noTiebreak orders equal priorities by arrival instead of by the proposer's ID.
	noTiebreak
	// firstProposal agrees on the first proposal the sender gets instead of the largest.
	firstProposal
	// proposeFromCount proposes one more than the number of messages the process has queued,
	// not more than every priority it has proposed or seen agreed.
	proposeFromCount
	// noSelfProposal asks the other processes for proposals and not itself (ctx.Broadcast
	// sends to the peers only): it never has every process's, and no one delivers the message.
	noSelfProposal

	// Sequencer mistakes.

	// perSenderNumbers has the sequencer number each sender's messages apart (0, 1, ... per
	// sender), and the processes deliver each sender's in turn: FIFO, not total.
	perSenderNumbers
	// senderDeliversOwn delivers a process's own message as it broadcasts it, and skips it
	// when its number comes: ahead of messages the sequencer numbered before it.
	senderDeliversOwn
)

func (f flaw) String() string {
	return [...]string{"correct", "deliver-before-final", "no-tiebreak", "first-proposal", "propose-from-count", "no-self-proposal",
		"per-sender-numbers", "sender-delivers-own"}[f]
}

// ISIS: a request for proposals, a proposal, the agreed priority.
type (
	request  struct{ ID multicast.ID }
	proposal struct {
		ID     multicast.ID
		P      int
		Source model.NodeID
	}
	agreed struct {
		ID     multicast.ID
		P      int
		Source model.NodeID
	}
)

// queued is a message in an ISIS process's hold-back queue.
type queued struct {
	ID       multicast.ID
	P        int
	Source   model.NodeID
	Agreed   bool
	Received int // arrival order, for noTiebreak
}

// asking is one of the process's own messages whose proposals it collects.
type asking struct {
	ID      multicast.ID
	Got     int
	Best    int
	BestSrc model.NodeID
}

type isisNode struct {
	multicast.Record
	// MaxProposed and MaxAgreed are P_q and A_q.
	MaxProposed, MaxAgreed int
	Queue                  []queued
	Asking                 []asking
	Arrivals               int
	Left                   int

	n    int  `distcheck:"-"`
	flaw flaw `distcheck:"-"`
}

func studentISIS(f flaw) totaltest.Implementation {
	return totaltest.Implementation{Name: "isis-" + f.String(), NewNode: func(c totaltest.NodeConfig) totaltest.Node {
		return &isisNode{Left: c.Messages, n: len(c.Nodes), flaw: f}
	}}
}

func (n *isisNode) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer("send", 0)
	}
}

func (n *isisNode) Timeout(ctx actor.Context, _ actor.Timer) {
	id := n.Record.Broadcast(ctx.ID())
	n.Asking = append(n.Asking, asking{ID: id, Best: -1})
	ctx.Broadcast(request{ID: id})
	if n.flaw != noSelfProposal {
		n.onRequest(ctx, ctx.ID(), id)
	}
	if n.Left--; n.Left > 0 {
		ctx.SetTimer("send", 0)
	}
}

func (n *isisNode) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case request:
		n.onRequest(ctx, from, m.ID)
	case proposal:
		n.onProposal(ctx, m)
	case agreed:
		n.onAgreed(m)
	}
}

func (n *isisNode) onRequest(ctx actor.Context, from model.NodeID, id multicast.ID) {
	p := max(n.MaxAgreed, n.MaxProposed) + 1
	if n.flaw == proposeFromCount {
		p = len(n.Queue) + 1
	}
	n.MaxProposed = max(n.MaxProposed, p)
	n.Arrivals++
	n.Queue = append(n.Queue, queued{ID: id, P: p, Source: ctx.ID(), Received: n.Arrivals})
	n.sortAndDeliver()
	if from == ctx.ID() {
		n.onProposal(ctx, proposal{ID: id, P: p, Source: ctx.ID()})
		return
	}
	ctx.Send(from, proposal{ID: id, P: p, Source: ctx.ID()})
}

func (n *isisNode) onProposal(ctx actor.Context, m proposal) {
	i := slices.IndexFunc(n.Asking, func(a asking) bool { return a.ID == m.ID })
	if i < 0 {
		return
	}
	a := &n.Asking[i]
	better := m.P > a.Best || m.P == a.Best && m.Source > a.BestSrc
	if a.Got == 0 || better && n.flaw != firstProposal {
		a.Best, a.BestSrc = m.P, m.Source
	}
	if a.Got++; a.Got < n.n {
		return
	}
	f := agreed{ID: a.ID, P: a.Best, Source: a.BestSrc}
	n.Asking = slices.Delete(n.Asking, i, i+1)
	ctx.Broadcast(f)
	n.onAgreed(f)
}

func (n *isisNode) onAgreed(m agreed) {
	n.MaxAgreed = max(n.MaxAgreed, m.P)
	for i := range n.Queue {
		if n.Queue[i].ID == m.ID {
			n.Queue[i].P, n.Queue[i].Source, n.Queue[i].Agreed = m.P, m.Source, true
		}
	}
	n.sortAndDeliver()
}

func (n *isisNode) sortAndDeliver() {
	slices.SortStableFunc(n.Queue, func(a, b queued) int {
		if n.flaw == noTiebreak {
			return cmp.Or(cmp.Compare(a.P, b.P), cmp.Compare(a.Received, b.Received))
		}
		return cmp.Or(cmp.Compare(a.P, b.P), cmp.Compare(a.Source, b.Source))
	})
	for len(n.Queue) > 0 && (n.Queue[0].Agreed || n.flaw == deliverBeforeFinal) {
		n.Record.Deliver(n.Queue[0].ID)
		n.Queue = n.Queue[1:]
	}
}

func (n *isisNode) String() string {
	s := fmt.Sprintf("P=%d A=%d delivered %v", n.MaxProposed, n.MaxAgreed, n.Log)
	for _, q := range n.Queue {
		s += fmt.Sprintf(" %v@%d/%d", q.ID, q.P, q.Source)
		if q.Agreed {
			s += "!"
		}
	}
	return s
}

// Sequencer: a message to order, and the order.
type (
	toOrder struct{ ID multicast.ID }
	order   struct {
		ID multicast.ID
		S  int
	}
)

// seqNode is a process of the fixed-sequencer broadcast; process 0 is the sequencer.
type seqNode struct {
	multicast.Record
	// Next is the number of the next message to deliver (per sender, with perSenderNumbers);
	// Given counts the numbers the sequencer gave (per sender, with perSenderNumbers).
	Next, Given []int
	HoldBack    []order
	Left        int

	flaw flaw `distcheck:"-"`
}

func studentSequencer(f flaw) totaltest.Implementation {
	return totaltest.Implementation{Name: "sequencer-" + f.String(), NewNode: func(c totaltest.NodeConfig) totaltest.Node {
		return &seqNode{Next: make([]int, len(c.Nodes)), Given: make([]int, len(c.Nodes)), Left: c.Messages, flaw: f}
	}}
}

func (n *seqNode) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer("send", 0)
	}
}

func (n *seqNode) Timeout(ctx actor.Context, _ actor.Timer) {
	id := n.Record.Broadcast(ctx.ID())
	if n.flaw == senderDeliversOwn {
		n.Record.Deliver(id)
	}
	if ctx.ID() == 0 {
		n.sequence(ctx, id)
	} else {
		ctx.Send(0, toOrder{ID: id})
	}
	if n.Left--; n.Left > 0 {
		ctx.SetTimer("send", 0)
	}
}

func (n *seqNode) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case toOrder:
		n.sequence(ctx, m.ID)
	case order:
		n.hold(ctx, m)
	}
}

// counter returns the index of the counter that numbers, and delivers, id.
func (n *seqNode) counter(id multicast.ID) int {
	if n.flaw == perSenderNumbers {
		return int(id.Sender)
	}
	return 0
}

func (n *seqNode) sequence(ctx actor.Context, id multicast.ID) {
	o := order{ID: id, S: n.Given[n.counter(id)]}
	n.Given[n.counter(id)]++
	ctx.Broadcast(o)
	n.hold(ctx, o)
}

func (n *seqNode) hold(ctx actor.Context, o order) {
	n.HoldBack = append(n.HoldBack, o)
	for i := 0; i < len(n.HoldBack); i++ {
		h := n.HoldBack[i]
		if h.S != n.Next[n.counter(h.ID)] {
			continue
		}
		n.Next[n.counter(h.ID)]++
		n.HoldBack = slices.Delete(n.HoldBack, i, i+1)
		if n.flaw != senderDeliversOwn || h.ID.Sender != ctx.ID() {
			n.Record.Deliver(h.ID)
		}
		i = -1
	}
}

func (n *seqNode) String() string {
	return fmt.Sprintf("next %v delivered %v holds back %v", n.Next, n.Log, n.HoldBack)
}

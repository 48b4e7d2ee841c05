package ringtest_test

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/ringelection/ringtest"
)

// A Chang–Roberts election written from Coulouris et al.'s description, independently of
// package ringelection, as a student would — its own messages and timer, the decision in one
// comparison — with mistakes students make to switch on.

type flaw int

const (
	correct flaw = iota
	// forwardsSmaller has a non-participant forward a smaller identifier as it is, instead
	// of replacing it with its own.
	forwardsSmaller
	// keepsVictory has the node whose identifier came back announce the result to itself
	// only: no victory message goes round the ring.
	keepsVictory
	// smallerMeansWon has a participant that receives a smaller identifier conclude that its
	// own has gone round, and declare itself coordinator.
	smallerMeansWon
	// indexAsIdentifier uses the node's place in the system (ctx.ID()) as its identifier
	// instead of the identifier it was given.
	indexAsIdentifier
	// dropsSmaller has a non-participant discard a smaller identifier, as a participant does,
	// instead of replacing it with its own: harmless when every node starts, fatal when only
	// the lowest does.
	dropsSmaller
	// forwardsStaleVictory passes the victory on rebuilt from the coordinator the node knew
	// before it, not from the message: the first node to forward it sends "no coordinator".
	forwardsStaleVictory
)

func (f flaw) String() string {
	return [...]string{"correct", "forwards-smaller", "keeps-victory", "smaller-means-won",
		"index-as-identifier", "drops-smaller", "forwards-stale-victory"}[f]
}

// Messages: a candidate's identifier, and the winner's.
type (
	candidate struct{ Best int }
	victory   struct{ Winner int }
)

type ringNode struct {
	Busy   bool // a participant
	Winner int  // the coordinator known, 0 for none
	Starts bool `distcheck:"-"`

	me   int          `distcheck:"-"`
	succ model.NodeID `distcheck:"-"`
	flaw flaw         `distcheck:"-"`
}

func student(f flaw) ringtest.Implementation {
	return ringtest.Implementation{Name: "student-" + f.String(), NewNode: func(c ringtest.NodeConfig) ringtest.Node {
		me := c.ID
		if f == indexAsIdentifier {
			me = int(c.Index)
		}
		return &ringNode{me: me, succ: c.Next, Starts: c.Starts, flaw: f}
	}}
}

func (n *ringNode) Init(ctx actor.Context) {
	if n.Starts {
		ctx.SetTimer("go", 0)
	}
}

func (n *ringNode) Timeout(ctx actor.Context, _ actor.Timer) {
	if n.Busy || n.Winner != 0 {
		return
	}
	n.Busy = true
	ctx.Send(n.succ, candidate{Best: n.me})
}

func (n *ringNode) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case candidate:
		switch {
		case m.Best == n.me:
			n.win(ctx)
		case m.Best > n.me:
			n.Busy = true
			ctx.Send(n.succ, m)
		case n.Busy && n.flaw == smallerMeansWon:
			n.win(ctx)
		case n.Busy || n.flaw == dropsSmaller:
			// discard
		case n.flaw == forwardsSmaller:
			n.Busy = true
			ctx.Send(n.succ, m)
		default:
			n.Busy = true
			ctx.Send(n.succ, candidate{Best: n.me})
		}
	case victory:
		if m.Winner != n.me && n.flaw == forwardsStaleVictory {
			ctx.Send(n.succ, victory{Winner: n.Winner})
		} else if m.Winner != n.me {
			ctx.Send(n.succ, m)
		}
		n.Busy, n.Winner = false, m.Winner
	}
}

// win makes the node coordinator and, unless keepsVictory, tells the ring.
func (n *ringNode) win(ctx actor.Context) {
	n.Busy, n.Winner = false, n.me
	if n.flaw != keepsVictory {
		ctx.Send(n.succ, victory{Winner: n.me})
	}
}

func (n *ringNode) Leader() int { return n.Winner }

func (n *ringNode) String() string {
	return fmt.Sprintf("me=%d busy=%t winner=%d", n.me, n.Busy, n.Winner)
}

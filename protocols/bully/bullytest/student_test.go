package bullytest_test

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bully/bullytest"
)

// A bully election written from Coulouris et al.'s description, independently of package
// bully, as a student would — its own messages, stages and timers — with mistakes students
// make to switch on.

type flaw int

const (
	correct flaw = iota
	// silentWhileElecting answers an election message only when in no election of its own.
	silentWhileElecting
	// electsDownward sends its election messages to the lower nodes, and takes the lowest
	// node for the one that needs to ask no one.
	electsDownward
	// forgetsItself announces itself to the others without noting itself as coordinator.
	forgetsItself
	// answerMeansLeader takes the node that answered its election message for the
	// coordinator.
	answerMeansLeader
	// electionToAll sends its election messages to every other node, the lower ones too,
	// and waits for answers like the others: the highest node is answered too.
	electionToAll
)

// The student's timeouts: T for answers, T′ > T for the victory message after one, and the
// period of its pings.
const (
	answerWait  = 3 * time.Second
	victoryWait = 7 * time.Second
	pingEvery   = 5 * time.Second
)

func (f flaw) String() string {
	return [...]string{"correct", "silent-while-electing", "elects-downward", "forgets-itself",
		"answer-means-leader", "election-to-all"}[f]
}

// Messages.
type (
	elect   struct{}
	alive   struct{}
	victory struct{}
	ping    struct{}
	pong    struct{}
)

// Stages of an election.
const (
	calm     = iota // in no election
	asked           // sent elect, waits for alive
	outvoted        // got alive, waits for victory
)

type bullyNode struct {
	Stage  int
	Boss   model.NodeID
	Pinged bool

	flaw flaw `distcheck:"-"`
}

func student(f flaw) bullytest.Implementation {
	return bullytest.Implementation{Name: "student-" + f.String(), NewNode: func(bullytest.NodeConfig) bullytest.Node {
		return &bullyNode{Boss: model.NoNode, flaw: f}
	}}
}

func (n *bullyNode) Init(ctx actor.Context) { n.start(ctx) }

// over returns the nodes the node sends its election messages to.
func (n *bullyNode) over(ctx actor.Context) []model.NodeID {
	me, all := ctx.ID(), ctx.Nodes()
	switch n.flaw {
	case electsDownward:
		return all[:me]
	case electionToAll:
		return ctx.Peers()
	}
	return all[me+1:]
}

func (n *bullyNode) start(ctx actor.Context) {
	n.Boss, n.Pinged = model.NoNode, false
	ctx.CancelTimer("ping")
	ctx.CancelTimer("wait-victory")
	over := n.over(ctx)
	if len(over) == 0 {
		n.declare(ctx)
		return
	}
	n.Stage = asked
	for _, p := range over {
		ctx.Send(p, elect{})
	}
	ctx.SetTimer("wait-answer", answerWait)
}

func (n *bullyNode) declare(ctx actor.Context) {
	n.Stage = calm
	if n.flaw != forgetsItself {
		n.Boss = ctx.ID()
	}
	for _, p := range ctx.Nodes()[:ctx.ID()] {
		ctx.Send(p, victory{})
	}
}

func (n *bullyNode) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case elect:
		if n.flaw != silentWhileElecting || n.Stage == calm {
			ctx.Send(from, alive{})
		}
		switch {
		case n.Boss == ctx.ID():
			ctx.Send(from, victory{})
		case n.Stage == calm:
			n.start(ctx)
		}
	case alive:
		if n.Stage == asked {
			n.Stage = outvoted
			if n.flaw == answerMeansLeader {
				n.Boss = from
			}
			ctx.CancelTimer("wait-answer")
			ctx.SetTimer("wait-victory", victoryWait)
		}
	case victory:
		n.Stage, n.Boss, n.Pinged = calm, from, false
		ctx.CancelTimer("wait-answer")
		ctx.CancelTimer("wait-victory")
		ctx.SetTimer("ping", pingEvery)
	case ping:
		ctx.Send(from, pong{})
	case pong:
		if from == n.Boss {
			n.Pinged = false
		}
	}
}

func (n *bullyNode) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == "wait-answer" && n.Stage == asked:
		n.declare(ctx) // every node asked has crashed
	case t == "wait-victory" && n.Stage == outvoted:
		n.start(ctx) // the node that answered crashed
	case t == "ping" && n.Boss != model.NoNode && n.Boss != ctx.ID():
		if n.Pinged {
			n.start(ctx) // the coordinator crashed
			return
		}
		n.Pinged = true
		ctx.Send(n.Boss, ping{})
		ctx.SetTimer("ping", pingEvery)
	}
}

func (n *bullyNode) Coordinator() model.NodeID { return n.Boss }

func (n *bullyNode) String() string {
	return fmt.Sprintf("%s boss=%d pinged=%t", [...]string{"calm", "asked", "outvoted"}[n.Stage], n.Boss, n.Pinged)
}

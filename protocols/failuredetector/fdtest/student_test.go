package fdtest_test

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/failuredetector/fdtest"
)

// Failure detectors written from Cachin, Guerraoui and Rodrigues's Algorithms 2.5 and 2.7,
// independently of package failuredetector, as a student would — their own messages, a set of
// processes heard from in the current round, a timeout that grows — with mistakes students
// make to switch on.

type flaw int

const (
	correct flaw = iota
	// noReset (perfect) never empties the set of processes heard from: a process that
	// answered once and then crashed counts as alive for ever.
	noReset
	// answersOnce (perfect) answers only the first heartbeat request — a flag meant to avoid
	// answering twice, never cleared — so a live process falls silent.
	answersOnce
	// noIncrease (eventually perfect) suspects on the first missed heartbeat and restores the
	// process when it answers, but never lengthens its timeout.
	noIncrease
	// neverRestore (eventually perfect) lengthens its timeout after a mistake but leaves the
	// process suspected.
	neverRestore
	// pingsAllButLast (eventually perfect) sends its requests in a loop that stops one
	// process short: the last process is never asked, never answers and stays suspected.
	pingsAllButLast
	// shrinksTimeout (eventually perfect) shortens its timeout by Δ again after a round in
	// which every process answered, to detect crashes sooner.
	shrinksTimeout
)

func (f flaw) String() string {
	return [...]string{"correct", "no-reset", "answers-once", "no-increase", "never-restore",
		"pings-all-but-last", "shrinks-timeout"}[f]
}

// Messages: a heartbeat request and its answer.
type (
	areYouAlive struct{}
	imAlive     struct{}
)

const tick = "tick"

type studentNode struct {
	Heard    []bool
	Out      []bool // the detector's output
	Wait     time.Duration
	Answered bool

	monitor  bool          `distcheck:"-"`
	eventual bool          `distcheck:"-"`
	delta    time.Duration `distcheck:"-"`
	flaw     flaw          `distcheck:"-"`
}

func student(f flaw, d fdtest.Detector) fdtest.Implementation {
	return fdtest.Implementation{Name: "student-" + f.String(), Detector: d, NewNode: func(c fdtest.NodeConfig) fdtest.Node {
		n := len(c.Nodes)
		return &studentNode{Heard: make([]bool, n), Out: make([]bool, n), monitor: c.Monitor,
			eventual: d == fdtest.EventuallyPerfect, delta: c.Delta, flaw: f}
	}}
}

func (n *studentNode) Init(ctx actor.Context) {
	if n.monitor {
		n.Wait = n.delta
		n.round(ctx)
	}
}

func (n *studentNode) round(ctx actor.Context) {
	peers := ctx.Peers()
	if n.flaw == pingsAllButLast {
		peers = peers[:len(peers)-1]
	}
	for _, q := range peers {
		ctx.Send(q, areYouAlive{})
	}
	ctx.SetTimer(tick, n.Wait)
}

func (n *studentNode) Timeout(ctx actor.Context, _ actor.Timer) {
	if n.eventual {
		wrong := false
		for q := range n.Out {
			if n.Out[q] && n.Heard[q] {
				wrong = true
				if n.flaw != neverRestore {
					n.Out[q] = false
				}
			}
		}
		switch {
		case wrong && n.flaw != noIncrease:
			n.Wait += n.delta
		case !wrong && n.flaw == shrinksTimeout && n.Wait > n.delta && n.everyoneHeard(ctx):
			n.Wait -= n.delta
		}
	}
	for _, q := range ctx.Peers() {
		if !n.Heard[q] {
			n.Out[q] = true
		}
	}
	if n.flaw != noReset {
		clear(n.Heard)
	}
	n.round(ctx)
}

func (n *studentNode) everyoneHeard(ctx actor.Context) bool {
	for _, q := range ctx.Peers() {
		if !n.Heard[q] {
			return false
		}
	}
	return true
}

func (n *studentNode) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case areYouAlive:
		if n.flaw == answersOnce && n.Answered {
			return
		}
		n.Answered = true
		ctx.Send(from, imAlive{})
	case imAlive:
		n.Heard[from] = true
	}
}

func (n *studentNode) Suspects(q model.NodeID) bool { return n.Out[q] }

func (n *studentNode) String() string {
	return fmt.Sprintf("heard %v, suspects %v, waits %v", n.Heard, n.Out, n.Wait)
}

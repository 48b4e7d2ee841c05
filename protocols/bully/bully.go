package bully

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages of the bully algorithm.
type (
	// Election begins an election; it is sent to every higher node.
	Election struct{}
	// Answer tells a lower node that a higher one is alive and takes over.
	Answer struct{}
	// Coordinator announces the sender as coordinator.
	Coordinator struct{}
	// Probe asks the coordinator whether it is alive; ProbeReply says it is.
	Probe      struct{}
	ProbeReply struct{}
)

// The timers of a node.
const (
	// AnswerTimer waits for an Answer to an Election.
	AnswerTimer = "answer"
	// CoordinatorTimer waits for a Coordinator after an Answer.
	CoordinatorTimer = "coordinator"
	// ProbeTimer probes the coordinator, and finds it crashed when its reply has not come.
	ProbeTimer = "probe"
)

// The timeouts, which actor.TimersInOrder orders by deadline (messages take no time in
// exploration). Garcia-Molina's T′ > T lets a node waiting for a Coordinator after an Answer
// give the answering node time to announce itself before it starts again.
const (
	// AnswerTimeout (T) is how long a node waits for an Answer to its Election.
	AnswerTimeout = 100 * time.Millisecond
	// CoordinatorTimeout (T′) is how long a node waits for a Coordinator after an Answer.
	CoordinatorTimeout = 2 * AnswerTimeout
	// ProbePeriod is how often a node probes its coordinator; a probe unanswered for a period
	// means it crashed.
	ProbePeriod = AnswerTimeout
)

// The named buggy variants.
const (
	// BugDeclareDespiteAnswer announces itself when its answer timeout fires, whatever it has
	// heard since: the timer is never cancelled and the handler checks nothing.
	BugDeclareDespiteAnswer bugs.Bug = "declare-despite-answer"
	// BugAsynchronous runs the algorithm with timers that may fire at any step.
	BugAsynchronous bugs.Bug = "asynchronous"
	// BugNoReelection keeps following a coordinator whose probe went unanswered: the node
	// notices the silence but never begins the election it calls for.
	BugNoReelection bugs.Bug = "no-reelection"
	// BugWaitForever waits for a Coordinator after an Answer without a timeout (no T′).
	BugWaitForever bugs.Bug = "wait-forever"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "bully", Variants: []bugs.Variant{
	{Bug: BugDeclareDespiteAnswer, Summary: "the answer timeout is never cancelled and announces whatever was heard (default flags: two coordinators)"},
	{Bug: BugAsynchronous, Summary: "timers fire at any step, so a timeout is not a crash (default flags: two coordinators)"},
	{Bug: BugNoReelection, Summary: "an unanswered probe begins no election: the nodes follow a crashed coordinator forever (--crashes 1: stuck, Elected)"},
	{Bug: BugWaitForever, Summary: "no timeout on the Coordinator awaited after an Answer: if the answering node crashes, the node waits forever (--crashes 2: stuck, Elected)"},
}}

// Phase is where a node is in an election.
type Phase uint8

// The phases.
const (
	// Idle: the node is in no election.
	Idle Phase = iota
	// Electing: it sent Election and waits for an Answer.
	Electing
	// Answered: it got an Answer and waits for a Coordinator.
	Answered
)

// Node is a node of the bully algorithm; its identifier is its node ID.
type Node struct {
	Phase Phase
	// Leader is the coordinator the node knows, or model.NoNode.
	Leader model.NodeID
	// Probing says a Probe to the leader is unanswered.
	Probing bool
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init begins an election.
func (n *Node) Init(ctx actor.Context) { n.elect(ctx) }

// elect begins an election: the highest node announces itself, any other asks the higher ones.
func (n *Node) elect(ctx actor.Context) {
	self, all := ctx.ID(), ctx.Nodes()
	n.Leader, n.Probing = model.NoNode, false
	ctx.CancelTimer(ProbeTimer)
	ctx.CancelTimer(CoordinatorTimer)
	if int(self) == len(all)-1 {
		n.announce(ctx)
		return
	}
	n.Phase = Electing
	for _, p := range all[self+1:] {
		ctx.Send(p, Election{})
	}
	ctx.SetTimer(AnswerTimer, AnswerTimeout)
}

// announce makes the node coordinator and tells every lower node.
func (n *Node) announce(ctx actor.Context) {
	self := ctx.ID()
	n.Phase, n.Leader = Idle, self
	for _, p := range ctx.Nodes()[:self] {
		ctx.Send(p, Coordinator{})
	}
}

// Handle answers elections, notes coordinators and answers probes.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case Election:
		ctx.Send(from, Answer{})
		if n.Phase == Idle && n.Leader != ctx.ID() {
			n.elect(ctx)
		} else if n.Leader == ctx.ID() {
			ctx.Send(from, Coordinator{})
		}
	case Answer:
		if n.Phase == Electing {
			n.Phase = Answered
			if n.Bug != BugDeclareDespiteAnswer {
				ctx.CancelTimer(AnswerTimer)
			}
			if n.Bug != BugWaitForever {
				ctx.SetTimer(CoordinatorTimer, CoordinatorTimeout)
			}
		}
	case Coordinator:
		n.Phase, n.Leader, n.Probing = Idle, from, false
		if n.Bug != BugDeclareDespiteAnswer {
			ctx.CancelTimer(AnswerTimer)
		}
		ctx.CancelTimer(CoordinatorTimer)
		ctx.SetTimer(ProbeTimer, ProbePeriod)
	case Probe:
		ctx.Send(from, ProbeReply{})
	case ProbeReply:
		if from == n.Leader {
			n.Probing = false
		}
	}
}

// Timeout acts on the silence of other nodes, which the synchronous system makes a crash.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch t {
	case AnswerTimer:
		if n.Phase == Electing || n.Bug == BugDeclareDespiteAnswer {
			ctx.CancelTimer(CoordinatorTimer)
			n.announce(ctx) // no higher node answered: all have crashed
		}
	case CoordinatorTimer:
		if n.Phase == Answered {
			n.elect(ctx) // the node that answered crashed before announcing itself
		}
	case ProbeTimer:
		if n.Leader == model.NoNode || n.Leader == ctx.ID() {
			return
		}
		if n.Probing {
			if n.Bug != BugNoReelection {
				n.elect(ctx) // the probe went unanswered: the coordinator crashed
			}
			return
		}
		n.Probing = true
		ctx.Send(n.Leader, Probe{})
		ctx.SetTimer(ProbeTimer, ProbePeriod)
	}
}

// String shows the node's phase and coordinator, for diagrams.
func (n *Node) String() string {
	s := [...]string{"idle", "electing", "answered"}[n.Phase]
	if n.Leader != model.NoNode {
		s += fmt.Sprintf(", coordinator n%d", n.Leader)
	}
	if n.Probing {
		s += ", probing"
	}
	return s
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes (at least 2).
	Nodes int
	// Faults are the fault budgets: crash-stop, which the algorithm tolerates.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the bully election for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("nodes", cfg.Nodes, 2)); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	for i := range nodes {
		nodes[i] = &Node{Leader: model.NoNode, Bug: cfg.Bug}
	}
	timers := actor.TimersInOrder
	if cfg.Bug == BugAsynchronous {
		timers = actor.TimersAnytime
	}
	return &actor.System{
		Protocol: "bully",
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Timers:   timers,
		Fair:     model.FairActions,
		// Messages to a crashed node stay in flight; one copy of each on a link stands for
		// the later ones, so that elections and probes repeated after a crash stay finite.
		MaxCopies: 1,
		Props:     Properties(),
	}, nil
}

// Member is what the properties read of a node of the bully algorithm: this package's Node,
// or another implementation's (package bullytest's suite).
type Member interface {
	actor.Node
	// Coordinator returns the coordinator the node knows, or model.NoNode.
	Coordinator() model.NodeID
}

// Coordinator returns the coordinator the node knows, or model.NoNode.
func (n *Node) Coordinator() model.NodeID { return n.Leader }

// Properties returns the properties of a system of Members: AtMostOneCoordinator and
// HighestLive (always), Elected (eventually) and CoordinatorAnnounced (sometimes), as the
// package documentation states them.
func Properties() []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always("AtMostOneCoordinator", func(s *actor.State) bool { return len(Coordinators(s)) <= 1 }),
		properties.Always("HighestLive", func(s *actor.State) bool {
			return live(s, func(l model.NodeID) bool { return l == model.NoNode || !s.Up(l) || l == highestLive(s) })
		}),
		properties.Eventually("Elected", func(s *actor.State) bool {
			return live(s, func(l model.NodeID) bool { return l == highestLive(s) })
		}),
		properties.Sometimes("CoordinatorAnnounced", func(s *actor.State) bool { return len(Coordinators(s)) > 0 }),
	}
}

// live reports whether ok holds of the coordinator that every live node knows.
func live(s *actor.State, ok func(model.NodeID) bool) bool {
	for i := range s.NumNodes() {
		if id := model.NodeID(i); s.Up(id) && !ok(s.Node(id).(Member).Coordinator()) {
			return false
		}
	}
	return true
}

// highestLive returns the live node with the largest ID, or model.NoNode.
func highestLive(s *actor.State) model.NodeID {
	for i := s.NumNodes() - 1; i >= 0; i-- {
		if s.Up(model.NodeID(i)) {
			return model.NodeID(i)
		}
	}
	return model.NoNode
}

// Coordinators returns the live nodes that believe they are the coordinator in s.
func Coordinators(s *actor.State) []model.NodeID {
	var out []model.NodeID
	for i := range s.NumNodes() {
		if id := model.NodeID(i); s.Up(id) && s.Node(id).(Member).Coordinator() == id {
			out = append(out, id)
		}
	}
	return out
}

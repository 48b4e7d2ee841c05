package paxos

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Vote is one acceptor's acceptance of a proposal, as a learner hears of it.
type Vote struct {
	Acceptor model.NodeID
	Proposal
}

func compareVotes(a, b Vote) int {
	if c := cmp.Compare(a.Ballot, b.Ballot); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Value, b.Value); c != 0 {
		return c
	}
	return cmp.Compare(a.Acceptor, b.Acceptor)
}

// Learner finds out which value has been chosen, as in section 2.3 of "Paxos Made Simple":
// every acceptor tells it each proposal it accepts, and a value is chosen once a single
// proposal with that value has been accepted by a majority of the acceptors. A learner learns
// every value it sees chosen — in a correct system there is at most one — and keeps what it
// has heard in stable storage.
type Learner struct {
	// Votes are the acceptances heard of, sorted by ballot, value and acceptor.
	// It is a set: renaming acceptors for symmetry reduction does not depend on the order.
	Votes []Vote `distcheck:"durable,set"`
	// Learned are the values learned, in the order they were learned.
	Learned []Value `distcheck:"durable"`

	// Acceptors are the acceptors' node IDs.
	Acceptors []model.NodeID `distcheck:"-"`
}

// NewLearner returns a learner of the given acceptors' votes.
func NewLearner(acceptors []model.NodeID) *Learner { return &Learner{Acceptors: acceptors} }

// Init does nothing: a learner only listens.
func (l *Learner) Init(actor.Context) {}

// Handle records an acceptor's vote and learns its value if the vote completes a majority.
func (l *Learner) Handle(_ actor.Context, from model.NodeID, msg actor.Message) {
	m, ok := msg.(Accepted)
	if !ok || !slices.Contains(l.Acceptors, from) {
		return
	}
	v := Vote{Acceptor: from, Proposal: Proposal(m)}
	i, found := slices.BinarySearchFunc(l.Votes, v, compareVotes)
	if found {
		return
	}
	l.Votes = slices.Insert(l.Votes, i, v)
	if !slices.Contains(l.Learned, m.Value) && votesFor(l.Votes, v.Proposal) >= Majority(len(l.Acceptors)) {
		l.Learned = append(l.Learned, m.Value)
	}
}

// Timeout is unused: learners set no timers.
func (l *Learner) Timeout(actor.Context, actor.Timer) {}

// String shows the values learned and the votes heard of, for diagrams.
func (l *Learner) String() string {
	var votes []string
	for _, v := range l.Votes {
		votes = append(votes, fmt.Sprintf("%s=%s", nodeName(v.Acceptor, l.Acceptors, "a"), v.Proposal))
	}
	learned := "nothing"
	if len(l.Learned) > 0 {
		learned = fmt.Sprintf("%q", l.Learned)
	}
	return fmt.Sprintf("learned %s votes {%s}", learned, strings.Join(votes, " "))
}

// votesFor counts the votes for proposal p in votes (each acceptor votes once per proposal).
func votesFor(votes []Vote, p Proposal) int {
	n := 0
	for _, v := range votes {
		if v.Proposal == p {
			n++
		}
	}
	return n
}

// LearnerConfig is what a learner is told.
type LearnerConfig struct {
	// Acceptors are the acceptors' node IDs: a majority of them make a value chosen.
	Acceptors []model.NodeID
}

// LearnerNode is a learner of any implementation, as the properties see it: a node that hears
// of the acceptors' votes (Accepted messages) and reports the values it has learned.
type LearnerNode interface {
	actor.Node
	// LearnedValues returns the values the learner has learned.
	LearnedValues() []Value
}

// LearnedValues returns the values learned.
func (l *Learner) LearnedValues() []Value { return l.Learned }

// heard returns the votes the learner was told of, and the acceptors.
func (l *Learner) heard() ([]Vote, []model.NodeID) { return l.Votes, l.Acceptors }

// hearer is a node whose record of the acceptors' votes the properties count: a Learner, or
// the witness around a learner of another implementation.
type hearer interface {
	heard() (votes []Vote, acceptors []model.NodeID)
}

// witness wraps a learner of another implementation (Roles.Learner): it records every vote the
// learner is told of, for the properties, and hands every message on. It survives a crash as
// the learner does: with the learner's durable fields only.
type witness struct {
	// Votes are the acceptances the learner was told of, as in Learner.
	Votes []Vote `distcheck:"durable,set"`
	// Started says that Init ran once: a later Init is a recovery.
	Started bool `distcheck:"durable"`
	// L is the learner. It is durable as a whole so that a recovery can pick its durable
	// fields out of it (Init).
	L LearnerNode `distcheck:"durable"`

	orig      LearnerNode    `distcheck:"-"`
	acceptors []model.NodeID `distcheck:"-"`
}

// witnessed returns l in a witness, or nil if l is nil (a nil pointer too), for the system's
// validation to report.
func witnessed(l LearnerNode, acceptors []model.NodeID) actor.Node {
	if l == nil || reflect.ValueOf(l).Kind() == reflect.Pointer && reflect.ValueOf(l).IsNil() {
		return nil
	}
	return &witness{L: l, orig: l, acceptors: acceptors}
}

// Init starts the learner, or restarts it after a crash from a fresh copy with its durable
// fields, as the explorer does for the nodes it runs itself.
func (w *witness) Init(ctx actor.Context) {
	if w.Started {
		w.L = actor.RestoreDurable(value.CloneAny(w.orig).(LearnerNode), w.L)
	}
	w.Started = true
	w.L.Init(ctx)
}

// Handle records an acceptor's vote and hands the message to the learner.
func (w *witness) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if m, ok := msg.(Accepted); ok && slices.Contains(w.acceptors, from) {
		v := Vote{Acceptor: from, Proposal: Proposal(m)}
		if i, found := slices.BinarySearchFunc(w.Votes, v, compareVotes); !found {
			w.Votes = slices.Insert(w.Votes, i, v)
		}
	}
	w.L.Handle(ctx, from, msg)
}

// Timeout hands the timer to the learner.
func (w *witness) Timeout(ctx actor.Context, t actor.Timer) { w.L.Timeout(ctx, t) }

// LearnedValues returns what the learner reports.
func (w *witness) LearnedValues() []Value { return w.L.LearnedValues() }

func (w *witness) heard() ([]Vote, []model.NodeID) { return w.Votes, w.acceptors }

// Unwrap returns the learner of another implementation that a system built with Roles.Learner
// runs as node n, for properties that look into it; any other node is returned as is.
func Unwrap(n actor.Node) actor.Node {
	if w, ok := n.(*witness); ok {
		return w.L
	}
	return n
}

// String shows the learner: its String method's text, if it has one, else its fields.
func (w *witness) String() string {
	if s, ok := w.L.(fmt.Stringer); ok {
		return s.String()
	}
	return value.Format(w.L)
}

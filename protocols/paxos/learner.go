package paxos

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
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

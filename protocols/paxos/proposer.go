package paxos

import (
	"fmt"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Phase is where a proposer is in its current ballot.
type Phase string

// The phases of a proposer.
const (
	// Idle: the proposer has not started, or has no rounds left.
	Idle Phase = ""
	// Preparing: it has sent prepare requests and collects promises (phase 1).
	Preparing Phase = "preparing"
	// Accepting: a majority promised; it has sent accept requests (phase 2).
	Accepting Phase = "accepting"
)

// ProposerConfig is what a proposer is told when it is made: its place among the proposers,
// the acceptors, the value it proposes, and how many rounds it may try.
type ProposerConfig struct {
	// Index is the proposer's index among the proposers, from 0, and Proposers their number:
	// together they pick the proposer's own set of ballots (BallotFor).
	Index, Proposers int
	// Acceptors are the acceptors' node IDs.
	Acceptors []model.NodeID
	// Input is the value the proposer proposes when it is free to choose.
	Input Value
	// Rounds bounds the ballots the proposer tries, which keeps the state space finite: it
	// starts round 1 when it starts and, each time its RetryTimer fires, abandons its ballot
	// for the next round, up to Rounds.
	Rounds int
}

// Proposer proposes its input value, following section 2.2 of "Paxos Made Simple".
//
// Phase 1: it selects a proposal number n (its next ballot) and sends a prepare request with
// number n to the acceptors. Phase 2: if it receives promises for n from a majority of
// acceptors, it sends an accept request to each of those acceptors for a proposal numbered n
// with a value v, where v is the value of the highest-numbered proposal among the promises, or
// its own input if they reported none.
//
// A proposer may abandon a proposal at any time (section 2.2): when its RetryTimer fires it
// starts again with a higher ballot, while it has rounds left. It keeps its round in stable
// storage, as the paper asks, so that it never issues the same ballot twice, even after a
// crash.
type Proposer struct {
	// Round is the last round the proposer started (stable storage).
	Round int `distcheck:"durable"`
	// Ballot is the ballot of that round.
	Ballot Ballot
	// Phase is where the proposer is in Ballot.
	Phase Phase
	// Promised are the acceptors that promised Ballot, in order (a set: renaming acceptors for
	// symmetry reduction does not depend on the order).
	Promised []model.NodeID `distcheck:"set"`
	// Highest is the highest-numbered proposal that their promises reported.
	Highest Proposal
	// Proposed is the value of the accept requests sent for Ballot (phase 2).
	Proposed Value

	Config ProposerConfig `distcheck:"-"`
	Bug    bugs.Bug       `distcheck:"-"`
}

// NewProposer returns the proposer for cfg, with the named bug (bugs.None for the correct one).
func NewProposer(cfg ProposerConfig, bug bugs.Bug) *Proposer {
	return &Proposer{Config: cfg, Bug: bug}
}

// Init starts the next round, if there is one: round 1 at the start, the round after the one
// kept in stable storage after a crash.
func (p *Proposer) Init(ctx actor.Context) {
	if p.Round < p.Config.Rounds {
		p.start(ctx)
	}
}

// Handle counts promises for the current ballot; at a majority it sends the accept requests.
func (p *Proposer) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	m, ok := msg.(Promise)
	if !ok || p.Phase != Preparing || m.Ballot != p.Ballot || slices.Contains(p.Promised, from) {
		return
	}
	p.Promised = append(p.Promised, from)
	slices.Sort(p.Promised)
	if m.AcceptedBallot > p.Highest.Ballot {
		p.Highest = Proposal{Ballot: m.AcceptedBallot, Value: m.AcceptedValue}
	}
	if len(p.Promised) < Majority(len(p.Config.Acceptors)) {
		return
	}
	// Phase 2a: the value of the highest-numbered proposal reported, or any value — ours.
	p.Phase, p.Proposed = Accepting, p.Config.Input
	if p.Highest.Ballot > 0 && p.Bug != BugIgnoreAccepted {
		p.Proposed = p.Highest.Value
	}
	for _, a := range p.Promised {
		ctx.Send(a, Accept{Ballot: p.Ballot, Value: p.Proposed})
	}
}

// Timeout abandons the current ballot for the next round, if there is one.
func (p *Proposer) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(RetryTimer); ok && p.Round < p.Config.Rounds {
		p.start(ctx)
	}
}

// start begins the next round: phase 1a.
func (p *Proposer) start(ctx actor.Context) {
	p.Round++
	p.Ballot = BallotFor(p.Round, p.Config.Index, p.Config.Proposers)
	if p.Bug == BugSharedBallot {
		p.Ballot = Ballot(p.Round) // every proposer numbers its rounds 1, 2, ...
	}
	p.Phase, p.Promised, p.Highest, p.Proposed = Preparing, nil, Proposal{}, ""
	for _, a := range p.Config.Acceptors {
		ctx.Send(a, Prepare{Ballot: p.Ballot})
	}
	if p.Round < p.Config.Rounds {
		ctx.SetTimer(RetryTimer{}, 0)
	}
}

// String shows the proposer's ballot and progress, for diagrams.
func (p *Proposer) String() string {
	if p.Phase == Idle {
		return fmt.Sprintf("round %d idle", p.Round)
	}
	var names []string
	for _, a := range p.Promised {
		names = append(names, nodeName(a, p.Config.Acceptors, "a"))
	}
	s := fmt.Sprintf("ballot %d %s promises {%s} highest %s", p.Ballot, p.Phase, strings.Join(names, " "), p.Highest)
	if p.Phase == Accepting {
		s += fmt.Sprintf(" proposed %q", p.Proposed)
	}
	return s
}

// nodeName names node id by its index in ids, with the given prefix: a0, a1, ...
func nodeName(id model.NodeID, ids []model.NodeID, prefix string) string {
	if i := slices.Index(ids, id); i >= 0 {
		return fmt.Sprintf("%s%d", prefix, i)
	}
	return fmt.Sprintf("n%d", id)
}

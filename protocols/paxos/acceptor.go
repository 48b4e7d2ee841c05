package paxos

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// AcceptorConfig is what an acceptor is told when it is made.
type AcceptorConfig struct {
	// Learners are the learners' node IDs: an acceptor tells each of them what it accepts.
	Learners []model.NodeID
}

// Acceptor follows section 2.2 of "Paxos Made Simple". It keeps two things in stable storage
// (fields tagged durable), which survive a crash and recovery: the highest ballot it has
// promised and the proposal it has accepted.
//
// Phase 1b: on a prepare request numbered n ≥ Promised, it promises n — not to accept a
// proposal numbered less than n — and reports the proposal it has accepted, if any. (The paper
// answers only n greater than any promised; answering the same n again is safe because
// ballots are unique, so the same number can only come again from the same proposer, whose
// request or our promise may have been lost. The bug shared-ballot breaks that uniqueness.)
//
// Phase 2b: on an accept request numbered n, it accepts the proposal unless it has promised a
// ballot greater than n, and tells every learner (section 2.3).
type Acceptor struct {
	// Promised is the highest ballot promised (stable storage).
	Promised Ballot `distcheck:"durable"`
	// Accepted is the proposal accepted, if any (stable storage).
	Accepted Proposal `distcheck:"durable"`
	// forgotPromise holds the promise instead of Promised in the buggy variant
	// BugForgetPromise: it is not durable, so an acceptor that restarts has forgotten it.
	forgotPromise Ballot

	Config AcceptorConfig `distcheck:"-"`
	bug    bugs.Bug       `distcheck:"-"`
}

// NewAcceptor returns the acceptor for cfg, with the named bug: BugForgetPromise keeps its
// promise in volatile memory; any other bug is the proposers' and gives the correct acceptor.
func NewAcceptor(cfg AcceptorConfig, bug bugs.Bug) *Acceptor {
	return &Acceptor{Config: cfg, bug: bug}
}

// promised returns where the acceptor keeps its promise: Promised, on stable storage, or in
// the buggy variant BugForgetPromise a field a crash loses.
func (a *Acceptor) promised() *Ballot {
	if a.bug == BugForgetPromise {
		return &a.forgotPromise
	}
	return &a.Promised
}

// Init does nothing: an acceptor only answers.
func (a *Acceptor) Init(actor.Context) {}

// Handle answers prepare and accept requests.
func (a *Acceptor) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	promised := a.promised()
	switch m := msg.(type) {
	case Prepare:
		if m.Ballot < *promised {
			return // it promised a higher ballot
		}
		*promised = m.Ballot
		ctx.Send(from, Promise{Ballot: m.Ballot, AcceptedBallot: a.Accepted.Ballot, AcceptedValue: a.Accepted.Value})
	case Accept:
		if m.Ballot < *promised {
			return // it promised not to
		}
		*promised = m.Ballot
		a.Accepted = Proposal{Ballot: m.Ballot, Value: m.Value}
		for _, l := range a.Config.Learners {
			ctx.Send(l, Accepted{Ballot: m.Ballot, Value: m.Value})
		}
	}
}

// Timeout is unused: acceptors set no timers.
func (a *Acceptor) Timeout(actor.Context, actor.Timer) {}

// PromisedBallot returns the highest ballot promised.
func (a *Acceptor) PromisedBallot() Ballot { return *a.promised() }

// AcceptedProposal returns the proposal accepted, and whether there is one.
func (a *Acceptor) AcceptedProposal() (Proposal, bool) { return a.Accepted, a.Accepted.Ballot != 0 }

// String shows the promise and the accepted proposal, for diagrams.
func (a *Acceptor) String() string {
	return fmt.Sprintf("promised %d accepted %s", *a.promised(), a.Accepted)
}

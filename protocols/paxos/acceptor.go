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

	Config AcceptorConfig `distcheck:"-"`
}

// NewAcceptor returns the acceptor for cfg, with the named bug: BugForgetPromise keeps its
// promise in volatile memory; any other bug is the proposers' and gives the correct acceptor.
func NewAcceptor(cfg AcceptorConfig, bug bugs.Bug) actor.Node {
	if bug == BugForgetPromise {
		return &forgetfulAcceptor{Config: cfg}
	}
	return &Acceptor{Config: cfg}
}

// Init does nothing: an acceptor only answers.
func (a *Acceptor) Init(actor.Context) {}

// Handle answers prepare and accept requests.
func (a *Acceptor) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	accept(ctx, from, msg, &a.Promised, &a.Accepted, a.Config)
}

// Timeout is unused: acceptors set no timers.
func (a *Acceptor) Timeout(actor.Context, actor.Timer) {}

// PromisedBallot returns the highest ballot promised.
func (a *Acceptor) PromisedBallot() Ballot { return a.Promised }

// AcceptedProposal returns the proposal accepted, and whether there is one.
func (a *Acceptor) AcceptedProposal() (Proposal, bool) { return a.Accepted, a.Accepted.Ballot != 0 }

// String shows the promise and the accepted proposal, for diagrams.
func (a *Acceptor) String() string { return acceptorString(a.Promised, a.Accepted) }

// forgetfulAcceptor is an Acceptor whose promise does not survive a crash: BugForgetPromise.
// It writes the accepted proposal to stable storage, but not the promise.
type forgetfulAcceptor struct {
	// Promised is not tagged durable: the bug.
	Promised Ballot
	Accepted Proposal `distcheck:"durable"`

	Config AcceptorConfig `distcheck:"-"`
}

func (a *forgetfulAcceptor) Init(actor.Context) {}

func (a *forgetfulAcceptor) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	accept(ctx, from, msg, &a.Promised, &a.Accepted, a.Config)
}

func (a *forgetfulAcceptor) Timeout(actor.Context, actor.Timer) {}

func (a *forgetfulAcceptor) PromisedBallot() Ballot { return a.Promised }

func (a *forgetfulAcceptor) AcceptedProposal() (Proposal, bool) {
	return a.Accepted, a.Accepted.Ballot != 0
}

func (a *forgetfulAcceptor) String() string { return acceptorString(a.Promised, a.Accepted) }

// accept is the acceptor's logic, over the fields of either acceptor type.
func accept(ctx actor.Context, from model.NodeID, msg actor.Message, promised *Ballot, accepted *Proposal, cfg AcceptorConfig) {
	switch m := msg.(type) {
	case Prepare:
		if m.Ballot < *promised {
			return // it promised a higher ballot
		}
		*promised = m.Ballot
		ctx.Send(from, Promise{Ballot: m.Ballot, AcceptedBallot: accepted.Ballot, AcceptedValue: accepted.Value})
	case Accept:
		if m.Ballot < *promised {
			return // it promised not to
		}
		*promised = m.Ballot
		*accepted = Proposal{Ballot: m.Ballot, Value: m.Value}
		for _, l := range cfg.Learners {
			ctx.Send(l, Accepted{Ballot: m.Ballot, Value: m.Value})
		}
	}
}

func acceptorString(promised Ballot, accepted Proposal) string {
	return fmt.Sprintf("promised %d accepted %s", promised, accepted)
}

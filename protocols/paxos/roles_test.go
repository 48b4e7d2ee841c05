package paxos_test

import (
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/stretchr/testify/assert"
)

// The roles, step by step, against the rules of "Paxos Made Simple", section 2.2.

// probe is a actor.Context that records what a node sends and which timers it sets.
type probe struct {
	id     model.NodeID
	sent   []sent
	timers []actor.Timer
}

type sent struct {
	To  model.NodeID
	Msg actor.Message
}

func (p *probe) ID() model.NodeID                      { return p.id }
func (p *probe) Nodes() []model.NodeID                 { return nil }
func (p *probe) Peers() []model.NodeID                 { return nil }
func (p *probe) Send(to model.NodeID, m actor.Message) { p.sent = append(p.sent, sent{to, m}) }
func (p *probe) Broadcast(actor.Message)               { panic("paxos roles do not broadcast") }
func (p *probe) SetTimer(t actor.Timer, _ time.Duration) {
	p.timers = append(p.timers, t)
}
func (p *probe) CancelTimer(actor.Timer)  {}
func (p *probe) Choose(int) int           { return 0 }
func (p *probe) Now() time.Duration       { return 0 }
func (p *probe) Sign(any) actor.Signature { return actor.Signature{} }
func (p *probe) Invoke(any) actor.OpID    { return actor.OpID{} }
func (p *probe) Return(actor.OpID, any)   {}
func (p *probe) take() []sent             { s := p.sent; p.sent = nil; return s }

var (
	acceptors = []model.NodeID{2, 3, 4}
	learners  = []model.NodeID{5}
)

// Phase 1b: an acceptor promises a ballot at least as high as any it promised, and reports
// the proposal it has accepted.
func TestPhase1bAnAcceptorPromisesAndReportsWhatItAccepted(t *testing.T) {
	a := &paxos.Acceptor{Config: paxos.AcceptorConfig{Learners: learners}}
	ctx := &probe{id: 2}
	a.Handle(ctx, 0, paxos.Prepare{Ballot: 1})
	assert.Equal(t, []sent{{0, paxos.Promise{Ballot: 1}}}, ctx.take())
	a.Handle(ctx, 0, paxos.Accept{Ballot: 1, Value: "a"})
	ctx.take()
	a.Handle(ctx, 1, paxos.Prepare{Ballot: 2})
	assert.Equal(t, []sent{{1, paxos.Promise{Ballot: 2, AcceptedBallot: 1, AcceptedValue: "a"}}}, ctx.take())
	assert.Equal(t, paxos.Ballot(2), a.Promised)
}

// Phase 1b: a prepare request numbered below the promise gets no answer.
func TestPhase1bAnAcceptorIgnoresALowerBallot(t *testing.T) {
	a := &paxos.Acceptor{Promised: 3}
	ctx := &probe{id: 2}
	a.Handle(ctx, 0, paxos.Prepare{Ballot: 2})
	assert.Empty(t, ctx.take())
	assert.Equal(t, paxos.Ballot(3), a.Promised)
}

// Phase 2b: an acceptor accepts a proposal unless it promised a higher ballot, and tells the
// learners.
func TestPhase2bAnAcceptorAcceptsUnlessItPromisedHigher(t *testing.T) {
	a := &paxos.Acceptor{Promised: 2, Config: paxos.AcceptorConfig{Learners: learners}}
	ctx := &probe{id: 2}
	a.Handle(ctx, 0, paxos.Accept{Ballot: 1, Value: "a"})
	assert.Empty(t, ctx.take(), "it promised 2")
	a.Handle(ctx, 1, paxos.Accept{Ballot: 2, Value: "b"})
	assert.Equal(t, []sent{{5, paxos.Accepted{Ballot: 2, Value: "b"}}}, ctx.take())
	assert.Equal(t, paxos.Proposal{Ballot: 2, Value: "b"}, a.Accepted)
}

func proposer(index int) *paxos.Proposer {
	return paxos.NewProposer(paxos.ProposerConfig{Index: index, Proposers: 2, Acceptors: acceptors, Input: paxos.Input(index), Rounds: 2}, bugs.None)
}

// Phase 1a: a proposer sends its prepare request to the acceptors, and sets its retry timer
// while it has rounds left.
func TestPhase1aAProposerSendsPrepareRequests(t *testing.T) {
	p := proposer(1)
	ctx := &probe{id: 1}
	p.Init(ctx)
	assert.Equal(t, []sent{{2, paxos.Prepare{Ballot: 2}}, {3, paxos.Prepare{Ballot: 2}}, {4, paxos.Prepare{Ballot: 2}}}, ctx.take())
	assert.Equal(t, []actor.Timer{paxos.RetryTimer{}}, ctx.timers)
	p.Timeout(ctx, paxos.RetryTimer{})
	assert.Equal(t, paxos.Ballot(4), p.Ballot, "round 2 of proposer 1 of 2")
	assert.Len(t, ctx.take(), 3)
}

// Phase 2a: with promises from a majority, a proposer proposes the value of the
// highest-numbered proposal reported, to the acceptors that promised.
func TestPhase2aAProposerProposesTheHighestNumberedAcceptedValue(t *testing.T) {
	p := proposer(0)
	p.Round = 2 // its next ballot is 5: round 3 of proposer 0
	p.Config.Rounds = 3
	ctx := &probe{id: 0}
	p.Init(ctx)
	ctx.take()
	p.Handle(ctx, 2, paxos.Promise{Ballot: 5, AcceptedBallot: 2, AcceptedValue: "b"})
	p.Handle(ctx, 2, paxos.Promise{Ballot: 5, AcceptedBallot: 2, AcceptedValue: "b"}) // a duplicate counts once
	assert.Empty(t, ctx.take())
	p.Handle(ctx, 4, paxos.Promise{Ballot: 5, AcceptedBallot: 3, AcceptedValue: "c"})
	assert.Equal(t, []sent{{2, paxos.Accept{Ballot: 5, Value: "c"}}, {4, paxos.Accept{Ballot: 5, Value: "c"}}}, ctx.take())
	p.Handle(ctx, 3, paxos.Promise{Ballot: 5})
	assert.Empty(t, ctx.take(), "late promises change nothing")
}

// Phase 2a: if no promise reports an accepted proposal, the proposer is free to propose its
// own value; promises for another ballot do not count.
func TestPhase2aAProposerIsFreeWhenNothingWasAccepted(t *testing.T) {
	p := proposer(0)
	ctx := &probe{id: 0}
	p.Init(ctx)
	ctx.take()
	p.Handle(ctx, 2, paxos.Promise{Ballot: 2})
	p.Handle(ctx, 3, paxos.Promise{Ballot: 1})
	assert.Empty(t, ctx.take())
	p.Handle(ctx, 4, paxos.Promise{Ballot: 1})
	assert.Equal(t, []sent{{3, paxos.Accept{Ballot: 1, Value: "a"}}, {4, paxos.Accept{Ballot: 1, Value: "a"}}}, ctx.take())
}

// Different proposers choose their numbers from disjoint sets.
func TestProposersDrawBallotsFromDisjointSets(t *testing.T) {
	seen := map[paxos.Ballot]int{}
	for i := range 3 {
		for round := 1; round <= 4; round++ {
			b := paxos.BallotFor(round, i, 3)
			_, dup := seen[b]
			assert.False(t, dup, "ballot %d twice", b)
			seen[b] = i
		}
	}
}

// A learner learns a value once a majority of acceptors accepted one proposal with it; votes
// for different ballots do not add up.
func TestALearnerLearnsFromAMajorityOfOneProposal(t *testing.T) {
	l := paxos.NewLearner(acceptors)
	ctx := &probe{id: 5}
	l.Handle(ctx, 2, paxos.Accepted{Ballot: 1, Value: "a"})
	l.Handle(ctx, 3, paxos.Accepted{Ballot: 2, Value: "a"})
	assert.Empty(t, l.Learned)
	l.Handle(ctx, 3, paxos.Accepted{Ballot: 1, Value: "a"})
	assert.Equal(t, []paxos.Value{"a"}, l.Learned)
	l.Handle(ctx, 0, paxos.Accepted{Ballot: 2, Value: "a"})
	assert.Len(t, l.Votes, 3, "a proposer's word is not a vote")
}

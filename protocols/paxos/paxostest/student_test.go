package paxostest_test

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/distcheck/distcheck/protocols/paxos/paxostest"
)

// A Paxos written independently of package paxos, as a student would, with flaws to switch on.

type flaw int

const (
	correct flaw = iota
	// countsPromises counts promise messages instead of the acceptors that sent them, and
	// trusting its count sends its accept requests to every acceptor.
	countsPromises
	// panics makes an acceptor panic on an accept request.
	panics
	// nondeterministic makes an acceptor's answer depend on global state.
	nondeterministic
)

func student(f flaw) paxostest.Implementation {
	return paxostest.Implementation{
		Name: "student",
		NewProposer: func(c paxos.ProposerConfig) paxostest.Proposer {
			return &studentProposer{cfg: c, flaw: f}
		},
		NewAcceptor: func(c paxos.AcceptorConfig) paxostest.Acceptor {
			return &studentAcceptor{learners: c.Learners, flaw: f}
		},
		NewLearner: func(c paxos.LearnerConfig) paxostest.Learner {
			return &studentLearner{acceptors: c.Acceptors, flaw: f}
		},
	}
}

type studentProposer struct {
	Round     int `distcheck:"durable"`
	Ballot    paxos.Ballot
	Promisers map[model.NodeID]bool
	Count     int
	Best      paxos.Proposal
	Sent      bool

	cfg  paxos.ProposerConfig `distcheck:"-"`
	flaw flaw                 `distcheck:"-"`
}

func (p *studentProposer) Init(ctx actor.Context) {
	if p.Round < p.cfg.Rounds {
		p.next(ctx)
	}
}

func (p *studentProposer) next(ctx actor.Context) {
	p.Round++
	p.Ballot = paxos.BallotFor(p.Round, p.cfg.Index, p.cfg.Proposers)
	if p.flaw == retryKeepsPromises && p.Promisers != nil {
		p.Best, p.Sent = paxos.Proposal{}, false // the promises of the last ballot still count
	} else {
		p.Promisers, p.Count, p.Best, p.Sent = map[model.NodeID]bool{}, 0, paxos.Proposal{}, false
	}
	for _, a := range p.cfg.Acceptors {
		ctx.Send(a, paxos.Prepare{Ballot: p.Ballot})
	}
	if p.Round < p.cfg.Rounds {
		ctx.SetTimer("retry", 0)
	}
}

func (p *studentProposer) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	m, ok := msg.(paxos.Promise)
	if !ok || p.Sent || m.Ballot != p.Ballot {
		return
	}
	if p.flaw == countsPromises || !p.Promisers[from] {
		p.Count++
	}
	p.Promisers[from] = true
	switch {
	case p.flaw == firstReportedValue:
		if p.Best.Ballot == 0 {
			p.Best = paxos.Proposal{Ballot: m.AcceptedBallot, Value: m.AcceptedValue}
		}
	case p.flaw == lowestReportedValue:
		if m.AcceptedBallot != 0 && (p.Best.Ballot == 0 || m.AcceptedBallot < p.Best.Ballot) {
			p.Best = paxos.Proposal{Ballot: m.AcceptedBallot, Value: m.AcceptedValue}
		}
	case m.AcceptedBallot > p.Best.Ballot:
		p.Best = paxos.Proposal{Ballot: m.AcceptedBallot, Value: m.AcceptedValue}
	}
	if p.Count < len(p.cfg.Acceptors)/2+1 {
		return
	}
	p.Sent = true
	v := p.cfg.Input
	if p.Best.Ballot != 0 {
		v = p.Best.Value
	}
	for _, a := range p.cfg.Acceptors {
		if p.Promisers[a] || p.flaw == countsPromises {
			ctx.Send(a, paxos.Accept{Ballot: p.Ballot, Value: v})
		}
	}
}

func (p *studentProposer) Timeout(ctx actor.Context, t actor.Timer) {
	if t == "retry" {
		p.next(ctx)
	}
}

type studentAcceptor struct {
	MaxPrepare paxos.Ballot   `distcheck:"durable"`
	Voted      paxos.Proposal `distcheck:"durable"`

	learners []model.NodeID `distcheck:"-"`
	flaw     flaw           `distcheck:"-"`
}

// calls is global state: what a deterministic node must not read.
var calls int

func (a *studentAcceptor) Init(actor.Context) {}

func (a *studentAcceptor) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case paxos.Prepare:
		if a.flaw == nondeterministic {
			calls++
			if calls%2 == 0 {
				return
			}
		}
		if m.Ballot > a.MaxPrepare {
			a.MaxPrepare = m.Ballot
			reported := a.Voted.Ballot
			if a.flaw == reportsPromisedBallot && reported != 0 {
				reported = m.Ballot - 1 // "it was accepted just before this ballot"
			}
			ctx.Send(from, paxos.Promise{Ballot: m.Ballot, AcceptedBallot: reported, AcceptedValue: a.Voted.Value})
		}
	case paxos.Accept:
		if a.flaw == panics {
			panic("not implemented")
		}
		if m.Ballot >= a.MaxPrepare || (a.flaw == acceptsAboveVote && m.Ballot > a.Voted.Ballot) {
			a.MaxPrepare, a.Voted = m.Ballot, paxos.Proposal{Ballot: m.Ballot, Value: m.Value}
			for _, l := range a.learners {
				ctx.Send(l, paxos.Accepted{Ballot: m.Ballot, Value: m.Value})
			}
		}
	}
}

func (a *studentAcceptor) Timeout(actor.Context, actor.Timer) {}

// studentLearner learns a value once a majority of the acceptors accepted one proposal of it.
type studentLearner struct {
	Heard   map[paxos.Proposal]map[model.NodeID]bool `distcheck:"durable"` // who accepted each proposal
	Counts  map[paxos.Proposal]int                   `distcheck:"durable"` // with the flaw countsAccepted: messages
	Learned []paxos.Value                            `distcheck:"durable"`

	acceptors []model.NodeID `distcheck:"-"`
	flaw      flaw           `distcheck:"-"`
}

func (l *studentLearner) Init(actor.Context) {}

func (l *studentLearner) Handle(_ actor.Context, from model.NodeID, msg actor.Message) {
	m, ok := msg.(paxos.Accepted)
	if !ok {
		return
	}
	p := paxos.Proposal(m)
	if l.Heard == nil {
		l.Heard, l.Counts = map[paxos.Proposal]map[model.NodeID]bool{}, map[paxos.Proposal]int{}
	}
	if l.Heard[p] == nil {
		l.Heard[p] = map[model.NodeID]bool{}
	}
	l.Heard[p][from] = true
	l.Counts[p]++
	n := len(l.Heard[p])
	switch l.flaw {
	case countsAccepted:
		n = l.Counts[p]
	case learnsFirstVote:
		n = len(l.acceptors)
	}
	if n >= len(l.acceptors)/2+1 && !slices.Contains(l.Learned, m.Value) {
		l.Learned = append(l.Learned, m.Value)
	}
}

func (l *studentLearner) Timeout(actor.Context, actor.Timer) {}

func (l *studentLearner) LearnedValues() []paxos.Value { return l.Learned }

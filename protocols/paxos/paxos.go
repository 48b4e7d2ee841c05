package paxos

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants, each beside the rule of the paper it breaks.
const (
	// BugForgetPromise keeps an acceptor's promise in volatile memory. "An acceptor must
	// remember this information even if it fails and then restarts" (section 2.2): an acceptor
	// that crashes and recovers forgets that it promised not to accept lower ballots, accepts
	// an old proposal, and a second value is chosen.
	BugForgetPromise bugs.Bug = "forget-promise"
	// BugIgnoreAccepted makes a proposer propose its own value even when the promises report
	// an accepted proposal (phase 2a asks for the value of the highest-numbered one), so it
	// can overwrite a value already chosen.
	BugIgnoreAccepted bugs.Bug = "ignore-accepted"
	// BugSharedBallot makes every proposer number its rounds 1, 2, ...: "different proposers
	// choose their numbers from disjoint sets" no longer holds, two proposers can both collect
	// a majority of promises for one ballot, and each has its own value accepted in it.
	BugSharedBallot bugs.Bug = "shared-ballot"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "paxos", Variants: []bugs.Variant{
	{Bug: BugForgetPromise, Summary: "acceptors keep their promise in volatile memory (--crashes 1 --recoveries 1: two values chosen)"},
	{Bug: BugIgnoreAccepted, Summary: "a proposer proposes its own value even when a promise reports an accepted one (two values chosen)"},
	{Bug: BugSharedBallot, Summary: "proposers number their ballots 1, 2, ... alike (two proposers win ballot 1 with different values)"},
}}

// Limits of a configuration.
const (
	MaxProposers = 5
	MaxAcceptors = 7
	MaxLearners  = 3
	MaxRounds    = 4
)

// Config configures a system.
type Config struct {
	// Proposers, Acceptors and Learners are the numbers of each role, each at least 1.
	Proposers, Acceptors, Learners int
	// Rounds bounds the ballots each proposer tries (see ProposerConfig.Rounds); at least 1.
	Rounds int
	// FirstRounds, if not zero, bounds the first proposer's ballots in place of Rounds (1 to
	// MaxRounds). Two rounds for it and one for the others make three ballots, the fewest in
	// which a proposer's retry can meet the votes of two earlier ballots.
	FirstRounds int
	// Faults are the fault budgets: crashes and recoveries, lost and duplicated messages,
	// partitions.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Validate reports a configuration out of range, naming the field.
func (c Config) Validate() error {
	return setup.Check(Catalog, c.Bug, c.Faults,
		setup.Between("proposers", c.Proposers, 1, MaxProposers),
		setup.Between("acceptors", c.Acceptors, 1, MaxAcceptors),
		setup.Between("learners", c.Learners, 1, MaxLearners),
		setup.Between("rounds", c.Rounds, 1, MaxRounds),
		setup.Between("first-rounds", c.FirstRounds, 0, MaxRounds))
}

// ProposerIDs returns the proposers' node IDs: the first nodes.
func (c Config) ProposerIDs() []model.NodeID { return ids(0, c.Proposers) }

// AcceptorIDs returns the acceptors' node IDs: after the proposers.
func (c Config) AcceptorIDs() []model.NodeID { return ids(c.Proposers, c.Acceptors) }

// LearnerIDs returns the learners' node IDs: the last nodes.
func (c Config) LearnerIDs() []model.NodeID { return ids(c.Proposers+c.Acceptors, c.Learners) }

// Input returns the value proposer i proposes: "a", "b", ...
func Input(i int) Value { return Value(rune('a' + i)) }

// Inputs returns the proposers' values.
func (c Config) Inputs() []Value {
	var out []Value
	for i := range c.Proposers {
		out = append(out, Input(i))
	}
	return out
}

// ProposerConfig returns what proposer i is told.
func (c Config) ProposerConfig(i int) ProposerConfig {
	rounds := c.Rounds
	if i == 0 && c.FirstRounds != 0 {
		rounds = c.FirstRounds
	}
	return ProposerConfig{Index: i, Proposers: c.Proposers, Acceptors: c.AcceptorIDs(), Input: Input(i), Rounds: rounds}
}

// LearnerConfig returns what every learner is told.
func (c Config) LearnerConfig() LearnerConfig { return LearnerConfig{Acceptors: c.AcceptorIDs()} }

// AcceptorConfig returns what every acceptor is told.
func (c Config) AcceptorConfig() AcceptorConfig { return AcceptorConfig{Learners: c.LearnerIDs()} }

func ids(from, n int) []model.NodeID {
	out := make([]model.NodeID, n)
	for i := range out {
		out[i] = model.NodeID(from + i)
	}
	return out
}

// Roles makes the proposers, acceptors and learners of a system. New uses the package's own
// roles; package paxostest builds systems of anyone's.
type Roles struct {
	Proposer func(ProposerConfig) actor.Node
	Acceptor func(AcceptorConfig) actor.Node
	// Learner, if set, makes the learners in place of this package's Learner. Build wraps
	// each in a node that records the votes it is told of before handing them on, since the
	// properties judge which values are chosen on those votes, and which are learned on what
	// the learner reports (LearnerNode.LearnedValues).
	Learner func(LearnerConfig) LearnerNode
}

// OwnRoles returns this package's proposers and acceptors, with the named bug.
func OwnRoles(bug bugs.Bug) Roles {
	return Roles{
		Proposer: func(c ProposerConfig) actor.Node { return NewProposer(c, bug) },
		Acceptor: func(c AcceptorConfig) actor.Node { return NewAcceptor(c, bug) },
	}
}

// New returns the Paxos system for cfg, with this package's roles, which keep to cfg's
// Topology.
func New(cfg Config) (*actor.System, error) {
	sys, err := cfg.Build("paxos", OwnRoles(cfg.Bug))
	if err != nil {
		return nil, err
	}
	sys.SendsTo = cfg.Topology()
	return actor.Validated(sys, nil)
}

// Topology says who sends to whom in this package's Paxos (actor.System.SendsTo, for
// partial-order reduction): proposers to acceptors, acceptors to proposers and learners, and
// learners to nobody. Build does not declare it, since other roles may send otherwise.
func (c Config) Topology() [][]model.NodeID {
	var sendsTo [][]model.NodeID
	for range c.Proposers {
		sendsTo = append(sendsTo, c.AcceptorIDs())
	}
	for range c.Acceptors {
		sendsTo = append(sendsTo, append(c.ProposerIDs(), c.LearnerIDs()...))
	}
	for range c.Learners {
		sendsTo = append(sendsTo, []model.NodeID{})
	}
	return sendsTo
}

// Build returns a system of cfg's shape made of the given roles, named protocol in traces. It
// checks cfg but not the nodes the roles make: the system checks them when it is explored, or
// when its Validate method is called. The system is fully asynchronous: any pending timer may
// fire at any step (actor.TimersAnytime), since Paxos is safe whatever the timing.
//
// Its properties, over what the learners can know:
//
//   - Agreement (always): at most one value is chosen or learned. A value is chosen when a
//     single proposal with that value has been accepted by a majority of the acceptors; the
//     acceptances counted are those the acceptors told a learner of — delivered, or still on
//     their way (see Chosen). This package's learners learn only chosen values; a learner of
//     another implementation that learns one not chosen breaks Agreement once another value
//     is chosen or learned.
//   - Validity (always): every value chosen or learned is one that a proposer proposed.
//   - Chosen (sometimes): a learner learns a value.
func (c Config) Build(protocol string, r Roles) (*actor.System, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	sys := &actor.System{Protocol: protocol, Faults: c.Faults}
	sys.Add("p", c.Proposers, func(i int) actor.Node { return r.Proposer(c.ProposerConfig(i)) })
	sys.Add("a", c.Acceptors, func(int) actor.Node { return r.Acceptor(c.AcceptorConfig()) })
	sys.Add("l", c.Learners, func(int) actor.Node {
		if r.Learner != nil {
			return witnessed(r.Learner(c.LearnerConfig()), c.AcceptorIDs())
		}
		return NewLearner(c.AcceptorIDs())
	})
	inputs := c.Inputs()
	learners := c.LearnerIDs()
	params := map[string]int{"proposers": c.Proposers, "acceptors": c.Acceptors, "learners": c.Learners, "rounds": c.Rounds}
	if c.FirstRounds != 0 {
		params["first-rounds"] = c.FirstRounds
	}
	sys.Params = actor.TraceParams(params, string(c.Bug), c.Faults, actor.Byzantine{})
	// The acceptors are interchangeable, and so are the learners; the proposers are not (each
	// has its own ballots and value).
	sys.Symmetry = [][]model.NodeID{c.AcceptorIDs(), learners}
	// The properties read the learners and the messages in flight to them.
	sys.Props = []model.Property[*actor.State]{
		properties.Reading(properties.Always("Agreement", func(s *actor.State) bool {
			decided := append(Chosen(s), Learned(s)...)
			slices.Sort(decided)
			return len(slices.Compact(decided)) <= 1
		}), learners...),
		properties.Reading(properties.Always("Validity", func(s *actor.State) bool {
			return subset(Chosen(s), inputs) && subset(Learned(s), inputs)
		}), learners...),
		properties.Reading(properties.Sometimes("Chosen", func(s *actor.State) bool { return len(Learned(s)) > 0 }), learners...),
	}
	return sys, nil
}

// Chosen returns the values chosen in s, sorted: those of the proposals accepted by a majority
// of the acceptors, counting the acceptances that the acceptors told the learners of —
// recorded by a learner, or in flight to one. This is the paper's definition, observed where
// the protocol reports it; an acceptance whose news was lost counts no more, but the same path
// without that loss shows it.
func Chosen(s *actor.State) []Value {
	var votes []Vote
	var acceptors []model.NodeID
	learners := map[model.NodeID]bool{}
	for i, n := range s.Nodes() {
		if l, ok := n.(hearer); ok {
			heard, of := l.heard()
			votes = append(votes, heard...)
			acceptors = of
			learners[model.NodeID(i)] = true
		}
	}
	for _, env := range s.InFlight() {
		if m, ok := env.Msg.(Accepted); ok && learners[env.To] && slices.Contains(acceptors, env.From) {
			votes = append(votes, Vote{Acceptor: env.From, Proposal: Proposal(m)})
		}
	}
	slices.SortFunc(votes, compareVotes)
	votes = slices.Compact(votes)
	var out []Value
	for i := 0; i < len(votes); {
		j := i
		for j < len(votes) && votes[j].Proposal == votes[i].Proposal {
			j++
		}
		if j-i >= Majority(len(acceptors)) && !slices.Contains(out, votes[i].Value) {
			out = append(out, votes[i].Value)
		}
		i = j
	}
	slices.Sort(out)
	return out
}

// Learned returns the values the learners have learned, sorted and without repeats.
func Learned(s *actor.State) []Value {
	var out []Value
	for _, n := range s.Nodes() {
		if l, ok := n.(LearnerNode); ok {
			for _, v := range l.LearnedValues() {
				if !slices.Contains(out, v) {
					out = append(out, v)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func subset(vs, of []Value) bool {
	for _, v := range vs {
		if !slices.Contains(of, v) {
			return false
		}
	}
	return true
}

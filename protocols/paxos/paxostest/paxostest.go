package paxostest

import (
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/paxos"
)

// Proposer is a student's proposer: a deterministic node that speaks package paxos's
// messages (see the package documentation for the contract).
type Proposer interface{ actor.Node }

// Acceptor is a student's acceptor: a deterministic node that speaks package paxos's messages
// and keeps its promise and accepted proposal in fields tagged `distcheck:"durable"`.
type Acceptor interface{ actor.Node }

// Learner is a student's learner: a deterministic node that hears of the acceptors' votes
// (paxos.Accepted) and reports the values it has learned.
type Learner interface{ paxos.LearnerNode }

// Implementation is a Paxos implementation to check: its name, for reports and traces, and
// the functions that make its proposers, acceptors and, optionally, learners.
type Implementation struct {
	Name        string
	NewProposer func(paxos.ProposerConfig) Proposer
	NewAcceptor func(paxos.AcceptorConfig) Acceptor
	// NewLearner, if set, makes the learners; without it they are package paxos's.
	NewLearner func(paxos.LearnerConfig) Learner
}

// Reference returns the project's own implementation, package paxos's proposers and
// acceptors.
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package paxos's implementation with the named bug.
func Buggy(bug bugs.Bug) Implementation {
	name := "reference"
	if bug != bugs.None {
		name = string(bug)
	}
	return Implementation{
		Name:        name,
		NewProposer: func(c paxos.ProposerConfig) Proposer { return paxos.NewProposer(c, bug) },
		NewAcceptor: func(c paxos.AcceptorConfig) Acceptor { return paxos.NewAcceptor(c, bug) },
	}
}

// roles adapts the implementation's factories to paxos.Roles.
func (impl Implementation) roles() paxos.Roles {
	r := paxos.Roles{
		Proposer: func(c paxos.ProposerConfig) actor.Node { return node(impl.NewProposer(c)) },
		Acceptor: func(c paxos.AcceptorConfig) actor.Node { return node(impl.NewAcceptor(c)) },
	}
	if impl.NewLearner != nil {
		r.Learner = func(c paxos.LearnerConfig) paxos.LearnerNode {
			if l := impl.NewLearner(c); l != nil {
				return l
			}
			return nil
		}
	}
	return r
}

// node returns n as a actor.Node, and a nil interface for a nil node of any type.
func node(n actor.Node) actor.Node {
	if n == nil {
		return nil
	}
	return n
}

// Scenario is one system the suite explores, and how.
type Scenario struct {
	// Name names the scenario in reports and in the directory of its counterexamples.
	Name string
	// Doc says what it explores, in a sentence.
	Doc string
	// Config is the system's shape and faults.
	Config paxos.Config
	// Random explores with random walks instead of an exhaustive breadth-first search.
	Random bool
	// Strategy, for a Random scenario, is the sampled strategy of its walks (explore.PCT,
	// say); zero means uniform random walks.
	Strategy explore.Strategy
	// KeepIgnored leaves a message that its receiver ignores in flight instead of consuming
	// it (actor.System.KeepIgnored): the same reachable node states, so the same verdicts on
	// the properties, in fewer states.
	KeepIgnored bool
	// Deterministic checks that every node is deterministic, by running each step twice.
	Deterministic bool
	// Symmetry searches one state per orbit of the interchangeable acceptors and learners
	// (see conformance.Scenario.Symmetry).
	Symmetry bool
	// MaxStates, Walks, Depth and Seeds size the search (see conformance.Scenario).
	MaxStates int64
	Walks     int64
	Depth     int
	Seeds     int
	// Limits say what the scenario cannot exercise; the report prints them with its reach.
	Limits []string
}

// scenario returns sc as a scenario of package conformance, whose systems are impl's.
func (sc Scenario) scenario(impl Implementation) conformance.Scenario {
	return conformance.Scenario{
		Name: sc.Name, Doc: sc.Doc, Random: sc.Random, Strategy: sc.Strategy, Deterministic: sc.Deterministic, KeepIgnored: sc.KeepIgnored,
		Symmetry:  sc.Symmetry,
		MaxStates: sc.MaxStates, Walks: sc.Walks, Depth: sc.Depth, Seeds: sc.Seeds, Limits: sc.Limits,
		Build: func() (*actor.System, error) { return sc.Config.Build(protocol(impl), impl.roles()) },
	}
}

// smallest is the smallest interesting size: two proposers, so that ballots compete; three
// acceptors, so that majorities overlap in one; a learner; one round each.
var smallest = paxos.Config{Proposers: 2, Acceptors: 3, Learners: 1, Rounds: 1}

func withFaults(f actor.Faults) paxos.Config {
	c := smallest
	c.Faults = f
	return c
}

// Scenarios returns the suite's scenarios, in the order they run.
func Scenarios() []Scenario {
	return []Scenario{
		{Name: "asynchrony", Config: smallest, Deterministic: true, KeepIgnored: true,
			Limits: []string{"one ballot per proposer"},
			Doc:    "every interleaving of two proposers' rounds, without faults (exhaustive)"},
		{Name: "crash-recovery", Config: withFaults(actor.Faults{Crashes: 1, Recoveries: 1}), KeepIgnored: true,
			Doc: "one node crashes and recovers with its stable storage (exhaustive)"},
		{Name: "message-loss", Config: withFaults(actor.Faults{Drops: 1}), KeepIgnored: true,
			Doc: "one message is lost (exhaustive)"},
		{Name: "duplication", Config: withFaults(actor.Faults{Duplicates: 1}), KeepIgnored: true,
			Doc: "one message is delivered twice (exhaustive)"},
		{Name: "three-ballots", Config: paxos.Config{Proposers: 2, Acceptors: 3, Learners: 1, Rounds: 1, FirstRounds: 2},
			KeepIgnored: true, Limits: []string{"three ballots: one proposer retries once"},
			Doc: "the first proposer retries at any moment: its second ballot meets the votes of both earlier ones (exhaustive)"},
		{Name: "five-acceptors", Random: true, Strategy: explore.PCT, Seeds: 3, Walks: conformance.Sampled(3000),
			Config: paxos.Config{Proposers: 2, Acceptors: 5, Learners: 1, Rounds: 2,
				Faults: actor.Faults{Crashes: 2, Recoveries: 2, Drops: 1, Duplicates: 1}},
			Doc: "two proposers retrying at any time, five acceptors, two crashes and recoveries, a lost and a duplicated message (PCT walks, three seeds)"},
		{Name: "five-acceptors-exhaustive", Config: paxos.Config{Proposers: 2, Acceptors: 5, Learners: 1, Rounds: 1,
			Faults: actor.Faults{Crashes: 1, Recoveries: 1}}, KeepIgnored: true, Symmetry: true, MaxStates: 500_000,
			Limits: []string{"one ballot per proposer"},
			Doc:    "two proposers, five acceptors, one crash and recovery: every interleaving, one state per orbit of the interchangeable acceptors (exhaustive)"},
	}
}

package pbfttest

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/pbft"
)

// Replica is a student's PBFT replica: a deterministic node that speaks package pbft's
// messages, signs them as package pbft does, and reports the requests it committed (see the
// package documentation for the contract).
type Replica interface {
	actor.Node
	pbft.Committer
}

// Implementation is a PBFT implementation to check: its name, for reports and traces, and the
// function that makes its replicas.
type Implementation struct {
	// Name names the implementation in reports, and its systems "pbfttest/<Name>" in traces.
	Name string
	// NewReplica makes a replica; Run calls it once for each replica of each system, with
	// the same configuration for all (a replica learns its ID from its Context).
	NewReplica func(pbft.ReplicaConfig) Replica
}

// Reference returns the project's own implementation, package pbft's replicas.
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package pbft's implementation with the named bug.
func Buggy(bug bugs.Bug) Implementation {
	name := "reference"
	if bug != bugs.None {
		name = string(bug)
	}
	return Implementation{
		Name: name,
		NewReplica: func(c pbft.ReplicaConfig) Replica {
			c.Bug = bug
			return pbft.NewReplica(c)
		},
	}
}

// factory adapts the implementation's factory to pbft.Config.Build, which reports a nil
// replica.
func (impl Implementation) factory() func(pbft.ReplicaConfig) actor.Node {
	return func(c pbft.ReplicaConfig) actor.Node { return impl.NewReplica(c) }
}

// Scenario is one system the suite explores, and how.
type Scenario struct {
	// Name names the scenario in reports and in the directory of its counterexamples.
	Name string
	// Doc says what it explores, in a sentence.
	Doc string
	// Config is the system's shape, faults and adversary; its Bug is always bugs.None (a
	// buggy implementation is a factory, see Buggy).
	Config pbft.Config
	// Random explores with random walks instead of an exhaustive breadth-first search.
	Random bool
	// Strategy, for a Random scenario, is the sampled strategy of its walks (see
	// conformance.Scenario); zero means uniform random walks.
	Strategy explore.Strategy
	// Deterministic checks that every replica is deterministic, by running each step twice.
	Deterministic bool
	// MaxStates, if not zero, bounds the breadth-first search: it covers every behaviour up to
	// the length at which it reaches that many states, and the report says it is bounded.
	MaxStates int64
	// Signatures adds the property Signed: every message a correct replica sends is one of
	// package pbft's, signed by it over its Body, as package pbft's replicas and adversary
	// expect. It is checked where
	// every message in flight is a correct replica's and the state space is small.
	Signatures bool
	// Walks, Depth and Seeds size a random scenario's walks, and Depth bounds a breadth-first
	// search (see conformance.Scenario).
	Walks int64
	Depth int
	Seeds int
	// Limits say what the scenario cannot exercise; the report prints them with its reach.
	Limits []string
	// Late holds the adversary's own messages back until a view change is on the network:
	// its Sends budget goes to the view change instead of the first steps of a walk.
	Late bool
}

// scenario returns sc as a scenario of package conformance, whose systems are impl's.
func (sc Scenario) scenario(impl Implementation) conformance.Scenario {
	return conformance.Scenario{
		Name: sc.Name, Doc: sc.Doc, Random: sc.Random, Strategy: sc.Strategy, Deterministic: sc.Deterministic, MaxStates: sc.MaxStates,
		Walks: sc.Walks, Depth: sc.Depth, Seeds: sc.Seeds, Limits: append([]string{requestsLimit(sc.Config.Requests)}, sc.Limits...),
		Build: func() (*actor.System, error) {
			sys, err := sc.Config.Build(protocol(impl), impl.factory())
			if err != nil {
				return nil, err
			}
			if sc.Late && sys.Byzantine.Forge != nil {
				sys.Byzantine.Forge = late(sys.Byzantine.Forge)
			}
			honest := adversary.Honest(sc.Config.Replicas, sys.Byzantine)
			sys.Props = append(sys.Props, contract(honest, sc.Config.Replicas, sc.Config.F, max(sc.Config.Requests, 1))...)
			if sc.Signatures {
				sys.Props = append(sys.Props, properties.Always("Signed", func(s *actor.State) bool { return signed(s, honest) }))
			}
			return sys, nil
		},
	}
}

// oneRequest is what a scenario of one request cannot exercise: a second request, and with it
// a new view that carries more than one pre-prepare.
const oneRequest = "one client request at one sequence number"

// requestsLimit says what a scenario of n requests cannot exercise: with one, a second
// request; with more, what package pbft's model leaves out of sequence numbers.
func requestsLimit(n int) string {
	if n <= 1 {
		return oneRequest
	}
	return fmt.Sprintf("%d client requests at fixed sequence numbers: no checkpoints, watermarks or null requests", n)
}

// The adversaries of the scenarios: one Byzantine replica.
var (
	equivocating = adversary.Config{Byzantine: 1, Behavior: actor.Equivocate}
	corrupting   = adversary.Config{Byzantine: 1, Behavior: actor.Corrupt}
	silent       = adversary.Config{Byzantine: 1, Behavior: actor.Silent}
)

// ViewChangeMaxStates bounds the breadth-first search of the scenario view-change-equivocation,
// whose whole state space — 2.87 million states for package pbft's replicas — takes minutes
// to search. Within this bound the search covers every behaviour of package pbft's replicas
// of up to 21 steps (350,672 states), and every behaviour of up to 18 steps of the bug
// prepared-2f (385,789 states), whose shortest counterexample has 18; an implementation with
// more states per step is covered to a shorter length.
const ViewChangeMaxStates = 400_000

// Scenarios returns the suite's scenarios, in the order they run. Each has four replicas, of
// which one may be faulty (f = 1), but the last, which has seven, two of them faulty (f = 2).
func Scenarios() []Scenario {
	four := func(views int, adv adversary.Config) pbft.Config {
		return pbft.Config{Replicas: 4, F: 1, Views: views, Adversary: adv}
	}
	corruptingBackup := four(1, corrupting)
	corruptingBackup.Faulty, corruptingBackup.Faults = pbft.FaultyBackups, actor.Faults{Crashes: 1}
	nextPrimary := forging(actor.Follow, 4)
	nextPrimary.Faulty = pbft.FaultyNextPrimary
	twoRequests := four(1, equivocating)
	twoRequests.Requests, twoRequests.Faults = 2, actor.Faults{Drops: 1}
	seven := pbft.Config{Replicas: 7, F: 2, Views: 1, Asynchronous: true, Faulty: pbft.FaultyPrimaries,
		Adversary: adversary.Config{Byzantine: 2, Behavior: actor.Follow, Sends: 6}}
	return []Scenario{
		{Name: "two-requests", Config: twoRequests, Random: true, Walks: conformance.Sampled(100), Depth: 200, Seeds: 2,
			Limits: []string{"adversary sends nothing of its own", "views 0 and 1", "f = 1"},
			Doc:    "two client requests at sequence numbers 0 and 1, an equivocating primary and one lost message, then a view change that must carry each certificate at its own sequence number (random walks, two seeds)"},
		{Name: "normal-case", Config: four(1, adversary.Config{}), Deterministic: true, Signatures: true,
			Doc: "four correct replicas order the request: pre-prepare, prepare, commit (exhaustive, each step run twice)"},
		{Name: "equivocating-primary", Config: four(0, equivocating),
			Doc: "the primary sends each backup its own version of every message, in view 0 (exhaustive)"},
		{Name: "silent-primary", Config: four(1, silent), Signatures: true,
			Doc: "the primary sends nothing: the backups change view and the new primary gets the request committed (exhaustive)"},
		{Name: "corrupting-backup", Config: corruptingBackup,
			Doc: "a backup corrupts its messages and hides its certificate, and the primary may crash, starting a view change (exhaustive)"},
		{Name: "view-change-equivocation", Config: four(1, equivocating), MaxStates: ViewChangeMaxStates,
			Doc: "an equivocating primary, then a view change (breadth first, bounded by ViewChangeMaxStates states)"},
		{Name: "forging-primary", Config: forging(actor.Equivocate, 3), Random: true, Walks: conformance.Sampled(1000), Depth: 150, Seeds: 2,
			Limits: []string{"at most 3 messages of the adversary's own", "views 0 and 1", "f = 1"},
			Doc:    "an equivocating primary that also sends up to three messages of its own — any it can sign, built from what it read — and timers that fire at any moment (random walks, two seeds)"},
		{Name: "forging-replica", Config: forging(actor.Follow, 4), Random: true, Walks: conformance.Sampled(2000), Depth: 150, Seeds: 2,
			Limits: []string{"at most 4 messages of the adversary's own", "views 0 and 1", "f = 1"},
			Doc:    "a faulty primary that runs the replica's code and sends up to four messages of its own: pre-prepares, certificates and view changes built from what it read (random walks, two seeds)"},
		{Name: "forging-next-primary", Config: nextPrimary, Random: true, Late: true, Walks: conformance.Sampled(1000), Depth: 150, Seeds: 2,
			Limits: []string{"at most 4 messages of the adversary's own, none before a view change", "views 0 and 1", "f = 1"},
			Doc:    "the primary of view 1 runs the replica's code and, once a view change has begun, sends up to four messages of its own: new views built from the view changes it read, stale pre-prepares, prepares and commits (random walks, two seeds)"},
		{Name: "seven-replicas", Config: seven, Random: true, Strategy: explore.PCT, Late: true, Walks: conformance.Sampled(150), Depth: 200, Seeds: 2,
			Limits: []string{"at most 6 messages of the adversary's own, none before a view change", "views 0 and 1", "150 walks a seed: few for so many interleavings"},
			Doc:    "seven replicas, two of them faulty (f = 2): the primaries of views 0 and 1 run the replica's code and, once a view change has begun, send up to six messages of their own; timers fire at any moment (PCT walks, the strategy that finds deep bugs soonest in the README's table; two seeds)"},
	}
}

// late returns forge holding back until the adversary knows of a view change.
func late(forge func(actor.Adversary) []actor.Message) func(actor.Adversary) []actor.Message {
	return func(adv actor.Adversary) []actor.Message {
		for _, m := range adv.Known() {
			if _, ok := m.(pbft.ViewChange); ok {
				return forge(adv)
			}
		}
		return nil
	}
}

// forging returns four replicas, one of them a faulty primary with the given behaviour that
// may send sends messages of its own (the threat model of forge.go in package pbft), with
// view-change timers that fire at any moment.
func forging(b actor.Behavior, sends int) pbft.Config {
	return pbft.Config{Replicas: 4, F: 1, Views: 1, Asynchronous: true,
		Adversary: adversary.Config{Byzantine: 1, Behavior: b, Sends: sends}}
}

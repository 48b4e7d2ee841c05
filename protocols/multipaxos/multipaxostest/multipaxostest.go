package multipaxostest

import (
	"cmp"
	"reflect"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/distcheck/distcheck/protocols/multipaxos"
)

// Leader is a student's leader: a deterministic node that speaks package multipaxos's
// messages (see the package documentation for the contract).
type Leader interface{ actor.Node }

// Acceptor is a student's acceptor, which is a replica too: a deterministic node that speaks
// package multipaxos's messages, keeps its promise, its log, its vote history and what it
// committed and executed in fields tagged `distcheck:"durable"`, and reports them to the
// properties through multipaxos.Replica.
type Acceptor interface{ multipaxos.Replica }

// Implementation is a Multi-Paxos implementation to check: its name, for reports and traces,
// and the functions that make its leaders and acceptors.
type Implementation struct {
	// Name names the implementation in the summary, and its systems in traces
	// ("multipaxostest/<Name>").
	Name string
	// NewLeader makes the leader a LeaderConfig describes.
	NewLeader func(multipaxos.LeaderConfig) Leader
	// NewAcceptor makes an acceptor of a log of AcceptorConfig.Slots slots.
	NewAcceptor func(multipaxos.AcceptorConfig) Acceptor
}

// Reference returns the project's own implementation, package multipaxos's leaders and
// acceptors.
func Reference() Implementation { return Buggy(bugs.None) }

// Buggy returns package multipaxos's implementation with the named bug, named after it.
func Buggy(bug bugs.Bug) Implementation {
	return Implementation{
		Name:        cmp.Or(string(bug), "reference"),
		NewLeader:   func(c multipaxos.LeaderConfig) Leader { return multipaxos.NewLeader(c, bug) },
		NewAcceptor: func(c multipaxos.AcceptorConfig) Acceptor { return multipaxos.NewAcceptor(c.Slots, bug) },
	}
}

// roles adapts the implementation's factories to multipaxos.Roles.
func (impl Implementation) roles() multipaxos.Roles {
	return multipaxos.Roles{
		Leader:   func(c multipaxos.LeaderConfig) actor.Node { return node(impl.NewLeader(c)) },
		Acceptor: func(c multipaxos.AcceptorConfig) actor.Node { return node(impl.NewAcceptor(c)) },
	}
}

// node returns n as a actor.Node, and a nil interface for a nil node of any type, a nil
// pointer included, so that multipaxos.Config.Build reports it.
func node(n actor.Node) actor.Node {
	if n == nil {
		return nil
	}
	if v := reflect.ValueOf(n); v.Kind() == reflect.Pointer && v.IsNil() {
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
	// Config is the system's shape, timing and faults.
	Config multipaxos.Config
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
	// Walks and Seeds size a random scenario's walks (see conformance.Scenario).
	Walks int64
	Seeds int
	// Limits say what the scenario cannot exercise; the report prints them with its reach.
	Limits []string
}

// scenario returns sc as a scenario of package conformance, whose systems are impl's.
func (sc Scenario) scenario(impl Implementation) conformance.Scenario {
	return conformance.Scenario{
		Name: sc.Name, Doc: sc.Doc, Random: sc.Random, Strategy: sc.Strategy, Deterministic: sc.Deterministic, KeepIgnored: sc.KeepIgnored,
		Walks: sc.Walks, Seeds: sc.Seeds, Limits: sc.Limits,
		Build: func() (*actor.System, error) { return sc.Config.Build(protocol(impl), impl.roles()) },
	}
}

// smallest is the smallest interesting size for a change of leader: a leader and a standby,
// three acceptors, so that majorities overlap in one, and two slots, so that a hole can open
// below a chosen command.
var smallest = multipaxos.Config{Leaders: 2, Acceptors: 3, Slots: 2}

func withFaults(f actor.Faults) multipaxos.Config {
	c := smallest
	c.Faults = f
	return c
}

// Scenarios returns the suite's scenarios, in the order they run.
func Scenarios() []Scenario {
	return []Scenario{
		{Name: "stable-leader", Config: multipaxos.Config{Leaders: 1, Acceptors: 3, Slots: 3}, Deterministic: true, KeepIgnored: true,
			Doc: "one leader fills three slots; every order of delivery, without faults (exhaustive)"},
		{Name: "leader-change", Config: smallest, KeepIgnored: true,
			Doc: "a standby takes over two slots when the leader is done, without faults (exhaustive)"},
		{Name: "standby-anytime", Config: multipaxos.Config{Leaders: 2, Acceptors: 3, Slots: 1, Asynchronous: true}, KeepIgnored: true,
			Limits: []string{"one slot", "two ballots: the standby takes over once"},
			Doc:    "the standby may take over at any moment, one slot, without faults (exhaustive)"},
		{Name: "message-loss", Config: withFaults(actor.Faults{Drops: 1}), KeepIgnored: true,
			Doc: "one message is lost, and the standby takes over (exhaustive)"},
		{Name: "duplication", Config: withFaults(actor.Faults{Duplicates: 1}), KeepIgnored: true,
			Doc: "one message is delivered twice (exhaustive)"},
		{Name: "crash-recovery", Config: withFaults(actor.Faults{Crashes: 1, Recoveries: 1, LoseWhileDown: true}),
			Doc: "one node crashes, losing the messages sent to it while down, and recovers with its stable storage (exhaustive)"},
		{Name: "five-acceptors", Random: true, Strategy: explore.PCT, Seeds: 3, Walks: conformance.Sampled(3000),
			Config: multipaxos.Config{Leaders: 2, Acceptors: 5, Slots: 3, Asynchronous: true,
				Faults: actor.Faults{Crashes: 2, Recoveries: 2, Drops: 1, Duplicates: 1}},
			Doc: "a standby taking over at any moment, five acceptors, three slots, two crashes and recoveries, a lost and a duplicated message (PCT walks, three seeds)"},
	}
}

// name is the suite's name, which starts its summary.
const name = "multipaxostest"

// Run checks impl against the suite's scenarios with package conformance's runner, which
// opts configure (conformance.FailFast, conformance.Only, conformance.JSON, ...): it prints
// the graded summary to t's log, fails t for every check that failed, with the
// counterexample's sequence diagram, and returns the report. An implementation without both
// factories fails t at once.
func Run(t testing.TB, impl Implementation, opts ...conformance.Option) *conformance.Report {
	t.Helper()
	impl.Name = cmp.Or(impl.Name, "unnamed")
	if impl.NewLeader == nil || impl.NewAcceptor == nil {
		t.Fatalf("%s: implementation %q: NewLeader and NewAcceptor must both be set", name, impl.Name)
		return &conformance.Report{Suite: name, Implementation: impl.Name}
	}
	s := conformance.Suite{Name: name, Implementation: impl.Name}
	for _, sc := range Scenarios() {
		s.Scenarios = append(s.Scenarios, sc.scenario(impl))
	}
	return conformance.Run(t, s, opts...)
}

// protocol names an implementation's systems in traces, "multipaxostest/<name>": not a
// built-in protocol, so that `distcheck replay` does not rebuild the project's implementation
// in its place.
func protocol(impl Implementation) string { return name + "/" + impl.Name }

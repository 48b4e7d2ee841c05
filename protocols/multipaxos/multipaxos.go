package multipaxos

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugSkipRecovery makes a new leader propose its own commands from the first slot on,
	// ignoring the proposals its promises report: it overwrites a command already chosen.
	BugSkipRecovery bugs.Bug = "skip-recovery"
	// BugExecuteOutOfOrder makes a replica execute a command as soon as it is committed, even
	// if an earlier slot is not committed yet: replicas execute in different orders, and
	// past gaps.
	BugExecuteOutOfOrder bugs.Bug = "execute-out-of-order"
	// BugStopAtGap makes a new leader recover the slots its promises report only up to the
	// first slot none of them reports, and put its own commands from there on: a command
	// accepted in a later slot (the old leader's accept for the earlier slot was lost or
	// late) is overwritten although it may be chosen. Needs two slots and a leader change.
	BugStopAtGap bugs.Bug = "stop-at-gap"
	// BugLastVoteOnly makes an acceptor keep and report, besides its log, only the proposal it
	// accepted last — one accepted ballot and value, as in single-decree Paxos — in its
	// promises: a new leader does not hear of a command chosen in an earlier slot, takes the
	// slot for a hole and fills it with NoOp. Needs two slots and a leader change.
	BugLastVoteOnly bugs.Bug = "last-vote-only"
	// BugSharedAcks makes a leader count the acceptors that accepted any of its proposals —
	// one set for its ballot, as in single-decree Paxos — instead of one set per slot: with
	// two slots, one acceptor's acceptance of slot 1 and another's of slot 2 make a
	// "majority", and the leader commits a command that only one acceptor accepted. Needs two
	// slots.
	BugSharedAcks bugs.Bug = "shared-acks"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "multipaxos", Variants: []bugs.Variant{
	{Bug: BugSkipRecovery, Summary: "a new leader proposes its own commands without recovering the accepted ones (Agreement fails)"},
	{Bug: BugExecuteOutOfOrder, Summary: "replicas execute each command as soon as it is committed (ExecutedPrefix fails: past a gap)"},
	{Bug: BugStopAtGap, Summary: "a new leader recovers accepted commands only up to the first empty slot (--async 1 --drops 1: Agreement fails; needs 2 slots)"},
	{Bug: BugLastVoteOnly, Summary: "an acceptor's promise reports only the proposal it accepted last, as in single-decree Paxos (Agreement fails; needs 2 slots and a leader change)"},
	{Bug: BugSharedAcks, Summary: "a leader counts acceptances of any slot towards each slot's majority (--leaders 1: CommitsChosen fails; needs 2 slots)"},
}}

// Limits of a configuration.
const (
	MaxLeaders   = 2
	MaxAcceptors = 5
	MaxSlots     = 3
)

// Config configures a system.
type Config struct {
	// Leaders is 1 (a stable leader) or 2 (a standby takes over once, at any moment).
	Leaders int
	// Acceptors is the number of acceptors, which are the replicas too.
	Acceptors int
	// Slots is the length of the log, 1 to 3.
	Slots int
	// Asynchronous lets the standby's timer fire at any moment (actor.TimersAnytime), while
	// the first leader's messages are still on their way. By default it fires only when no
	// message can be delivered (actor.TimersWhenQuiet): the standby takes over when the
	// leader seems to have stopped — it crashed, or a message was lost.
	Asynchronous bool
	// Faults are the fault budgets.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Validate reports a configuration out of range, naming the field.
func (c Config) Validate() error {
	return setup.Check(Catalog, c.Bug, c.Faults,
		setup.Between("leaders", c.Leaders, 1, MaxLeaders),
		setup.Between("acceptors", c.Acceptors, 1, MaxAcceptors),
		setup.Between("slots", c.Slots, 1, MaxSlots))
}

// Commands returns the commands leader i proposes: "a", "b", "c" for the first leader, "x",
// "y", "z" for the second.
func Commands(i, slots int) []Command {
	first := []rune{'a', 'x'}[i]
	var out []Command
	for k := range slots {
		out = append(out, Command(rune(int(first)+k)))
	}
	return out
}

// LeaderIDs returns the leaders' node IDs: the first nodes.
func (c Config) LeaderIDs() []model.NodeID { return ids(0, c.Leaders) }

// AcceptorIDs returns the acceptors' node IDs, which are the replicas': after the leaders.
func (c Config) AcceptorIDs() []model.NodeID { return ids(c.Leaders, c.Acceptors) }

// LeaderConfig returns what leader i is told: the first leader starts at once, the others
// stand by.
func (c Config) LeaderConfig(i int) LeaderConfig {
	return LeaderConfig{Index: i, Acceptors: c.AcceptorIDs(), Commands: Commands(i, c.Slots), Slots: c.Slots, Standby: i > 0}
}

// AcceptorConfig returns what every acceptor is told.
func (c Config) AcceptorConfig() AcceptorConfig { return AcceptorConfig{Slots: c.Slots} }

func ids(from, n int) []model.NodeID {
	out := make([]model.NodeID, n)
	for i := range out {
		out[i] = model.NodeID(from + i)
	}
	return out
}

// Roles makes the leaders and acceptors of a system. New uses the package's own roles;
// package multipaxostest builds systems of anyone's. An acceptor must implement Replica, which
// the properties read.
type Roles struct {
	// Leader makes the leader a LeaderConfig describes.
	Leader func(LeaderConfig) actor.Node
	// Acceptor makes an acceptor, which must implement Replica.
	Acceptor func(AcceptorConfig) actor.Node
}

// OwnRoles returns this package's leaders and acceptors, with the named bug.
func OwnRoles(bug bugs.Bug) Roles {
	return Roles{
		Leader:   func(c LeaderConfig) actor.Node { return NewLeader(c, bug) },
		Acceptor: func(c AcceptorConfig) actor.Node { return NewAcceptor(c.Slots, bug) },
	}
}

// New returns the Multi-Paxos system for cfg, with this package's roles: the leaders first,
// then the acceptors (see Build).
func New(cfg Config) (*actor.System, error) {
	return actor.Validated(cfg.Build("multipaxos", OwnRoles(cfg.Bug)))
}

// Build returns a system of cfg's shape made of the given roles, named protocol in traces: the
// leaders first, then the acceptors. It checks cfg and that every acceptor implements
// Replica, but not the nodes themselves: the system checks them (a nil node, one that cannot
// be cloned) when it is explored, or when its Validate method is called. With cfg.Asynchronous the standby's
// timer may fire at any moment (actor.TimersAnytime), while the first leader's messages are
// still on their way; by default only when no message can be delivered (actor.TimersWhenQuiet).
//
// Its properties, over what the acceptors report through Replica:
//
//   - Agreement (always): in each slot, at most one command is chosen — accepted by a
//     majority of acceptors at one ballot (judged on the acceptors' vote histories).
//   - Validity (always): every command chosen is a leader's command or NoOp.
//   - CommitsChosen (always): every command a replica commits is the one chosen for its slot.
//   - ExecutedPrefix (always): every replica has executed the commands chosen for slots
//     1, 2, ..., k, in that order, for some k: no gaps, nothing out of order.
//   - AllExecuted (sometimes): a replica executes a command in every slot.
func (c Config) Build(protocol string, r Roles) (*actor.System, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	sys := &actor.System{Protocol: protocol, Faults: c.Faults}
	sys.Add("p", c.Leaders, func(i int) actor.Node { return r.Leader(c.LeaderConfig(i)) })
	sys.Add("a", c.Acceptors, func(int) actor.Node { return r.Acceptor(c.AcceptorConfig()) })
	nodes, names := sys.Nodes, sys.Names
	for _, id := range c.AcceptorIDs() {
		if _, ok := nodes[id].(Replica); !ok && nodes[id] != nil { // a nil node is Validate's to report
			return nil, fmt.Errorf("%s: the %s made (%T) does not implement multipaxos.Replica (VoteHistory, CommittedLog and ExecutedLog), which the properties read",
				protocol, names[id], nodes[id])
		}
	}
	timers, async := actor.TimersWhenQuiet, 0
	if c.Asynchronous {
		timers, async = actor.TimersAnytime, 1
	}
	sys.Params = actor.TraceParams(map[string]int{"leaders": c.Leaders, "acceptors": c.Acceptors, "slots": c.Slots, "async": async},
		string(c.Bug), c.Faults, actor.Byzantine{})
	sys.Timers, sys.Props = timers, c.properties()
	return sys, nil
}

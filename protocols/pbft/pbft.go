package pbft

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// The named buggy variants.
const (
	// BugPrepared2f makes a prepared certificate 2f matching messages — the pre-prepare and
	// 2f−1 prepares — instead of 2f+1. Two certificates of 2f in 3f+1 replicas may share only
	// the faulty one, so an equivocating primary gets two requests prepared in one view, and a
	// view change can carry the wrong one forward over a request already committed.
	BugPrepared2f bugs.Bug = "prepared-2f"
	// BugNoDigestCheck counts prepares and commits for the sequence number without checking
	// that their request matches the pre-prepare's: an equivocating primary gets two requests
	// committed in one view.
	BugNoDigestCheck bugs.Bug = "no-digest-check"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "pbft", Variants: []bugs.Variant{
	{Bug: BugPrepared2f, Summary: "a prepared certificate of 2f matching messages, not 2f+1 (--byzantine 1 --views 1: the wrong request survives the view change)"},
	{Bug: BugNoDigestCheck, Summary: "prepares and commits are counted without checking their request (--byzantine 1: two requests committed in view 0)"},
}}

// Faulty says which replicas a Byzantine adversary takes.
type Faulty int

const (
	// FaultyPrimary gives the adversary the primary of view 0 first, then the last replicas.
	FaultyPrimary Faulty = iota
	// FaultyBackups gives it the last replicas: the primary of view 0 is correct.
	FaultyBackups
	// FaultyNextPrimary gives it the primary of view 1 first, then the last replicas: the
	// view change is led by the adversary.
	FaultyNextPrimary
	// FaultyPrimaries gives it the primaries of views 0 and 1 first, then the last replicas:
	// with f = 2, the adversary equivocates in view 0 and leads the view change.
	FaultyPrimaries
)

// Limits of a configuration.
const (
	MaxReplicas = 7
	MaxViews    = 3
)

// Config configures a system.
type Config struct {
	// Replicas is the number of replicas, n.
	Replicas int
	// F is the number of faulty replicas tolerated: quorums are of n−f. PBFT needs n ≥ 3f+1;
	// with n = 3f the quorums of a Byzantine adversary's choosing overlap only in it.
	F int
	// Views is the number of view changes a replica may make (the views are 0 to Views).
	Views int
	// Asynchronous lets the view-change timers fire at any moment (actor.TimersAnytime). By
	// default they fire only when no message can be delivered (actor.TimersWhenQuiet): a
	// replica suspects the primary when the protocol has stopped making progress, as under
	// partial synchrony once timeouts are long enough.
	Asynchronous bool
	// Faults are the benign fault budgets.
	Faults actor.Faults
	// Adversary sizes the Byzantine adversary; Faulty says which replicas it takes. It may
	// equivocate or corrupt (change the request of a pre-prepare,
	// prepare or commit, drop the certificate from a view change, change the request of a new
	// view) and, within its Sends budget, send any message its replicas can sign, built from
	// what it has read on the network (see forge.go: the suites' threat model).
	Adversary adversary.Config
	// Faulty says which replicas the adversary takes.
	Faulty Faulty
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Validate reports a configuration out of range, naming the field.
func (c Config) Validate() error {
	if c.Faulty < FaultyPrimary || c.Faulty > FaultyPrimaries {
		return fmt.Errorf("pbft: faulty is %d, want %d (the primary first), %d (backups), %d (the next primary first) or %d (the primaries of views 0 and 1 first)", c.Faulty, FaultyPrimary, FaultyBackups, FaultyNextPrimary, FaultyPrimaries)
	}
	return setup.Check(Catalog, c.Bug, c.Faults,
		setup.Between("replicas", c.Replicas, 1, MaxReplicas),
		setup.Between("f", c.F, 0, c.Replicas-1, fmt.Sprintf("fewer than the %d replicas", c.Replicas)),
		setup.Between("views", c.Views, 0, MaxViews))
}

// New returns the PBFT system for cfg, made of this package's replicas (see Build for its
// properties).
func New(cfg Config) (*actor.System, error) {
	return actor.Validated(cfg.Build("pbft", func(c ReplicaConfig) actor.Node { return NewReplica(c) }))
}

// Committer is what the properties read of a replica: the requests it committed. Every
// replica of a system must implement it (Replica does).
type Committer interface {
	// CommittedRequests returns the requests the replica committed, in order: at most one at
	// a correct replica. The system only reads it.
	CommittedRequests() []Request
}

// Build returns a system of cfg's shape made of the replicas that newReplica makes — one per
// replica, each told ReplicaConfig{N, F, MaxView, Bug} — named protocol in traces. It checks
// cfg, and that every replica made implements Committer, but not the replicas themselves: the
// system checks them (a nil replica, one that cannot be cloned) when it is explored, or when
// its Validate method is called. Package pbfttest builds systems of anyone's replicas with it.
//
// Its properties, over the correct replicas:
//
//   - Agreement (always): no two commit different requests — and none commits two — in any
//     views.
//   - Committed (sometimes): a correct replica commits a request.
func (c Config) Build(protocol string, newReplica func(ReplicaConfig) actor.Node) (*actor.System, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	byz, err := c.Adversary.Place(placement(c.Replicas, c.Faulty), adversary.Powers{Mutate: mutate, Forge: c.forge, Eavesdrop: true})
	if err != nil {
		return nil, fmt.Errorf("pbft: %w", err)
	}
	rc := ReplicaConfig{N: c.Replicas, F: c.F, MaxView: c.Views, Bug: c.Bug}
	var nodes []actor.Node
	var names []string
	for i := range c.Replicas {
		n, name := newReplica(rc), "r"+strconv.Itoa(i)
		if _, ok := n.(Committer); !ok && n != nil { // a nil replica is Validate's to report
			return nil, fmt.Errorf("%s: the replica %s made, a %T, has no method CommittedRequests() []pbft.Request (pbft.Committer): the properties cannot read what it committed", protocol, name, n)
		}
		nodes = append(nodes, n)
		names = append(names, name)
	}
	honest := adversary.Honest(c.Replicas, byz)
	timers, async := actor.TimersWhenQuiet, 0
	if c.Asynchronous {
		timers, async = actor.TimersAnytime, 1
	}
	return &actor.System{
		Protocol: protocol,
		Params: actor.TraceParams(map[string]int{"replicas": c.Replicas, "f": c.F, "views": c.Views, "async": async, "faulty-backups": int(c.Faulty)},
			string(c.Bug), c.Faults, byz),
		Nodes:     nodes,
		Names:     names,
		Network:   actor.Duplicating,
		Faults:    c.Faults,
		Byzantine: byz,
		Timers:    timers,
		Props: []model.Property[*actor.State]{
			properties.Always("Agreement", func(s *actor.State) bool { return len(Committed(s, honest)) <= 1 }),
			properties.Sometimes("Committed", func(s *actor.State) bool { return len(Committed(s, honest)) > 0 }),
		},
	}, nil
}

// Committed returns the requests that the given replicas committed in s, sorted, as their
// CommittedRequests methods report them.
func Committed(s *actor.State, replicas []model.NodeID) []Request {
	var out []Request
	for _, id := range replicas {
		for _, req := range s.Node(id).(Committer).CommittedRequests() {
			if !slices.Contains(out, req) {
				out = append(out, req)
			}
		}
	}
	slices.Sort(out)
	return out
}

// placement is the order in which the adversary takes replicas: the primary of view 0 or of
// view 1 (unless only backups are faulty), then the last replicas.
func placement(n int, f Faulty) []model.NodeID {
	var order []model.NodeID
	switch f {
	case FaultyPrimary:
		order = append(order, Primary(0, n))
	case FaultyNextPrimary:
		order = append(order, Primary(1, n))
	case FaultyPrimaries:
		order = append(order, Primary(0, n))
		if n > 1 {
			order = append(order, Primary(1, n))
		}
	}
	for i := n - 1; i > 0; i-- {
		if !slices.Contains(order, model.NodeID(i)) {
			order = append(order, model.NodeID(i))
		}
	}
	return order
}

func other(req Request) Request {
	if req == ClientRequest {
		return OtherRequest
	}
	return ClientRequest
}

// mutate returns the ways a Byzantine replica may change a message it sends, re-signed as it.
func mutate(adv actor.Adversary, from model.NodeID, msg actor.Message) []actor.Message {
	switch m := msg.(type) {
	case PrePrepare:
		m.Request = other(m.Request)
		m.Sig = adv.Sign(from, m.Body())
		return []actor.Message{m}
	case Prepare:
		m.Request = other(m.Request)
		m.Sig = adv.Sign(from, m.Body())
		return []actor.Message{m}
	case Commit:
		m.Request = other(m.Request)
		m.Sig = adv.Sign(from, m.Body())
		return []actor.Message{m}
	case ViewChange:
		if m.Prepared.None() {
			return nil
		}
		m.Prepared = Certificate{} // hides what it prepared
		m.Sig = adv.Sign(from, m.Body())
		return []actor.Message{m}
	case NewView:
		m.PrePrepare.Request = other(m.PrePrepare.Request)
		m.PrePrepare.Sig = adv.Sign(from, m.PrePrepare.Body())
		m.Sig = adv.Sign(from, m.Body())
		return []actor.Message{m}
	}
	return nil
}

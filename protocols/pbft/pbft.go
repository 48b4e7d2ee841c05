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
	// BugNewViewHighestOnly makes a new view carry over only the request of the highest
	// sequence number that a view change has a certificate for; at the sequence numbers
	// before it, the new primary pre-prepares the client's request of that number, as if none
	// had been prepared. A request a faulty primary slipped in at an earlier sequence number,
	// and committed there, is replaced. It needs two requests.
	BugNewViewHighestOnly bugs.Bug = "new-view-highest-only"
	// BugNewViewRenumbers makes a new view number the requests it carries over anew, from 0
	// and in order of their sequence numbers, then the client's other requests: a request
	// committed at sequence number 1, while 0 was prepared nowhere, moves to 0, and another
	// request takes 1. It needs two requests.
	BugNewViewRenumbers bugs.Bug = "new-view-renumbers"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "pbft", Variants: []bugs.Variant{
	{Bug: BugPrepared2f, Summary: "a prepared certificate of 2f matching messages, not 2f+1 (--byzantine 1 --views 1: the wrong request survives the view change)"},
	{Bug: BugNoDigestCheck, Summary: "prepares and commits are counted without checking their request (--byzantine 1: two requests committed in view 0)"},
	{Bug: BugNewViewHighestOnly, Summary: "a new view carries over only the highest prepared sequence number (--requests 2 --byzantine 1 --views 1 --strategy random --depth 200: a request committed at sequence number 0 is replaced)"},
	{Bug: BugNewViewRenumbers, Summary: "a new view numbers the requests it carries anew from 0 (--requests 2 --byzantine 1 --views 1 --drops 1 --strategy random --depth 200: a request moves to another sequence number)"},
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
	// Requests is the number of client requests, 1 to MaxRequests; 0 means 1. The i-th,
	// ClientRequests(Requests)[i], is assigned sequence number i by the primary of view 0.
	Requests int
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
		setup.Between("views", c.Views, 0, MaxViews),
		setup.Between("requests", c.Requests, 0, MaxRequests, "0 means 1"))
}

// New returns the PBFT system for cfg, made of this package's replicas (see Build for its
// properties).
func New(cfg Config) (*actor.System, error) {
	return actor.Validated(cfg.Build("pbft", func(c ReplicaConfig) actor.Node { return NewReplica(c) }))
}

// Committer is what the properties read of a replica: the requests it committed. Every
// replica of a system must implement it (Replica does).
type Committer interface {
	// CommittedRequests returns the requests the replica committed, in order of sequence
	// number — the i-th committed at sequence number i — up to the first sequence number it
	// has not committed: at most one per sequence number at a correct replica. The system
	// only reads it.
	CommittedRequests() []Request
}

// Build returns a system of cfg's shape made of the replicas that newReplica makes — one per
// replica, each told ReplicaConfig{N, F, MaxView, Bug, Requests} — named protocol in traces. It checks
// cfg, and that every replica made implements Committer, but not the replicas themselves: the
// system checks them (a nil replica, one that cannot be cloned) when it is explored, or when
// its Validate method is called. Package pbfttest builds systems of anyone's replicas with it.
//
// Its properties, over the correct replicas:
//
//   - Agreement (always): at each sequence number, no two commit different requests — and none
//     commits two — in any views (with one request: no two requests are committed at all).
//   - Validity (always): every request committed is one a client sent: the client's
//     (ClientRequests) or the one a faulty client may have sent (OtherRequest).
//   - Committed (sometimes): a correct replica commits a request.
//   - AllCommitted (sometimes, with two requests or more): a correct replica commits every
//     sequence number.
func (c Config) Build(protocol string, newReplica func(ReplicaConfig) actor.Node) (*actor.System, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	byz, err := c.Adversary.Place(placement(c.Replicas, c.Faulty), adversary.Powers{Mutate: mutate, Forge: c.forge, Eavesdrop: true})
	if err != nil {
		return nil, fmt.Errorf("pbft: %w", err)
	}
	seqs := max(c.Requests, 1)
	rc := ReplicaConfig{N: c.Replicas, F: c.F, MaxView: c.Views, Bug: c.Bug, Requests: seqs}
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
	params := map[string]int{"replicas": c.Replicas, "f": c.F, "views": c.Views, "async": async, "faulty-backups": int(c.Faulty)}
	if seqs > 1 { // so that the traces of one request, saved before there could be more, still load
		params["requests"] = seqs
	}
	return &actor.System{
		Protocol:  protocol,
		Params:    actor.TraceParams(params, string(c.Bug), c.Faults, byz),
		Nodes:     nodes,
		Names:     names,
		Network:   actor.Duplicating,
		Faults:    c.Faults,
		Byzantine: byz,
		Timers:    timers,
		Props:     props(honest, seqs),
	}, nil
}

// props returns the properties of a system of n requests over the given correct replicas.
func props(honest []model.NodeID, n int) []model.Property[*actor.State] {
	valid := requests(n)
	ps := []model.Property[*actor.State]{
		properties.Always("Agreement", func(s *actor.State) bool { return agree(s, honest, n) }),
		properties.Always("Validity", func(s *actor.State) bool {
			for _, id := range honest {
				for _, req := range s.Node(id).(Committer).CommittedRequests() {
					if !slices.Contains(valid, req) {
						return false
					}
				}
			}
			return true
		}),
		properties.Sometimes("Committed", func(s *actor.State) bool { return len(Committed(s, honest)) > 0 }),
	}
	if n > 1 {
		ps = append(ps, properties.Sometimes("AllCommitted", func(s *actor.State) bool {
			return slices.ContainsFunc(honest, func(id model.NodeID) bool { return len(s.Node(id).(Committer).CommittedRequests()) >= n })
		}))
	}
	return ps
}

// agree reports whether the given replicas agree at every sequence number in s: each has
// committed at most n requests, and the i-th of every two is the same.
func agree(s *actor.State, honest []model.NodeID, n int) bool {
	var first []Request // the longest committed so far
	for _, id := range honest {
		reqs := s.Node(id).(Committer).CommittedRequests()
		if len(reqs) > n {
			return false
		}
		for i, req := range reqs {
			if i >= len(first) {
				first = append(first[:len(first):len(first)], reqs[i:]...)
				break
			}
			if first[i] != req {
				return false
			}
		}
	}
	return true
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
		if len(m.Prepared) == 0 {
			return nil
		}
		m.Prepared = nil // hides what it prepared
		m.Sig = adv.Sign(from, m.Body())
		return []actor.Message{m}
	case NewView:
		pps := slices.Clone(m.PrePrepares)
		for i := range pps {
			pps[i].Request = other(pps[i].Request)
			pps[i].Sig = adv.Sign(from, pps[i].Body())
		}
		m.PrePrepares = pps
		m.Sig = adv.Sign(from, m.Body())
		return []actor.Message{m}
	}
	return nil
}

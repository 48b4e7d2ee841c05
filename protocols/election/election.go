package election

import (
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages of the majority vote.
type (
	// RequestVote asks for the receiver's vote for the sender.
	RequestVote struct{}
	// Vote grants the receiver the sender's vote.
	Vote struct{}
)

// CampaignTimer is a voter's timer: when it fires before the node has voted, the node stands
// as a candidate.
const CampaignTimer = "campaign"

// The named buggy variants.
const (
	// BugForgetVote keeps a node's vote in volatile memory, so a node that crashes and
	// recovers can vote a second time and two candidates can collect a majority.
	BugForgetVote bugs.Bug = "forget-vote"
	// BugNoQuorum elects without votes: a node declares itself leader when its timer fires if
	// it has heard from no node with a higher ID, which a partition can hide (see Naive).
	BugNoQuorum bugs.Bug = "no-quorum"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "election", Variants: []bugs.Variant{
	{Bug: BugForgetVote, Summary: "votes are not durable (--crashes 1 --recoveries 1: a node votes twice, two leaders)"},
	{Bug: BugNoQuorum, Summary: "the highest node heard from before a timeout leads, no votes (--partitions 1, or with --one-way: two leaders)"},
}}

// leader is implemented by the nodes of every variant.
type leader interface {
	actor.Node
	IsLeader() bool
}

// Voter is a node of the majority vote.
type Voter struct {
	// VotedFor is the node this node voted for (itself, if it stood), or model.NoNode. It is
	// durable: the node writes it to stable storage before it sends the vote.
	VotedFor model.NodeID `distcheck:"durable"`
	// Granted[i] says node i voted for this node. It is durable too, so that a leader that
	// restarts knows it won.
	Granted []bool `distcheck:"durable"`
	// forgotVote holds the vote instead of VotedFor in the buggy variant BugForgetVote: it is
	// not durable, so a node that restarts has forgotten whom it voted for.
	forgotVote model.NodeID

	bug bugs.Bug `distcheck:"-"`
}

// Init starts the campaign timer of a node that has not voted.
func (v *Voter) Init(ctx actor.Context) { v.ballot().init(ctx) }

// Handle grants a vote to the first candidate that asks, and counts the votes of a candidate.
func (v *Voter) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	v.ballot().handle(ctx, from, msg)
}

// Timeout makes a node that has not voted stand as a candidate.
func (v *Voter) Timeout(ctx actor.Context, t actor.Timer) { v.ballot().timeout(ctx, t) }

// IsLeader reports whether the node has collected the votes of a majority.
func (v *Voter) IsLeader() bool { return v.ballot().won() }

// Supporters returns the nodes that voted for this node, itself included if it stood.
func (v *Voter) Supporters() []model.NodeID { return v.ballot().supporters() }

// String shows the node's vote and the votes it collected, for diagrams.
func (v *Voter) String() string { return v.ballot().String() }

// ballot is the logic of Voter over where it keeps its vote. It lives only for the duration
// of a call.
type ballot struct {
	votedFor *model.NodeID
	granted  []bool
}

// ballot returns the voter's logic over VotedFor, on stable storage, or in the buggy variant
// BugForgetVote over a field a crash loses.
func (v *Voter) ballot() ballot {
	if v.bug == BugForgetVote {
		return ballot{&v.forgotVote, v.Granted}
	}
	return ballot{&v.VotedFor, v.Granted}
}

func (b ballot) init(ctx actor.Context) {
	if *b.votedFor == model.NoNode {
		ctx.SetTimer(CampaignTimer, 0)
	}
}

func (b ballot) timeout(ctx actor.Context, t actor.Timer) {
	if t != CampaignTimer || *b.votedFor != model.NoNode {
		return
	}
	*b.votedFor = ctx.ID()
	b.granted[ctx.ID()] = true
	ctx.Broadcast(RequestVote{})
}

func (b ballot) handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case RequestVote:
		if *b.votedFor != model.NoNode {
			return // it has voted already, perhaps for itself
		}
		*b.votedFor = from
		ctx.CancelTimer(CampaignTimer)
		ctx.Send(from, Vote{})
	case Vote:
		if *b.votedFor == ctx.ID() {
			b.granted[from] = true
		}
	}
}

func (b ballot) won() bool { return count(b.granted) >= majority(len(b.granted)) }

func (b ballot) supporters() []model.NodeID {
	var out []model.NodeID
	for i, g := range b.granted {
		if g {
			out = append(out, model.NodeID(i))
		}
	}
	return out
}

func (b ballot) String() string {
	var s strings.Builder
	switch *b.votedFor {
	case model.NoNode:
		s.WriteString("not voted")
	default:
		s.WriteString("voted n" + strconv.Itoa(int(*b.votedFor)))
	}
	if sup := b.supporters(); len(sup) > 0 {
		s.WriteString(", votes from")
		for _, id := range sup {
			s.WriteString(" n" + strconv.Itoa(int(id)))
		}
	}
	if b.won() {
		s.WriteString(", LEADER")
	}
	return s.String()
}

// majority returns the size of a majority of n nodes.
func majority(n int) int { return n/2 + 1 }

// count returns the number of true entries of bs.
func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes (at least 2).
	Nodes int
	// Faults are the fault budgets: crashes and recoveries, partitions, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the election system for cfg: the majority vote (Voter) in a fully asynchronous
// system, the same with forgetful voters for BugForgetVote, or the timing-based election
// (Naive) in a partially synchronous system for BugNoQuorum.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("nodes", cfg.Nodes, 2)); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	timers := actor.TimersAnytime
	for i := range nodes {
		switch cfg.Bug {
		case bugs.None, BugForgetVote:
			nodes[i] = &Voter{VotedFor: model.NoNode, Granted: make([]bool, cfg.Nodes), forgotVote: model.NoNode, bug: cfg.Bug}
		case BugNoQuorum:
			nodes[i] = &Naive{Heard: make([]bool, cfg.Nodes)}
			timers = actor.TimersWhenQuiet
		default:
			return nil, Catalog.Check(cfg.Bug)
		}
	}
	return &actor.System{
		Protocol: "election",
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Timers:   timers,
		Props: []model.Property[*actor.State]{
			properties.Always("AtMostOneLeader", func(s *actor.State) bool { return len(Leaders(s)) <= 1 }),
			properties.Sometimes("LeaderElected", func(s *actor.State) bool { return len(Leaders(s)) > 0 }),
		},
	}, nil
}

// Leaders returns the nodes that are leader in s, down ones included, in order.
func Leaders(s *actor.State) []model.NodeID {
	var out []model.NodeID
	for i := range s.NumNodes() {
		if s.Node(model.NodeID(i)).(leader).IsLeader() {
			out = append(out, model.NodeID(i))
		}
	}
	return out
}

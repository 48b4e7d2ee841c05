// Package poll is a majority vote, and the Sybil attack on it.
//
// Voters (nodes 1 to v) each vote yes or no — a nondeterministic choice, so the explorer tries
// every combination — and send their vote to the tally (node 0). The tally counts one vote per
// voter and decides as soon as one side has a majority of the voters, more than v/2 votes. The
// decision must be one a majority of the voters could have made: the votes of the honest voters
// for it, plus every Byzantine voter, must reach a majority (MajorityDecides).
//
// The tally knows who the voters are. Links are authenticated, so it knows who sent each vote,
// but knowing who sent a vote is not enough: an adversary can have as many identities as it
// likes, and nothing but the membership list tells them from voters. The buggy variant
// unbounded-identities counts one vote per identity, whoever it is: one Sybil vote tips a poll
// in which the honest voters split two to one, and two outvote three unanimous voters. The
// correct tally counts only the members it knows (Context.Nodes) and holds against any number
// of Sybils.
//
// Properties: MajorityDecides (as above) and Decided (sometimes the tally decides).
package poll

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

// Tally is the node that counts the votes.
const Tally model.NodeID = 0

// Vote is a voter's ballot.
type Vote struct{ Yes bool }

// Decision is the outcome of the poll.
type Decision uint8

// The decisions.
const (
	Undecided Decision = iota
	DecidedYes
	DecidedNo
)

// String returns "undecided", "yes" or "no".
func (d Decision) String() string {
	return [...]string{"undecided", "yes", "no"}[d]
}

func decisionOf(yes bool) Decision {
	if yes {
		return DecidedYes
	}
	return DecidedNo
}

// The named buggy variants.
const (
	// BugUnboundedIdentities counts one vote per identity, members or not.
	BugUnboundedIdentities bugs.Bug = "unbounded-identities"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "poll", Variants: []bugs.Variant{
	{Bug: BugUnboundedIdentities, Summary: "the tally counts a vote from any identity (--sybils 2 --byzantine-sends 2 outvotes the voters)"},
}}

// Counter is the tally, node 0.
type Counter struct {
	// Counted are the identities whose votes are counted, sorted.
	Counted []model.NodeID
	// Yes and No count the votes.
	Yes, No int
	// Decision is the outcome.
	Decision Decision

	// Voters is the number of voters; a majority is more than half of them.
	Voters int      `distcheck:"-"`
	Bug    bugs.Bug `distcheck:"-"`
}

// Init does nothing: the tally waits for votes.
func (c *Counter) Init(actor.Context) {}

// Handle counts the first vote of each voter, and decides once a side has a majority.
func (c *Counter) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	v, ok := msg.(Vote)
	if !ok || c.Decision != Undecided || !c.eligible(ctx, from) {
		return
	}
	i, found := slices.BinarySearch(c.Counted, from)
	if found {
		return
	}
	c.Counted = slices.Insert(c.Counted, i, from)
	if v.Yes {
		c.Yes++
	} else {
		c.No++
	}
	switch {
	case 2*c.Yes > c.Voters:
		c.Decision = DecidedYes
	case 2*c.No > c.Voters:
		c.Decision = DecidedNo
	}
}

// eligible reports whether from may vote: a member other than the tally (the bug lets anyone).
func (c *Counter) eligible(ctx actor.Context, from model.NodeID) bool {
	return c.Bug == BugUnboundedIdentities || from != Tally && slices.Contains(ctx.Nodes(), from)
}

// Timeout is unused: the tally sets no timers.
func (c *Counter) Timeout(actor.Context, actor.Timer) {}

// String shows the count and the decision, for diagrams.
func (c *Counter) String() string {
	return fmt.Sprintf("%s yes=%d no=%d from=%v", c.Decision, c.Yes, c.No, c.Counted)
}

// Voter is nodes 1 to v.
type Voter struct {
	// Voted says whether the voter has voted, and Yes how.
	Voted, Yes bool
}

// Init chooses a vote and sends it to the tally.
func (v *Voter) Init(ctx actor.Context) {
	v.Voted, v.Yes = true, ctx.Choose(2) == 1
	ctx.Send(Tally, Vote{Yes: v.Yes})
}

// Handle ignores messages: voters only vote.
func (v *Voter) Handle(actor.Context, model.NodeID, actor.Message) {}

// Timeout is unused: voters set no timers.
func (v *Voter) Timeout(actor.Context, actor.Timer) {}

// String shows the vote, for diagrams.
func (v *Voter) String() string {
	if !v.Voted {
		return "not voted"
	}
	return "votes " + decisionOf(v.Yes).String()
}

// Config configures a system.
type Config struct {
	// Voters is the number of voters (at least 1).
	Voters int
	// Faults are the benign fault budgets.
	Faults actor.Faults
	// Adversary sizes the adversary. It takes the last voters first and the tally last. Of
	// its own accord, it may send a yes or a no vote from any of its identities — Byzantine
	// voters and Sybils — and Byzantine voters that equivocate or corrupt turn their vote over.
	Adversary adversary.Config
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the poll system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("voters", cfg.Voters, 1)); err != nil {
		return nil, err
	}
	var order []model.NodeID
	for i := cfg.Voters; i >= 0; i-- {
		order = append(order, model.NodeID(i))
	}
	byz, err := cfg.Adversary.Place(order, adversary.Powers{Mutate: mutate, Forge: forge})
	if err != nil {
		return nil, fmt.Errorf("poll: %w", err)
	}
	nodes := []actor.Node{&Counter{Voters: cfg.Voters, Bug: cfg.Bug}}
	names := []string{"tally"}
	for i := 1; i <= cfg.Voters; i++ {
		nodes = append(nodes, &Voter{})
		names = append(names, "v"+strconv.Itoa(i))
	}
	sys := &actor.System{
		Protocol:  "poll",
		Params:    actor.TraceParams(map[string]int{"voters": cfg.Voters}, string(cfg.Bug), cfg.Faults, byz),
		Nodes:     nodes,
		Names:     names,
		Faults:    cfg.Faults,
		Byzantine: byz,
		Props: []model.Property[*actor.State]{
			properties.Always("MajorityDecides", func(s *actor.State) bool { return majorityDecides(s, byz) }),
			properties.Sometimes("Decided", func(s *actor.State) bool {
				return actor.NodeAs[*Counter](s, Tally).Decision != Undecided
			}),
		},
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// majorityDecides holds when an honest tally has not decided, or when the honest voters for its
// decision and the Byzantine voters (who may vote either way) are a majority of the voters.
func majorityDecides(s *actor.State, byz actor.Byzantine) bool {
	c := actor.NodeAs[*Counter](s, Tally)
	if c.Decision == Undecided || adversary.IsByzantine(byz, Tally) {
		return true
	}
	backers := 0
	for i := 1; i < s.NumNodes(); i++ {
		v := actor.NodeAs[*Voter](s, model.NodeID(i))
		if adversary.IsByzantine(byz, model.NodeID(i)) || v.Voted && decisionOf(v.Yes) == c.Decision {
			backers++
		}
	}
	return 2*backers > c.Voters
}

// mutate turns over the vote of a Byzantine voter.
func mutate(_ actor.Adversary, _ model.NodeID, msg actor.Message) []actor.Message {
	if v, ok := msg.(Vote); ok {
		return []actor.Message{Vote{Yes: !v.Yes}}
	}
	return nil
}

// forge returns both votes, for the adversary to cast from any of its identities.
func forge(actor.Adversary) []actor.Message {
	return []actor.Message{Vote{Yes: true}, Vote{Yes: false}}
}

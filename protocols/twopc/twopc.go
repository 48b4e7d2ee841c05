// Package twopc is two-phase commit at distcheck's actor layer: a coordinator and participants
// exchanging messages over a network that may lose them.
//
// The coordinator (node 0) asks every participant to prepare. A participant votes yes or no —
// a nondeterministic choice, so the explorer tries both — and a participant that votes no
// aborts at once. The coordinator commits once every participant has voted yes and aborts on
// the first no, or when its vote timer fires first; it tells every participant its decision.
//
// Coordinator and participants keep their votes and decisions in durable storage, so they survive
// crash-recovery; a participant that recovers undecided asks the coordinator for its decision.
//
// Properties: Agreement (no participant commits while another aborts), CoordinatorAgreement
// (no participant decides against the coordinator), SomeCommit (sometimes a participant
// commits), and AllDecide (eventually every participant decides), which holds on a reliable
// network and fails when a message can be lost: two-phase commit blocks.
package twopc

import (
	"fmt"
	"strconv"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages.
type (
	// Prepare asks a participant to vote.
	Prepare struct{}
	// Vote is a participant's answer.
	Vote struct{ Yes bool }
	// Commit tells a participant that the transaction commits.
	Commit struct{}
	// Abort tells a participant that the transaction aborts.
	Abort struct{}
	// Query asks the coordinator for its decision: a participant that recovers from a crash
	// sends it, since a decision sent while it was down may have been lost.
	Query struct{}
)

// VoteTimer is the coordinator's timer: when it fires before every vote is in, it aborts.
const VoteTimer = "votes"

// Decision is a coordinator's or participant's outcome.
type Decision uint8

// The decisions.
const (
	Undecided Decision = iota
	Committed
	Aborted
)

// String returns "undecided", "committed" or "aborted".
func (d Decision) String() string {
	return [...]string{"undecided", "committed", "aborted"}[d]
}

// The named buggy variants.
const (
	// BugEarlyCommit makes the coordinator commit on the first yes vote instead of waiting for
	// all of them, so a participant that votes no aborts while others commit.
	BugEarlyCommit bugs.Bug = "early-commit"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "twopc", Variants: []bugs.Variant{
	{Bug: BugEarlyCommit, Summary: "the coordinator commits on the first yes vote"},
}}

// Coordinator is node 0. Its votes and decision are its log: they survive a crash.
type Coordinator struct {
	// Votes[i] is participant i+1's vote: 0 none yet, 1 yes, 2 no.
	Votes    []uint8  `distcheck:"durable"`
	Decision Decision `distcheck:"durable"`
	Bug      bugs.Bug `distcheck:"-"`
}

// Init asks every participant to prepare and starts the vote timer. After a crash, a
// coordinator that had decided tells the participants its decision again.
func (c *Coordinator) Init(ctx actor.Context) {
	switch c.Decision {
	case Undecided:
		ctx.Broadcast(Prepare{})
		ctx.SetTimer(VoteTimer, 0)
	case Committed:
		ctx.Broadcast(Commit{})
	case Aborted:
		ctx.Broadcast(Abort{})
	}
}

// Handle counts a vote and decides when it can, and answers a query with its decision.
func (c *Coordinator) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if _, ok := msg.(Query); ok {
		switch c.Decision {
		case Committed:
			ctx.Send(from, Commit{})
		case Aborted:
			ctx.Send(from, Abort{})
		}
		return
	}
	v, ok := msg.(Vote)
	if !ok || c.Decision != Undecided {
		return
	}
	if v.Yes {
		c.Votes[from-1] = 1
	} else {
		c.Votes[from-1] = 2
	}
	switch {
	case !v.Yes:
		c.decide(ctx, Aborted)
	case c.Bug == BugEarlyCommit || c.allYes():
		c.decide(ctx, Committed)
	}
}

// Timeout aborts if no decision has been made.
func (c *Coordinator) Timeout(ctx actor.Context, _ actor.Timer) {
	if c.Decision == Undecided {
		c.decide(ctx, Aborted)
	}
}

func (c *Coordinator) allYes() bool {
	for _, v := range c.Votes {
		if v != 1 {
			return false
		}
	}
	return true
}

func (c *Coordinator) decide(ctx actor.Context, d Decision) {
	c.Decision = d
	ctx.CancelTimer(VoteTimer)
	if d == Committed {
		ctx.Broadcast(Commit{})
	} else {
		ctx.Broadcast(Abort{})
	}
}

// String shows the decision and the votes, for diagrams.
func (c *Coordinator) String() string {
	return fmt.Sprintf("%s votes=%v", c.Decision, c.Votes)
}

// Participant is nodes 1 to N. Its vote and decision are its log: they survive a crash.
type Participant struct {
	Voted    bool     `distcheck:"durable"`
	Decision Decision `distcheck:"durable"`
	// Started is set by the first Init, so that Init knows when it runs after a crash.
	Started bool `distcheck:"durable"`
}

// Init waits for Prepare; after a crash, an undecided participant asks the coordinator for its
// decision, which may have been lost while it was down.
func (p *Participant) Init(ctx actor.Context) {
	if p.Started && p.Decision == Undecided {
		ctx.Send(0, Query{})
	}
	p.Started = true
}

// Handle votes on Prepare and records the coordinator's decision.
func (p *Participant) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case Prepare:
		if p.Voted || p.Decision != Undecided {
			return
		}
		p.Voted = true
		yes := ctx.Choose(2) == 1
		if !yes {
			p.Decision = Aborted // a participant that votes no may abort at once
		}
		ctx.Send(from, Vote{Yes: yes})
	case Commit:
		if p.Decision == Undecided {
			p.Decision = Committed
		}
	case Abort:
		if p.Decision == Undecided {
			p.Decision = Aborted
		}
	}
}

// Timeout is unused: participants set no timers.
func (p *Participant) Timeout(actor.Context, actor.Timer) {}

// String shows the participant's decision, or that it voted yes and waits.
func (p *Participant) String() string {
	if p.Decision == Undecided && p.Voted {
		return "voted yes"
	}
	return p.Decision.String()
}

// Config configures a system.
type Config struct {
	// Participants is the number of participants (at least 1).
	Participants int
	// Faults are the fault budgets: lost messages, crashes, partitions, ...
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the two-phase commit system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("participants", cfg.Participants, 1)); err != nil {
		return nil, err
	}
	nodes := []actor.Node{&Coordinator{Votes: make([]uint8, cfg.Participants), Bug: cfg.Bug}}
	names := []string{"coord"}
	for i := 1; i <= cfg.Participants; i++ {
		nodes = append(nodes, &Participant{})
		names = append(names, "p"+strconv.Itoa(i))
	}
	return &actor.System{
		Protocol: "twopc",
		Params:   actor.TraceParams(map[string]int{"participants": cfg.Participants}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Names:    names,
		Faults:   cfg.Faults,
		Props: []model.Property[*actor.State]{
			properties.Always("Agreement", agreement),
			properties.Always("CoordinatorAgreement", coordinatorAgreement),
			properties.Sometimes("SomeCommit", func(s *actor.State) bool { return decided(s, Committed) > 0 }),
			properties.Eventually("AllDecide", func(s *actor.State) bool { return decided(s, Undecided) == 0 }),
		},
	}, nil
}

// participants returns the participants' states.
func participants(s *actor.State) []*Participant {
	out := make([]*Participant, 0, s.NumNodes()-1)
	for i := 1; i < s.NumNodes(); i++ {
		out = append(out, actor.NodeAs[*Participant](s, model.NodeID(i)))
	}
	return out
}

// decided counts the participants whose decision is d.
func decided(s *actor.State, d Decision) int {
	n := 0
	for _, p := range participants(s) {
		if p.Decision == d {
			n++
		}
	}
	return n
}

func agreement(s *actor.State) bool {
	return decided(s, Committed) == 0 || decided(s, Aborted) == 0
}

func coordinatorAgreement(s *actor.State) bool {
	c := actor.NodeAs[*Coordinator](s, 0)
	for _, p := range participants(s) {
		if p.Decision == Committed && c.Decision != Committed {
			return false
		}
	}
	return true
}

// Package register is a register replicated on several servers, read by a client that must not
// believe a lying replica.
//
// The replicas (nodes 1 to r) each hold a copy of the register, which starts at Initial. The
// client (node 0) writes Written to every replica and, at the same time, reads: it asks every
// replica for its value, and each answers with the value it holds — Initial or Written, depending
// on whether the write reached it first. A read must return a value that was written
// (ReadsReturnWrittenValues).
//
// A Byzantine replica whose messages are corrupted answers with a value nobody wrote. The buggy
// variant trust-first-reply returns the first answer, which may be that one. The correct client
// waits for f+1 replicas to give the same answer: f liars cannot agree on a value without an
// honest replica vouching for it. (With a write in progress the honest replicas need not agree
// either, so a read may wait forever; the client would retry, which this model leaves out.)
//
// Properties: ReadsReturnWrittenValues (as above, for an honest client) and ReadReturns
// (sometimes a read returns).
package register

import (
	"fmt"
	"strconv"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Client is the node that writes and reads.
const Client model.NodeID = 0

// The values: the register's initial value, the one the client writes, and the one a corrupt
// replica answers with.
const (
	Initial = 1
	Written = 2
	Garbage = 7
)

// Messages.
type (
	// Write asks a replica to store a value.
	Write struct{ Value int }
	// Read asks a replica for its value.
	Read struct{}
	// Reply is a replica's answer to a Read.
	Reply struct{ Value int }
)

// The named buggy variants.
const (
	// BugTrustFirstReply returns the first reply to a read.
	BugTrustFirstReply bugs.Bug = "trust-first-reply"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "register", Variants: []bugs.Variant{
	{Bug: BugTrustFirstReply, Summary: "a read returns the first reply (--byzantine 1: a corrupt replica answers garbage)"},
}}

// Reader is the client, node 0.
type Reader struct {
	// Wrote is the value the client wrote.
	Wrote int
	// Replies[i] is replica i+1's reply, or 0.
	Replies []int
	// Result is what the read returned, or 0 while it waits.
	Result int

	// Matching is how many equal replies the read waits for (f+1).
	Matching int      `distcheck:"-"`
	Bug      bugs.Bug `distcheck:"-"`
}

// Init writes Written to every replica and asks every replica for its value.
func (c *Reader) Init(ctx actor.Context) {
	c.Wrote = Written
	ctx.Broadcast(Write{Value: Written})
	ctx.Broadcast(Read{})
}

// Handle records a replica's first reply, and returns a value once enough replies agree on it.
func (c *Reader) Handle(_ actor.Context, from model.NodeID, msg actor.Message) {
	r, ok := msg.(Reply)
	if !ok || c.Result != 0 || from < 1 || int(from) > len(c.Replies) || c.Replies[from-1] != 0 {
		return
	}
	c.Replies[from-1] = r.Value
	if c.Bug == BugTrustFirstReply || c.count(r.Value) >= c.Matching {
		c.Result = r.Value
	}
}

func (c *Reader) count(v int) int {
	n := 0
	for _, r := range c.Replies {
		if r == v {
			n++
		}
	}
	return n
}

// Timeout is unused: the client sets no timers.
func (c *Reader) Timeout(actor.Context, actor.Timer) {}

// String shows the replies and the result, for diagrams.
func (c *Reader) String() string {
	return fmt.Sprintf("replies=%v result=%d", c.Replies, c.Result)
}

// Replica is nodes 1 to r.
type Replica struct {
	// Value is the replica's copy of the register.
	Value int
}

// Init does nothing: the replica holds Initial from the start.
func (r *Replica) Init(actor.Context) {}

// Handle stores a written value and answers a read.
func (r *Replica) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Write:
		r.Value = m.Value
	case Read:
		ctx.Send(from, Reply{Value: r.Value})
	}
}

// Timeout is unused: replicas set no timers.
func (r *Replica) Timeout(actor.Context, actor.Timer) {}

// String shows the value, for diagrams.
func (r *Replica) String() string { return "value=" + strconv.Itoa(r.Value) }

// Config configures a system.
type Config struct {
	// Replicas is the number of replicas (at least 1).
	Replicas int
	// F is the number of replicas that may lie: a read waits for F+1 equal replies.
	F int
	// Faults are the benign fault budgets.
	Faults actor.Faults
	// Adversary sizes the adversary. It takes the last replicas first and the client last. A
	// Byzantine replica that corrupts or equivocates may answer Garbage; of its own accord the
	// adversary may send a Garbage reply from any of its identities.
	Adversary adversary.Config
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the replicated register system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("replicas", cfg.Replicas, 1),
		setup.Between("f", cfg.F, 0, cfg.Replicas-1, "f+1 replicas must be able to agree")); err != nil {
		return nil, err
	}
	var order []model.NodeID
	for i := cfg.Replicas; i >= 0; i-- {
		order = append(order, model.NodeID(i))
	}
	byz, err := cfg.Adversary.Place(order, adversary.Powers{Mutate: mutate, Forge: forge})
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	nodes := []actor.Node{&Reader{Replies: make([]int, cfg.Replicas), Matching: cfg.F + 1, Bug: cfg.Bug}}
	names := []string{"client"}
	for i := 1; i <= cfg.Replicas; i++ {
		nodes = append(nodes, &Replica{Value: Initial})
		names = append(names, "r"+strconv.Itoa(i))
	}
	clientHonest := !adversary.IsByzantine(byz, Client)
	sys := &actor.System{
		Protocol:  "register",
		Params:    actor.TraceParams(map[string]int{"replicas": cfg.Replicas, "f": cfg.F}, string(cfg.Bug), cfg.Faults, byz),
		Nodes:     nodes,
		Names:     names,
		Faults:    cfg.Faults,
		Byzantine: byz,
		Props: []model.Property[*actor.State]{
			properties.Always("ReadsReturnWrittenValues", func(s *actor.State) bool {
				c := actor.NodeAs[*Reader](s, Client)
				return !clientHonest || c.Result == 0 || c.Result == Initial || c.Result == c.Wrote
			}),
			properties.Sometimes("ReadReturns", func(s *actor.State) bool {
				return actor.NodeAs[*Reader](s, Client).Result != 0
			}),
		},
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// mutate replaces a Byzantine replica's reply by Garbage.
func mutate(_ actor.Adversary, _ model.NodeID, msg actor.Message) []actor.Message {
	if r, ok := msg.(Reply); ok && r.Value != Garbage {
		return []actor.Message{Reply{Value: Garbage}}
	}
	return nil
}

// forge returns a Garbage reply, for the adversary to send from any of its identities.
func forge(actor.Adversary) []actor.Message { return []actor.Message{Reply{Value: Garbage}} }

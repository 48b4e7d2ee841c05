package snapshottest

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
	"github.com/distcheck/distcheck/properties"
)

// branch is a node as the suite runs it: the implementation's node, and the transfers and
// markers it really sent and received, counted as they pass — so that the properties judge
// what the node recorded against what happened.
type branch struct {
	Impl Node
	// Sent[j] and Recv[j] count the transfers sent to and received from node j; Markers[j],
	// the markers sent to node j (up to 2).
	Sent, Recv, Markers []int
	// Cut says the node has recorded its state; CutSent and CutRecv are Sent and Recv at the
	// end of the step in which it did.
	Cut              bool
	CutSent, CutRecv []int
}

func newBranch(nd Node, n int) *branch {
	ints := func() []int { return make([]int, n) }
	return &branch{Impl: nd, Sent: ints(), Recv: ints(), Markers: ints(), CutSent: ints(), CutRecv: ints()}
}

// Init starts the node.
func (b *branch) Init(ctx actor.Context) {
	b.Impl.Init(b.ctx(ctx))
	b.afterStep()
}

// Handle counts a transfer received and delivers the message to the node.
func (b *branch) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if _, ok := msg.(Transfer); ok {
		b.Recv[from]++
	}
	b.Impl.Handle(b.ctx(ctx), from, msg)
	b.afterStep()
}

// Timeout fires the node's timer.
func (b *branch) Timeout(ctx actor.Context, t actor.Timer) {
	b.Impl.Timeout(b.ctx(ctx), t)
	b.afterStep()
}

func (b *branch) ctx(ctx actor.Context) actor.Context { return &branchCtx{Context: ctx, b: b} }

// afterStep takes the cut's counts in the step in which the node records its state.
func (b *branch) afterStep() {
	if !b.Cut && b.Impl.Recording().Recorded {
		b.Cut = true
		copy(b.CutSent, b.Sent)
		copy(b.CutRecv, b.Recv)
	}
}

// String shows the node's state and, once it has recorded, its balance and what it had sent
// and received then.
func (b *branch) String() string {
	var s string
	if st, ok := b.Impl.(fmt.Stringer); ok {
		s = st.String()
	} else {
		s = value.DescribeFields(b.Impl)
	}
	if b.Cut {
		s += fmt.Sprintf(" | at its cut: balance %d, sent %v, received %v", b.cutBalance(), b.CutSent, b.CutRecv)
	}
	return s
}

// cutBalance returns the node's balance at its cut: what it was to record.
func (b *branch) cutBalance() int {
	bal := Balance
	for j := range b.CutSent {
		bal += b.CutRecv[j] - b.CutSent[j]
	}
	return bal
}

// branchCtx is the node's context: the step's, counting the transfers and markers sent.
type branchCtx struct {
	actor.Context
	b *branch
}

func (c *branchCtx) Send(to model.NodeID, msg actor.Message) {
	if int(to) < len(c.b.Sent) {
		switch msg.(type) {
		case Transfer:
			c.b.Sent[to]++
		case Marker:
			c.b.Markers[to] = min(c.b.Markers[to]+1, 2)
		}
	}
	c.Context.Send(to, msg)
}

func (c *branchCtx) Broadcast(msg actor.Message) {
	for _, p := range c.Peers() {
		c.Send(p, msg)
	}
}

// The properties' names.
const (
	ConsistentCut         = "ConsistentCut"
	Conserves             = "Conserves"
	OneMarkerPerChannel   = "OneMarkerPerChannel"
	SnapshotCompletes     = "SnapshotCompletes"
	MoneyInFlightRecorded = "MoneyInFlightRecorded"
)

// bankProperties returns the suite's properties for a bank whose total is total.
func bankProperties(total int) []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always(ConsistentCut, consistentCut),
		properties.Always(Conserves, func(s *actor.State) bool { return !complete(s) || recorded(s) == total }),
		properties.Always(OneMarkerPerChannel, func(s *actor.State) bool {
			for i := range s.NumNodes() {
				for _, m := range branchOf(s, i).Markers {
					if m > 1 {
						return false
					}
				}
			}
			return true
		}),
		properties.Eventually(SnapshotCompletes, complete),
		properties.Sometimes(MoneyInFlightRecorded, func(s *actor.State) bool { return complete(s) && inChannels(s) > 0 }),
	}
}

func branchOf(s *actor.State, i int) *branch { return actor.NodeAs[*branch](s, model.NodeID(i)) }

// consistentCut reports whether, on every channel from i to j whose ends have both recorded,
// j had received no more transfers from i when it recorded than i had sent to j when it did.
func consistentCut(s *actor.State) bool {
	for i := range s.NumNodes() {
		a := branchOf(s, i)
		for j := range s.NumNodes() {
			b := branchOf(s, j)
			if i != j && a.Cut && b.Cut && b.CutRecv[i] > a.CutSent[j] {
				return false
			}
		}
	}
	return true
}

// complete reports whether every node is done.
func complete(s *actor.State) bool {
	for i := range s.NumNodes() {
		if !branchOf(s, i).Impl.Recording().Done {
			return false
		}
	}
	return true
}

// recorded returns the money the snapshot records: balances and channels.
func recorded(s *actor.State) int {
	total := inChannels(s)
	for i := range s.NumNodes() {
		total += branchOf(s, i).Impl.Recording().Balance
	}
	return total
}

// inChannels returns the money recorded in the channels.
func inChannels(s *actor.State) int {
	total := 0
	for i := range s.NumNodes() {
		for _, c := range branchOf(s, i).Impl.Recording().Channels {
			total += c
		}
	}
	return total
}

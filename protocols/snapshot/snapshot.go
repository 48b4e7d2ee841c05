package snapshot

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Messages between branches.
type (
	// Transfer moves one unit of money to the receiver.
	Transfer struct{}
	// Marker separates, on a channel, what was sent before the sender recorded its state from
	// what was sent after.
	Marker struct{}
)

// The timers of a node.
const (
	// TransferTimer: the node sends a transfer.
	TransferTimer = "transfer"
	// SnapshotTimer: node 0 starts the snapshot.
	SnapshotTimer = "snapshot"
	// MarkersTimer: the node sends its markers (BugLateMarkers only).
	MarkersTimer = "markers"
)

// Balance is the money each branch starts with.
const Balance = 2

// The named buggy variants.
const (
	// BugNoChannelState records no channel state.
	BugNoChannelState bugs.Bug = "no-channel-state"
	// BugLateMarkers forwards markers in a step after recording.
	BugLateMarkers bugs.Bug = "late-markers"
	// BugUnorderedChannels runs on channels that reorder messages.
	BugUnorderedChannels bugs.Bug = "unordered-channels"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "snapshot", Variants: []bugs.Variant{
	{Bug: BugNoChannelState, Summary: "balances recorded, channels not: money in flight is lost (default flags: Conserves)"},
	{Bug: BugLateMarkers, Summary: "markers forwarded a step after recording, a transfer overtakes them (default flags: ConsistentCut)"},
	{Bug: BugUnorderedChannels, Summary: "run on channels that reorder: a transfer overtakes the marker sent before it (default flags: ConsistentCut)"},
}}

// Node is a branch of the bank, and a participant in the snapshot.
type Node struct {
	// Balance is the money the branch holds; Left, the transfers it has still to send.
	Balance, Left int
	// Sent[j] and Recv[j] count the transfers sent to and received from node j.
	Sent, Recv []int

	// Recorded says the node recorded its state: RecBalance, RecSent and RecRecv.
	Recorded   bool
	RecBalance int
	RecSent    []int
	RecRecv    []int
	// Recording[j] says the channel from j is being recorded, Channel[j] is the money recorded
	// on it, and Closed[j] says its marker arrived.
	Recording, Closed []bool
	Channel           []int
	// Initiator says the node may start the snapshot on its own (node 0 does).
	Initiator bool `distcheck:"-"`
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init starts the node's transfers and, on an initiator, the snapshot.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(TransferTimer, 0)
	}
	if n.Initiator {
		ctx.SetTimer(SnapshotTimer, 0)
	}
}

// Timeout sends a transfer to a branch of its choice, starts the snapshot, or sends the
// markers late (BugLateMarkers).
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch t {
	case TransferTimer:
		peers := ctx.Peers()
		to := peers[ctx.Choose(len(peers))]
		if n.Balance > 0 {
			n.Balance--
			n.Sent[to]++
			ctx.Send(to, Transfer{})
		}
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(TransferTimer, 0)
		}
	case SnapshotTimer:
		if !n.Recorded { // an initiator that a marker reached first has recorded already
			n.record(ctx, model.NoNode)
		}
	case MarkersTimer:
		ctx.Broadcast(Marker{})
	}
}

// Handle takes a transfer in, recording it if its channel is being recorded, and applies the
// marker receiving rule.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch msg.(type) {
	case Transfer:
		n.Balance++
		n.Recv[from]++
		if n.Recording[from] && n.Bug != BugNoChannelState {
			n.Channel[from]++
		}
	case Marker:
		if !n.Recorded {
			n.record(ctx, from)
		}
		n.Recording[from], n.Closed[from] = false, true
	}
}

// record records the node's state, starts recording every incoming channel but the one the
// first marker came on (from, or model.NoNode for the initiator), and sends the markers.
func (n *Node) record(ctx actor.Context, from model.NodeID) {
	n.Recorded = true
	n.RecBalance = n.Balance
	copy(n.RecSent, n.Sent)
	copy(n.RecRecv, n.Recv)
	for _, p := range ctx.Peers() {
		n.Recording[p] = p != from
	}
	if n.Bug == BugLateMarkers {
		ctx.SetTimer(MarkersTimer, 0)
		return
	}
	ctx.Broadcast(Marker{})
}

// Done reports whether the node has recorded its state and every incoming channel's.
func (n *Node) Done(self model.NodeID) bool {
	if !n.Recorded {
		return false
	}
	for j, c := range n.Closed {
		if !c && model.NodeID(j) != self {
			return false
		}
	}
	return true
}

// String shows the node's balance and snapshot, for diagrams.
func (n *Node) String() string {
	s := fmt.Sprintf("balance %d", n.Balance)
	if n.Recorded {
		s += fmt.Sprintf(", recorded %d, channels %v", n.RecBalance, n.Channel)
	}
	return s
}

// Config configures a system.
type Config struct {
	// Nodes is the number of branches (at least 2).
	Nodes int
	// Transfers is how many transfers each branch sends (at least 1).
	Transfers int
	// Faults are the fault budgets. The algorithm tolerates none; they are there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the bank and its snapshot for cfg, on FIFO channels.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2), setup.AtLeast("transfers", cfg.Transfers, 1)); err != nil {
		return nil, err
	}
	nodes := make([]actor.Node, cfg.Nodes)
	ints := func() []int { return make([]int, cfg.Nodes) }
	bools := func() []bool { return make([]bool, cfg.Nodes) }
	for i := range nodes {
		nodes[i] = &Node{Balance: Balance, Left: cfg.Transfers, Sent: ints(), Recv: ints(),
			RecSent: ints(), RecRecv: ints(), Recording: bools(), Closed: bools(), Channel: ints(), Initiator: i == 0, Bug: cfg.Bug}
	}
	network := actor.Ordered
	if cfg.Bug == BugUnorderedChannels {
		network = actor.Unordered
	}
	return &actor.System{
		Protocol: "snapshot",
		Params:   actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "transfers": cfg.Transfers}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Network:  network,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props:    Properties(cfg.Nodes * Balance),
	}, nil
}

// Properties returns ConsistentCut and Conserves (always), SnapshotCompletes (eventually) and
// MoneyInFlightRecorded (sometimes), for a bank whose total is total.
func Properties(total int) []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always("ConsistentCut", ConsistentCut),
		properties.Always("Conserves", func(s *actor.State) bool {
			return !Complete(s) || Recorded(s) == total
		}),
		properties.Eventually("SnapshotCompletes", Complete),
		properties.Sometimes("MoneyInFlightRecorded", func(s *actor.State) bool {
			return Complete(s) && inChannels(s) > 0
		}),
	}
}

// ConsistentCut reports whether, on every channel from i to j whose ends have both recorded,
// j recorded no more receipts than i recorded sends.
func ConsistentCut(s *actor.State) bool {
	for i := range s.NumNodes() {
		a := actor.NodeAs[*Node](s, model.NodeID(i))
		for j := range s.NumNodes() {
			b := actor.NodeAs[*Node](s, model.NodeID(j))
			if i != j && a.Recorded && b.Recorded && b.RecRecv[i] > a.RecSent[j] {
				return false
			}
		}
	}
	return true
}

// Complete reports whether every node has finished its part of the snapshot.
func Complete(s *actor.State) bool {
	for i := range s.NumNodes() {
		if !actor.NodeAs[*Node](s, model.NodeID(i)).Done(model.NodeID(i)) {
			return false
		}
	}
	return true
}

// Recorded returns the money a snapshot records: the nodes' recorded balances and the money
// recorded in the channels.
func Recorded(s *actor.State) int {
	total := inChannels(s)
	for i := range s.NumNodes() {
		total += actor.NodeAs[*Node](s, model.NodeID(i)).RecBalance
	}
	return total
}

// inChannels returns the money recorded in the channels.
func inChannels(s *actor.State) int {
	total := 0
	for i := range s.NumNodes() {
		for _, c := range actor.NodeAs[*Node](s, model.NodeID(i)).Channel {
			total += c
		}
	}
	return total
}

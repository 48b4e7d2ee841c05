package actor

import (
	"fmt"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Faults are fault budgets — how many faults of each kind the explorer may inject on one path,
// zero meaning never — and the options that say how those faults behave. States count the faults
// used so far (FaultCounts), so the explorer branches on injecting a fault or not while any
// budget is left.
//
// The budgets are Drops, Duplicates, Crashes, Recoveries (with MaxDown and LoseWhileDown), and
// Partitions (symmetric or OneWay, every split or the listed Splits); retransmit.Retransmitter
// makes fair-loss links reliable on top of Drops. A Byzantine adversary is configured apart, in
// Byzantine.
//
// For liveness, faults are optional — a behaviour may stop having them at any point — while
// recoveries and heals are not: a node allowed to recover eventually does, and a split network
// eventually heals.
type Faults struct {
	// Drops is how many messages in flight may be lost.
	Drops int
	// Duplicates is how many times a message in flight may be copied.
	Duplicates int
	// Crashes is how many times a node may crash. Without Recoveries, a crash is for good
	// (crash-stop).
	Crashes int
	// Recoveries is how many times a crashed node may restart (crash-recovery): a new node is
	// made from the system's original, the fields of the crashed one tagged
	// `distcheck:"durable"` are copied into it, its timers are cleared, and Init runs.
	Recoveries int
	// MaxDown is the most nodes that may be down at once; zero means no limit but Crashes.
	MaxDown int
	// LoseWhileDown makes messages to a node that is down lost: those in flight when it
	// crashes, and those sent to it while it is down. By default they wait in the network and
	// can be delivered once it recovers.
	LoseWhileDown bool
	// Partitions is how many times the network may be split. While it is split, a message on a
	// link that the split cuts stays in flight but cannot be delivered; a Heal step (always
	// allowed while split, and free) joins the network again.
	Partitions int
	// OneWay makes a split cut links in one direction only: the group cannot send to the other
	// nodes, but they can still send to it.
	OneWay bool
	// Splits lists the groups a split may cut off from the other nodes. By default every group
	// may: every subset of the nodes (2^(n-1)-1 symmetric splits, 2^n-2 one-way ones).
	Splits [][]model.NodeID
}

// PerfectLinks returns the fault budgets of a perfect network: none.
func PerfectLinks() Faults { return Faults{} }

// FairLoss returns the budgets of fair-loss links, which may lose and duplicate messages: up to
// drops losses and dups duplications on a path. Protocols make them reliable by retransmitting
// (see Retransmitter).
func FairLoss(drops, dups int) Faults { return Faults{Drops: drops, Duplicates: dups} }

// None reports whether f allows no fault at all.
func (f Faults) None() bool {
	return f.Drops == 0 && f.Duplicates == 0 && f.Crashes == 0 && f.Recoveries == 0 && f.Partitions == 0
}

// Validate reports a negative budget, naming it, and a split that names a node outside
// [0, nodes) or that is empty or holds every node.
func (f Faults) Validate(nodes int) error {
	if err := f.ValidateBudgets(); err != nil {
		return err
	}
	return f.validateSplits(nodes)
}

// ValidateBudgets reports a negative budget, naming it.
func (f Faults) ValidateBudgets() error {
	for _, b := range []struct {
		name string
		v    int
	}{
		{"Drops", f.Drops}, {"Duplicates", f.Duplicates}, {"Crashes", f.Crashes},
		{"Recoveries", f.Recoveries}, {"MaxDown", f.MaxDown}, {"Partitions", f.Partitions},
	} {
		if b.v < 0 {
			return fmt.Errorf("faults: %s is %d, want ≥ 0", b.name, b.v)
		}
	}
	return nil
}

func (f Faults) validateSplits(nodes int) error {
	if f.Partitions > 0 && nodes > maxPartitionNodes {
		return fmt.Errorf("faults: partitions need at most %d nodes, the system has %d", maxPartitionNodes, nodes)
	}
	if f.Partitions > 0 && f.Splits == nil && nodes > maxDefaultSplitNodes {
		return fmt.Errorf("faults: with %d nodes there are too many ways to split the network; list the ones to try in Splits", nodes)
	}
	for i, g := range f.Splits {
		if len(g) == 0 || len(g) >= nodes {
			return fmt.Errorf("faults: split %d has %d nodes, want 1 to %d (a proper part of the %d nodes)", i, len(g), nodes-1, nodes)
		}
		seen := map[model.NodeID]bool{}
		for _, n := range g {
			if n < 0 || int(n) >= nodes {
				return fmt.Errorf("faults: split %d names unknown node %d (nodes are 0 to %d)", i, n, nodes-1)
			}
			if seen[n] {
				return fmt.Errorf("faults: split %d names node %d twice", i, n)
			}
			seen[n] = true
		}
	}
	return nil
}

// FaultCounts are the faults used on the way to a state.
type FaultCounts struct {
	Drops, Duplicates, Crashes, Recoveries, Partitions int
	// ByzantineSends counts the messages the adversary sent of its own accord.
	ByzantineSends int
}

// contrib is the share of a state's hash of the faults used to reach it.
func (c FaultCounts) contrib() uint64 {
	if c == (FaultCounts{}) {
		return 0
	}
	h := value.Mix(0xfa17, uint64(c.Drops))
	h = value.Mix(h, uint64(c.Duplicates))
	h = value.Mix(h, uint64(c.Crashes))
	h = value.Mix(h, uint64(c.Recoveries))
	h = value.Mix(h, uint64(c.Partitions))
	return value.Finalize(value.Mix(h, uint64(c.ByzantineSends)))
}

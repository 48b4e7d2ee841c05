package actor

import (
	"math/bits"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// maxPartitionNodes is the most nodes a partitioned system may have: a split is a bitmask.
const maxPartitionNodes = 64

// maxDefaultSplitNodes is the most nodes for which every split is tried by default.
const maxDefaultSplitNodes = 16

// Partition is the payload of an ActionPartition: the group of nodes cut off from the others,
// and whether only the group's outgoing links are cut.
type Partition struct {
	Group  []model.NodeID
	OneWay bool
}

// split is the network's partition in a State: a bitmask of the cut-off group.
type split struct {
	group  uint64
	active bool
	oneWay bool
}

// in reports whether node n is in the cut-off group. Identities beyond the nodes (Sybils) are
// never cut off.
func (p split) in(n model.NodeID) bool { return n >= 0 && n < 64 && p.group>>uint(n)&1 == 1 }

// cuts reports whether the split stops messages from from to to.
func (p split) cuts(from, to model.NodeID) bool {
	if !p.active {
		return false
	}
	if p.oneWay {
		return p.in(from) && !p.in(to)
	}
	return p.in(from) != p.in(to)
}

func (p split) contrib() uint64 {
	if !p.active {
		return 0
	}
	x := uint64(1)
	if p.oneWay {
		x = 2
	}
	return value.Finalize(value.Mix(value.Mix(0x5b17, x), p.group))
}

// payload describes the split for an action.
func (p split) payload() Partition {
	out := Partition{OneWay: p.oneWay}
	for g := p.group; g != 0; g &= g - 1 {
		out.Group = append(out.Group, model.NodeID(bits.TrailingZeros64(g)))
	}
	return out
}

// splits returns the splits a Partition step may choose, in a fixed order: Faults.Splits if
// given, else every group — for symmetric splits only the groups without node 0, since a group
// and its complement cut the same links.
func (f Faults) splits(nodes int) []split {
	var out []split
	if f.Splits != nil {
		for _, g := range f.Splits {
			var mask uint64
			for _, n := range g {
				mask |= 1 << uint(n)
			}
			out = append(out, split{active: true, group: mask, oneWay: f.OneWay})
		}
		return out
	}
	all := uint64(1)<<uint(nodes) - 1 // nodes ≤ maxDefaultSplitNodes (Validate)
	for g := uint64(1); g < all; g++ {
		if !f.OneWay && g&1 == 1 {
			continue
		}
		out = append(out, split{active: true, group: g, oneWay: f.OneWay})
	}
	return out
}

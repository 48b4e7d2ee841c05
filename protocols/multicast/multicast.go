package multicast

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// ID identifies a broadcast message: its sender and how many messages the sender had
// broadcast before it.
type ID struct {
	Sender model.NodeID
	Seq    int
}

// Record is what a process broadcast and delivered: the ground truth the properties judge.
// A node embeds one and calls Broadcast and Deliver where the algorithm broadcasts and
// delivers.
type Record struct {
	// Log is every message the process delivered, in order.
	Log []ID
	// Past[k] is how many messages the process had delivered when it broadcast its kth
	// message: the prefix of Log that happened before it.
	Past []int
}

// Broadcast records that the process self broadcasts a message and returns its ID.
func (r *Record) Broadcast(self model.NodeID) ID {
	r.Past = append(r.Past, len(r.Log))
	return ID{Sender: self, Seq: len(r.Past) - 1}
}

// Deliver records that the process delivers id.
func (r *Record) Deliver(id ID) { r.Log = append(r.Log, id) }

// MulticastRecord returns the record, for the properties.
func (r *Record) MulticastRecord() *Record { return r }

// Member is a node that embeds a Record.
type Member interface {
	actor.Node
	MulticastRecord() *Record
}

// Order is an ordering property a protocol promises beyond reliable delivery.
type Order uint8

// The orders.
const (
	FIFO Order = 1 << iota
	Causal
	Total
)

// Properties returns the properties of a broadcast in which each of n processes broadcasts
// messages messages and none crashes: NoDuplication, NoCreation, AllDelivered and
// SomeoneElsesDelivered, and FIFOOrder, CausalOrder and TotalOrder as orders asks.
func Properties(n, messages int, orders Order) []model.Property[*actor.State] {
	props := append(safety(n), properties.Eventually("AllDelivered", func(s *actor.State) bool {
		return everyLog(s, func(_ int, log []ID) bool { return len(log) == n*messages })
	}))
	return append(props, Orders(n, orders)...)
}

// Reliable returns the properties of a reliable broadcast among n processes that may crash:
// NoDuplication, NoCreation and SomeoneElsesDelivered, and, each as a leads-to property (once
// it fails, it holds again later), Validity (every running process has delivered what it
// broadcast), Agreement (every running process has delivered what any running process has)
// and, if uniform, UniformAgreement (every running process has delivered what any process,
// crashed or not, has).
func Reliable(n int, uniform bool) []model.Property[*actor.State] {
	validity := func(s *actor.State) bool {
		return everyRunningLog(s, func(i int, log []ID) bool {
			return len(common(log, owned(i, len(record(s, model.NodeID(i)).Past)))) == len(record(s, model.NodeID(i)).Past)
		})
	}
	agreement := func(all bool) func(s *actor.State) bool {
		return func(s *actor.State) bool {
			var delivered []ID
			for i := range s.NumNodes() {
				if all || s.Up(model.NodeID(i)) {
					delivered = append(delivered, record(s, model.NodeID(i)).Log...)
				}
			}
			return everyRunningLog(s, func(_ int, log []ID) bool {
				for _, id := range delivered {
					if !slices.Contains(log, id) {
						return false
					}
				}
				return true
			})
		}
	}
	props := append(safety(n),
		properties.LeadsTo("Validity", properties.Not(validity), validity),
		properties.LeadsTo("Agreement", properties.Not(agreement(false)), agreement(false)))
	if uniform {
		props = append(props, properties.LeadsTo("UniformAgreement", properties.Not(agreement(true)), agreement(true)))
	}
	return props
}

// owned returns the IDs of process i's first k messages.
func owned(i, k int) []ID {
	out := make([]ID, k)
	for j := range out {
		out[j] = ID{Sender: model.NodeID(i), Seq: j}
	}
	return out
}

// everyRunningLog reports whether pred holds of every running process's log.
func everyRunningLog(s *actor.State, pred func(i int, log []ID) bool) bool {
	return everyLog(s, func(i int, log []ID) bool { return !s.Up(model.NodeID(i)) || pred(i, log) })
}

// safety returns NoDuplication, NoCreation and SomeoneElsesDelivered.
func safety(n int) []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always("NoDuplication", func(s *actor.State) bool {
			return everyLog(s, func(_ int, log []ID) bool {
				seen := map[ID]bool{}
				for _, id := range log {
					if seen[id] {
						return false
					}
					seen[id] = true
				}
				return true
			})
		}),
		properties.Always("NoCreation", func(s *actor.State) bool {
			return everyLog(s, func(_ int, log []ID) bool {
				for _, id := range log {
					if int(id.Sender) >= n || id.Seq < 0 || id.Seq >= len(record(s, id.Sender).Past) {
						return false
					}
				}
				return true
			})
		}),
		properties.Sometimes("SomeoneElsesDelivered", func(s *actor.State) bool {
			return !everyLog(s, func(i int, log []ID) bool {
				return !slices.ContainsFunc(log, func(id ID) bool { return int(id.Sender) != i })
			})
		}),
	}
}

// Orders returns the ordering properties that orders asks for, among n processes:
// FIFOOrder, CausalOrder and TotalOrder.
func Orders(n int, orders Order) []model.Property[*actor.State] {
	var props []model.Property[*actor.State]
	if orders&FIFO != 0 {
		props = append(props, properties.Always("FIFOOrder", func(s *actor.State) bool {
			return everyLog(s, func(_ int, log []ID) bool {
				next := make([]int, n)
				for _, id := range log {
					if int(id.Sender) >= n {
						continue // NoCreation's business
					}
					if id.Seq > next[id.Sender] {
						return false
					}
					next[id.Sender] = max(next[id.Sender], id.Seq+1)
				}
				return true
			})
		}))
	}
	if orders&Causal != 0 {
		props = append(props, properties.Always("CausalOrder", func(s *actor.State) bool { return causal(s, n) }))
	}
	if orders&Total != 0 {
		props = append(props, properties.Always("TotalOrder", func(s *actor.State) bool { return total(s) }))
	}
	return props
}

// record returns node i's record.
func record(s *actor.State, i model.NodeID) *Record {
	return s.Node(i).(Member).MulticastRecord()
}

// everyLog reports whether pred holds of every process's log.
func everyLog(s *actor.State, pred func(i int, log []ID) bool) bool {
	for i := range s.NumNodes() {
		if !pred(i, record(s, model.NodeID(i)).Log) {
			return false
		}
	}
	return true
}

// causal reports whether, in every log, each message comes after the messages of its direct
// causal past: those in its sender's log when it was broadcast.
func causal(s *actor.State, n int) bool {
	return everyLog(s, func(_ int, log []ID) bool {
		at := make(map[ID]int, len(log))
		for j, id := range log {
			at[id] = j
		}
		for j, id := range log {
			if int(id.Sender) >= n {
				continue // NoCreation's business
			}
			sender := record(s, id.Sender)
			if id.Seq >= len(sender.Past) {
				continue
			}
			for _, before := range sender.Log[:sender.Past[id.Seq]] {
				if k, ok := at[before]; !ok || k > j {
					return false
				}
			}
		}
		return true
	})
}

// total reports whether every two processes deliver the messages they both deliver in the
// same order.
func total(s *actor.State) bool {
	for i := range s.NumNodes() {
		a := record(s, model.NodeID(i)).Log
		for k := i + 1; k < s.NumNodes(); k++ {
			b := record(s, model.NodeID(k)).Log
			if !slices.Equal(common(a, b), common(b, a)) {
				return false
			}
		}
	}
	return true
}

// common returns the messages of a that b also has, in a's order.
func common(a, b []ID) []ID {
	var out []ID
	for _, id := range a {
		if slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	return out
}

// String names the message by its sender and number: "n1:0" is node 1's first.
func (id ID) String() string { return fmt.Sprintf("n%d:%d", id.Sender, id.Seq) }

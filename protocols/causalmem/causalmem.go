// Package causalmem is a causal memory: a key-value store replicated on every node, where
// each node reads its own replica and a write is applied at once locally and sent to every
// other replica, which applies it only in causal order — the implementation of Ahamad, Neiger,
// Burns, Kohli and Hutto, "Causal memory: definitions, implementation, and programming"
// (Distributed Computing 9(1), 1995), with the vector clocks and causal delivery of Coulouris,
// Dollimore, Kindberg and Blair ("Distributed Systems: Concepts and Design", 5th ed., §15.4.3
// and §18.4.3, the gossip architecture's causal updates).
//
// A write at node i ticks entry i of its vector clock (clocks.Vector) and sends an Update
// carrying the clock. Node j applies an update from i when it is the next from i and j has
// applied everything the writer had seen: u[i] = V[i]+1 and u[k] ≤ V[k] for every other k;
// it keeps the others back until then.
//
// The workload is a litmus test. With one writer (Config.Writers), "message passing": node 0
// puts x, then y; every other node (Config.Readers of them) gets y, then x. A reader that reads
// node 0's y and then the initial x has seen an effect before its cause. With two, "store
// buffering": node 0 puts x and gets y while node 1 puts y and gets x — both may read the
// initial value, which is causally consistent and not sequentially consistent — and the readers
// get y, then x.
//
// Properties: CausallyConsistent (always: the history is causally consistent, the CC check of
// checks.CausallyConsistent), Converges (always: once quiet, the replicas agree; and sometimes
// quiet — checks.Converges), AllApplied (eventually, under weak fairness: every replica has
// applied every write) and ReadTheCause (sometimes: a reader read y and then x as written).
// The protocol is not linearizable — a reader may read the initial x after the put returned —
// as the README's table of consistency models shows.
//
// The named buggy variant:
//
//   - BugNoCausalDelivery applies an update as soon as it arrives. The replicas still converge
//     once every update has arrived — the store is eventually consistent — but a reader can
//     get y's update before x's and read y new, x old. CausallyConsistent fails.
package causalmem

import (
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocks"
	"github.com/distcheck/distcheck/protocols/setup"
)

// Update carries a write to the other replicas, stamped with the writer's vector clock.
type Update struct {
	// From is the writer.
	From       model.NodeID
	Key, Value string
	VC         clocks.Vector
}

// OpTimer: the node runs its next operation.
const OpTimer = "op"

// BugNoCausalDelivery applies updates as they arrive.
const BugNoCausalDelivery bugs.Bug = "no-causal-delivery"

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "causal-memory", Variants: []bugs.Variant{
	{Bug: BugNoCausalDelivery, Summary: "updates applied as they arrive: eventually consistent, not causal (default flags: y new, x old, CausallyConsistent)"},
}}

// Node is a replica and a client of it.
type Node struct {
	// Store is the replica; VC counts the writes of each node it has applied.
	Store map[string]string
	VC    clocks.Vector
	// Held are updates received and not yet applied.
	Held []Update
	// Next is the next operation of the node's workload; Writers, how many nodes write.
	Next, Writers int
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// workload returns node id's operations when writers nodes write (1 or 2).
func workload(id model.NodeID, writers int) []checks.Input {
	switch {
	case writers == 1 && id == 0:
		return []checks.Input{checks.Put("x", "1"), checks.Put("y", "1")}
	case writers == 2 && id == 0:
		return []checks.Input{checks.Put("x", "1"), checks.Get("y")}
	case writers == 2 && id == 1:
		return []checks.Input{checks.Put("y", "1"), checks.Get("x")}
	}
	return []checks.Input{checks.Get("y"), checks.Get("x")}
}

// Init starts the workload.
func (n *Node) Init(ctx actor.Context) { ctx.SetTimer(OpTimer, 0) }

// Timeout runs the node's next operation on its own replica.
func (n *Node) Timeout(ctx actor.Context, _ actor.Timer) {
	ops := workload(ctx.ID(), n.Writers)
	in := ops[n.Next]
	id := ctx.Invoke(in)
	switch in.Kind {
	case checks.KindPut:
		n.Store[in.Key] = in.Value
		ctx.Broadcast(Update{From: ctx.ID(), Key: in.Key, Value: in.Value, VC: n.VC.Send(ctx.ID())})
		ctx.Return(id, checks.Result{})
	case checks.KindGet:
		ctx.Return(id, checks.Result{Value: n.Store[in.Key]})
	}
	if n.Next++; n.Next < len(ops) {
		ctx.SetTimer(OpTimer, 0)
	}
}

// Handle applies an update, and any held ones it makes ready, in causal order.
func (n *Node) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	u, ok := msg.(Update)
	if !ok {
		return
	}
	if n.Bug == BugNoCausalDelivery {
		n.apply(u)
		return
	}
	n.Held = append(n.Held, u)
	for progress := true; progress; {
		progress = false
		for i, h := range n.Held {
			if n.ready(h) {
				n.apply(h)
				n.Held = append(n.Held[:i:i], n.Held[i+1:]...)
				progress = true
				break
			}
		}
	}
}

// ready reports whether update u can be applied: it is its writer's next, and the writer had
// seen nothing this replica has not.
func (n *Node) ready(u Update) bool {
	for k, x := range u.VC {
		if k == int(u.From) && x != n.VC[k]+1 || k != int(u.From) && x > n.VC[k] {
			return false
		}
	}
	return true
}

// apply writes u into the replica.
func (n *Node) apply(u Update) {
	n.Store[u.Key] = u.Value
	n.VC[u.From] = max(n.VC[u.From], u.VC[u.From])
}

// String shows the replica, for diagrams.
func (n *Node) String() string {
	return fmt.Sprintf("x=%q y=%q vc %v, %d held", n.Store["x"], n.Store["y"], []int(n.VC), len(n.Held))
}

// Config configures a system.
type Config struct {
	// Readers is the number of nodes that only read (at least 1).
	Readers int
	// Writers is the number of nodes that write (1 or 2): with one, node 0 puts x then y (the
	// "message passing" test); with two, node 0 puts x then gets y while node 1 puts y then gets
	// x (the "store buffering" test, where both may read the initial value).
	Writers int
	// Faults are the fault budgets. The protocol tolerates none; they are there to show it.
	Faults actor.Faults
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the causal memory for cfg: the writers are the first nodes.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("readers", cfg.Readers, 1), setup.Between("writers", cfg.Writers, 1, 2)); err != nil {
		return nil, err
	}
	n := cfg.Writers + cfg.Readers
	nodes := make([]actor.Node, n)
	for i := range nodes {
		nodes[i] = &Node{Store: map[string]string{}, VC: clocks.NewVector(n), Writers: cfg.Writers, Bug: cfg.Bug}
	}
	return &actor.System{
		Protocol: "causal-memory",
		Params:   actor.TraceParams(map[string]int{"readers": cfg.Readers, "writers": cfg.Writers}, string(cfg.Bug), cfg.Faults, actor.Byzantine{}),
		Nodes:    nodes,
		Faults:   cfg.Faults,
		Fair:     model.FairActions,
		Props: append(checks.Converges("Converges", stores), []model.Property[*actor.State]{
			checks.CausallyConsistent("CausallyConsistent"),
			properties.Eventually("AllApplied", func(s *actor.State) bool {
				for i := range s.NumNodes() {
					applied := 0
					for _, x := range actor.NodeAs[*Node](s, model.NodeID(i)).VC {
						applied += x
					}
					if applied < 2 {
						return false
					}
				}
				return true
			}),
			properties.Sometimes("ReadTheCause", func(s *actor.State) bool {
				got := map[model.NodeID]int{}
				for _, op := range s.History() {
					if r, ok := op.Output.(checks.Result); ok && r.Value == "1" {
						got[op.ID.Client]++
					}
				}
				for _, c := range got {
					if c == 2 {
						return true
					}
				}
				return false
			}),
		}...),
	}, nil
}

// stores returns every replica's store.
func stores(s *actor.State) []any {
	out := make([]any, s.NumNodes())
	for i := range out {
		out[i] = actor.NodeAs[*Node](s, model.NodeID(i)).Store
	}
	return out
}

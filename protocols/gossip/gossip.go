// Package gossip is signed gossip: data items spread by flooding, each signed by the node it
// originates at, so that a node can tell a genuine item from a bogus one whoever hands it over.
//
// Node 0 produces a data item — a value — signs it, and sends it to every peer. A node that gets
// an item it does not hold yet checks it, keeps it, and passes it on to every peer but the one it
// came from. The check is the whole defence against forgery: the signature must verify, and its
// signer must be the node the item names as its origin. A Byzantine node (or one of its Sybil
// identities) can make up an item in node 0's name, but it can only sign it as itself, or
// relabel its own signature with node 0's name, which does not verify. The buggy variant
// no-validation keeps and forwards whatever it gets; an adversary that sends one bogus item of
// its own accord gets an honest node to hold a value its origin never produced (NoBogusData),
// and the honest nodes spread it for it.
//
// Properties: NoBogusData (no honest node holds an item in an honest node's name that that node
// did not produce) and ItemEverywhere (sometimes every honest node holds the origin's item).
package gossip

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

// Origin is the node that produces the data item.
const Origin model.NodeID = 0

// Produced is the value of the item Origin produces; Bogus is the value the adversary puts in
// Origin's name.
const (
	Produced = 1
	Bogus    = 2
)

// Item is a data item: a value and the node it originates at.
type Item struct {
	Origin model.NodeID
	Value  int
}

// Data carries an item, signed by its origin.
type Data struct {
	Origin model.NodeID
	Value  int
	Sig    actor.Signature
}

// Item returns the item d carries: what its signature signs.
func (d Data) Item() Item { return Item{Origin: d.Origin, Value: d.Value} }

// The named buggy variants.
const (
	// BugNoValidation keeps and forwards every item, without checking its signature.
	BugNoValidation bugs.Bug = "no-validation"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "gossip", Variants: []bugs.Variant{
	{Bug: BugNoValidation, Summary: "nodes keep and forward items without checking the signature (--byzantine 1 --byzantine-sends 1 forges one)"},
}}

// Node is any node; node 0 is the origin.
type Node struct {
	// Produced are the values this node originated.
	Produced []int
	// Holds are the items this node keeps, sorted.
	Holds []Item

	// Produce is the value the node originates at the start, or 0 for none.
	Produce int      `distcheck:"-"`
	Bug     bugs.Bug `distcheck:"-"`
}

// Init makes the origin produce its item, keep it, and send it, signed, to every peer.
func (n *Node) Init(ctx actor.Context) {
	if n.Produce == 0 {
		return
	}
	it := Item{Origin: ctx.ID(), Value: n.Produce}
	n.Produced = append(n.Produced, n.Produce)
	n.keep(it)
	ctx.Broadcast(Data{Origin: it.Origin, Value: it.Value, Sig: ctx.Sign(it)})
}

// Handle keeps a new valid item and forwards it to every peer but the one it came from.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	d, ok := msg.(Data)
	if !ok || !n.valid(d) || !n.keep(d.Item()) {
		return
	}
	for _, p := range ctx.Peers() {
		if p != from {
			ctx.Send(p, d)
		}
	}
}

// Timeout is unused: nodes set no timers.
func (n *Node) Timeout(actor.Context, actor.Timer) {}

// valid reports whether d is signed by its origin (the bug takes every item as valid).
func (n *Node) valid(d Data) bool {
	return n.Bug == BugNoValidation || d.Sig.Signer == d.Origin && actor.Verify(d.Item(), d.Sig)
}

// keep adds it to the items held, and reports whether it is new.
func (n *Node) keep(it Item) bool {
	i, found := slices.BinarySearchFunc(n.Holds, it, compareItems)
	if found {
		return false
	}
	n.Holds = slices.Insert(n.Holds, i, it)
	return true
}

func compareItems(a, b Item) int {
	if a.Origin != b.Origin {
		return int(a.Origin - b.Origin)
	}
	return a.Value - b.Value
}

// String lists the values produced and the items held, for diagrams.
func (n *Node) String() string {
	s := "holds"
	for _, it := range n.Holds {
		s += fmt.Sprintf(" %d@n%d", it.Value, it.Origin)
	}
	if len(n.Produced) > 0 {
		s += fmt.Sprintf(" produced=%v", n.Produced)
	}
	return s
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes, the origin included (at least 2).
	Nodes int
	// Faults are the benign fault budgets.
	Faults actor.Faults
	// Adversary sizes the adversary. It takes the last nodes first and the origin last. It may
	// send, of its own accord, an item of value Bogus in the origin's name, signed as itself or
	// with its signature relabelled as the origin's; Byzantine nodes that equivocate or corrupt
	// change the value of the items they forward.
	Adversary adversary.Config
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// New returns the gossip system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults, setup.AtLeast("nodes", cfg.Nodes, 2)); err != nil {
		return nil, err
	}
	var order []model.NodeID
	for i := cfg.Nodes - 1; i >= 0; i-- {
		order = append(order, model.NodeID(i))
	}
	byz, err := cfg.Adversary.Place(order, adversary.Powers{Mutate: mutate, Forge: forge})
	if err != nil {
		return nil, fmt.Errorf("gossip: %w", err)
	}
	var nodes []actor.Node
	var names []string
	for i := range cfg.Nodes {
		n := &Node{Bug: cfg.Bug}
		if model.NodeID(i) == Origin {
			n.Produce = Produced
			names = append(names, "origin")
		} else {
			names = append(names, "n"+strconv.Itoa(i))
		}
		nodes = append(nodes, n)
	}
	honest := adversary.Honest(cfg.Nodes, byz)
	sys := &actor.System{
		Protocol:  "signed-gossip",
		Params:    actor.TraceParams(map[string]int{"nodes": cfg.Nodes}, string(cfg.Bug), cfg.Faults, byz),
		Nodes:     nodes,
		Names:     names,
		Faults:    cfg.Faults,
		Byzantine: byz,
		Props: []model.Property[*actor.State]{
			properties.Always("NoBogusData", func(s *actor.State) bool { return noBogusData(s, honest) }),
			properties.Sometimes("ItemEverywhere", func(s *actor.State) bool {
				for _, i := range honest {
					if !slices.Contains(actor.NodeAs[*Node](s, i).Holds, Item{Origin: Origin, Value: Produced}) {
						return false
					}
				}
				return true
			}),
		},
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// noBogusData holds when every item an honest node holds from an honest origin is one that its
// origin produced. (What a Byzantine origin produced is anybody's guess.)
func noBogusData(s *actor.State, honest []model.NodeID) bool {
	for _, i := range honest {
		for _, it := range actor.NodeAs[*Node](s, i).Holds {
			if int(it.Origin) >= s.NumNodes() || !slices.Contains(honest, it.Origin) {
				continue
			}
			if !slices.Contains(actor.NodeAs[*Node](s, it.Origin).Produced, it.Value) {
				return false
			}
		}
	}
	return true
}

// mutate replaces the value of an item a Byzantine node forwards by Bogus. It cannot re-sign the
// item in the origin's name, so it signs as itself.
func mutate(adv actor.Adversary, from model.NodeID, msg actor.Message) []actor.Message {
	d, ok := msg.(Data)
	if !ok || d.Value == Bogus {
		return nil
	}
	d.Value = Bogus
	d.Sig = adv.Sign(from, d.Item())
	return []actor.Message{d}
}

// forge returns the bogus item in the origin's name: signed by each of the adversary's
// identities, and with the first identity's signature relabelled as the origin's.
func forge(adv actor.Adversary) []actor.Message {
	ids := adv.Identities()
	if len(ids) == 0 || slices.Contains(ids, Origin) {
		return nil
	}
	it := Item{Origin: Origin, Value: Bogus}
	var out []actor.Message
	for _, as := range ids {
		out = append(out, Data{Origin: it.Origin, Value: it.Value, Sig: adv.Sign(as, it)})
	}
	return append(out, Data{Origin: it.Origin, Value: it.Value, Sig: adversary.Impersonate(adv, ids[0], Origin, it)})
}

// Package echo is signed echo broadcast — Reiter's echo multicast, "consistent broadcast" in
// Cachin, Guerraoui and Rodrigues' textbook — and the two Byzantine faults it is built to
// survive: a sender that equivocates, and nodes that stay silent.
//
// A designated sender (node 0) signs its value and sends it to every node. Each node echoes the
// first value it gets from the sender: it signs the value and sends the echo to every node. A
// node delivers a value once it holds valid signed echoes of it from n−f distinct nodes; the
// sender's signed message counts as its echo. Echoes are counted by their signer, as the
// signatures of a certificate are, whoever passed them on.
//
// A Byzantine sender can equivocate: send one value, properly signed, to some nodes and another
// to the rest. Two quorums of n−f nodes share at least n−2f nodes, more than f when n > 3f, so
// they share an honest node, which echoes only one value: no two honest nodes deliver different
// values (Agreement). With n = 3 and f = 1 the quorums of two can be {sender, n1} and
// {sender, n2}, and the explorer finds the two-step attack. The same holds with n = 4 when the
// quorum is cut to f+1 (the variant small-quorum). The signatures matter too: the variant
// unsigned-echo reads an echo's signer without verifying it, and an adversary allowed to send one
// message of its own accord forges the echo it lacks.
//
// A Byzantine node can also stay silent. A quorum of n−f leaves room for the f nodes that may
// never answer; the variant wait-for-all waits for echoes from all n nodes, and one silent node
// makes every honest node wait forever (AllDeliver, a liveness property, fails).
//
// Properties, over the honest nodes: Agreement (no two deliver different values), Validity (if
// the sender is honest, they deliver only its value), SomeDelivery (sometimes one delivers) and
// AllDeliver (if the sender is honest, eventually all deliver).
package echo

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

// Sender is the node that broadcasts.
const Sender model.NodeID = 0

// Input is the value an honest sender broadcasts; the adversary's other value is Other.
const (
	Input = 1
	Other = 2
)

// Messages.
type (
	// Send carries the sender's value, signed by the sender.
	Send struct {
		Value int
		Sig   actor.Signature
	}
	// Echo carries the value a node got from the sender, signed by that node.
	Echo struct {
		Value int
		Sig   actor.Signature
	}
)

// Statement is what a signature in this protocol signs: that its signer sends (Kind "send") or
// echoes ("echo") a value.
type Statement struct {
	Kind  string
	Value int
}

// The named buggy variants.
const (
	// BugUnsignedEcho counts an echo for the node its signature names without verifying the
	// signature, so the adversary can make up echoes of honest nodes.
	BugUnsignedEcho bugs.Bug = "unsigned-echo"
	// BugSmallQuorum delivers on f+1 echoes instead of n−f: two such quorums need not share an
	// honest node.
	BugSmallQuorum bugs.Bug = "small-quorum"
	// BugWaitForAll delivers only on echoes from all n nodes: one silent node blocks delivery.
	BugWaitForAll bugs.Bug = "wait-for-all"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "echo", Variants: []bugs.Variant{
	{Bug: BugUnsignedEcho, Summary: "echoes are counted without verifying their signatures (--byzantine 1 --byzantine-sends 1 forges one)"},
	{Bug: BugSmallQuorum, Summary: "a node delivers on f+1 echoes (--byzantine 1: the sender equivocates)"},
	{Bug: BugWaitForAll, Summary: "a node waits for echoes from all nodes (--byzantine 1 --behavior silent blocks it)"},
}}

// Node is any node; node 0 is the sender.
type Node struct {
	// Echoed is the value this node echoed, or 0 if it has not yet.
	Echoed int
	// Echoes[i] is the value of node i's echo that this node holds, or 0.
	Echoes []int
	// Delivered is the value delivered, or 0.
	Delivered int

	// Input is the value to broadcast, at the sender; 0 at the other nodes.
	Input  int      `distcheck:"-"`
	Quorum int      `distcheck:"-"`
	Bug    bugs.Bug `distcheck:"-"`
}

// Init makes the sender sign its value, send it to every node and hold it as its own echo.
func (n *Node) Init(ctx actor.Context) {
	if n.Input == 0 {
		return
	}
	n.Echoed = n.Input
	n.hold(ctx.ID(), n.Input)
	ctx.Broadcast(Send{Value: n.Input, Sig: ctx.Sign(Statement{"send", n.Input})})
	n.deliver(n.Input)
}

// Handle echoes the sender's first valid value, holds valid echoes, and delivers on a quorum.
func (n *Node) Handle(ctx actor.Context, _ model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Send:
		if m.Sig.Signer != Sender || !actor.Verify(Statement{"send", m.Value}, m.Sig) {
			return
		}
		n.hold(Sender, m.Value)
		if n.Echoed == 0 {
			n.Echoed = m.Value
			n.hold(ctx.ID(), m.Value)
			ctx.Broadcast(Echo{Value: m.Value, Sig: ctx.Sign(Statement{"echo", m.Value})})
		}
		n.deliver(m.Value)
	case Echo:
		if !n.valid(m) {
			return
		}
		n.hold(m.Sig.Signer, m.Value)
		n.deliver(m.Value)
	}
}

// Timeout is unused: nodes set no timers.
func (n *Node) Timeout(actor.Context, actor.Timer) {}

// valid reports whether an echo names a node and, unless the bug skips it, is signed by it.
func (n *Node) valid(m Echo) bool {
	if m.Sig.Signer < 0 || int(m.Sig.Signer) >= len(n.Echoes) {
		return false // a Sybil identity is not a node
	}
	return n.Bug == BugUnsignedEcho || actor.Verify(Statement{"echo", m.Value}, m.Sig)
}

// hold records node i's echo of v, unless it holds one from i already.
func (n *Node) hold(i model.NodeID, v int) {
	if n.Echoes[i] == 0 {
		n.Echoes[i] = v
	}
}

// deliver delivers v if it has not delivered yet and holds a quorum of echoes of v.
func (n *Node) deliver(v int) {
	if n.Delivered == 0 && count(n.Echoes, v) >= n.Quorum {
		n.Delivered = v
	}
}

func count(echoes []int, v int) int {
	k := 0
	for _, e := range echoes {
		if e == v {
			k++
		}
	}
	return k
}

// String shows what the node echoed, the echoes it holds, and what it delivered.
func (n *Node) String() string {
	return fmt.Sprintf("echoed=%d echoes=%v delivered=%d", n.Echoed, n.Echoes, n.Delivered)
}

// Config configures a system.
type Config struct {
	// Nodes is the number of nodes, the sender included (at least 2).
	Nodes int
	// F is the number of faulty nodes the quorum allows for: a node delivers on n−f echoes.
	F int
	// Faults are the benign fault budgets.
	Faults actor.Faults
	// Adversary sizes the adversary. It takes the sender first and then the last nodes — except
	// a silent one, which takes the last nodes only: a silent sender makes the broadcast
	// vacuous. It may equivocate or corrupt (Mutate flips a value and re-signs it) and forge
	// echoes, its own and, with signatures it cannot make, honest nodes'.
	Adversary adversary.Config
	// Bug selects a buggy variant.
	Bug bugs.Bug
}

// Quorum returns the number of echoes a node delivers on.
func (c Config) Quorum() int {
	switch c.Bug {
	case BugSmallQuorum:
		return c.F + 1
	case BugWaitForAll:
		return c.Nodes
	}
	return c.Nodes - c.F
}

// New returns the echo broadcast system for cfg.
func New(cfg Config) (*actor.System, error) {
	if err := setup.Check(Catalog, cfg.Bug, cfg.Faults,
		setup.AtLeast("nodes", cfg.Nodes, 2),
		setup.Between("f", cfg.F, 0, cfg.Nodes-1, fmt.Sprintf("fewer than the %d nodes", cfg.Nodes))); err != nil {
		return nil, err
	}
	byz, err := cfg.Adversary.Place(placement(cfg.Nodes, cfg.Adversary.Behavior), adversary.Powers{Mutate: mutate, Forge: forge})
	if err != nil {
		return nil, fmt.Errorf("echo: %w", err)
	}
	var nodes []actor.Node
	names := []string{"sender"}
	for i := range cfg.Nodes {
		n := &Node{Echoes: make([]int, cfg.Nodes), Quorum: cfg.Quorum(), Bug: cfg.Bug}
		if model.NodeID(i) == Sender {
			n.Input = Input
		} else {
			names = append(names, "n"+strconv.Itoa(i))
		}
		nodes = append(nodes, n)
	}
	honest := adversary.Honest(cfg.Nodes, byz)
	senderHonest := slices.Contains(honest, Sender)
	sys := &actor.System{
		Protocol:  "echo",
		Params:    actor.TraceParams(map[string]int{"nodes": cfg.Nodes, "f": cfg.F}, string(cfg.Bug), cfg.Faults, byz),
		Nodes:     nodes,
		Names:     names,
		Faults:    cfg.Faults,
		Byzantine: byz,
		Props: []model.Property[*actor.State]{
			properties.Always("Agreement", func(s *actor.State) bool {
				return len(delivered(s, honest)) <= 1
			}),
			properties.Always("Validity", func(s *actor.State) bool {
				d := delivered(s, honest)
				return !senderHonest || len(d) == 0 || slices.Equal(d, []int{Input})
			}),
			properties.Sometimes("SomeDelivery", func(s *actor.State) bool {
				return len(delivered(s, honest)) > 0
			}),
			properties.Eventually("AllDeliver", func(s *actor.State) bool {
				return !senderHonest || allDelivered(s, honest)
			}),
		},
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// placement is the order in which the adversary takes nodes: the sender first, then the last
// nodes; a silent adversary takes the last nodes only, and the sender last of all.
func placement(n int, b actor.Behavior) []model.NodeID {
	var order []model.NodeID
	if b != actor.Silent {
		order = append(order, Sender)
	}
	for i := n - 1; i > 0; i-- {
		order = append(order, model.NodeID(i))
	}
	if b == actor.Silent {
		order = append(order, Sender)
	}
	return order
}

// mutate flips the value of a message a Byzantine node sends, and signs the new one as it.
func mutate(adv actor.Adversary, from model.NodeID, msg actor.Message) []actor.Message {
	switch m := msg.(type) {
	case Send:
		v := flip(m.Value)
		return []actor.Message{Send{Value: v, Sig: adv.Sign(from, Statement{"send", v})}}
	case Echo:
		v := flip(m.Value)
		return []actor.Message{Echo{Value: v, Sig: adv.Sign(from, Statement{"echo", v})}}
	}
	return nil
}

func flip(v int) int {
	if v == Input {
		return Other
	}
	return Input
}

// forge returns echoes of Other, the value an honest sender never sends: signed by each of the
// adversary's identities, and claiming to be signed by each honest node (with a signature that
// does not verify).
func forge(adv actor.Adversary) []actor.Message {
	ids := adv.Identities()
	if len(ids) == 0 {
		return nil
	}
	st := Statement{"echo", Other}
	var out []actor.Message
	for _, as := range ids {
		out = append(out, Echo{Value: Other, Sig: adv.Sign(as, st)})
	}
	for _, victim := range adv.Nodes() {
		if !slices.Contains(ids, victim) {
			out = append(out, Echo{Value: Other, Sig: adversary.Impersonate(adv, ids[0], victim, st)})
		}
	}
	return out
}

// delivered returns the distinct values the given nodes delivered, sorted.
func delivered(s *actor.State, nodes []model.NodeID) []int {
	var out []int
	for _, i := range nodes {
		if v := actor.NodeAs[*Node](s, i).Delivered; v != 0 && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func allDelivered(s *actor.State, nodes []model.NodeID) bool {
	for _, i := range nodes {
		if actor.NodeAs[*Node](s, i).Delivered == 0 {
			return false
		}
	}
	return true
}

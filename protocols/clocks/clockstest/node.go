package clockstest

import (
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/clocks"
)

// node is a node of the suite's systems: package clocks's demonstration, with an
// implementation's clocks. While it has events left, a timer lets it, at any step, do a local
// event or send to a peer of its choice; it receives whatever arrives; it records every event
// with both clocks' times.
type node struct {
	Left   int
	L      LamportClock
	V      VectorClock
	Events []clocks.Event
}

func (n *node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(clocks.ActTimer, 0)
	}
}

func (n *node) Timeout(ctx actor.Context, t actor.Timer) {
	if t != clocks.ActTimer || n.Left == 0 {
		return
	}
	if n.Left--; n.Left > 0 {
		ctx.SetTimer(clocks.ActTimer, 0)
	}
	peers := ctx.Peers()
	c := ctx.Choose(1 + len(peers))
	if c == 0 {
		n.record(clocks.Local, model.NoNode, 0, n.L.Tick(), n.V.Tick())
		return
	}
	l, v := n.L.Send(), n.V.Send()
	e := n.record(clocks.Send, peers[c-1], len(n.Events), l, v)
	ctx.Send(peers[c-1], clocks.Stamped{Seq: e.Seq, L: e.L, V: e.V.Copy()})
}

func (n *node) Handle(_ actor.Context, from model.NodeID, msg actor.Message) {
	if m, ok := msg.(clocks.Stamped); ok {
		n.record(clocks.Receive, from, m.Seq, n.L.Receive(int(m.L)), n.V.Receive(m.V.Copy()))
	}
}

// record appends an event with copies of its times, and returns it.
func (n *node) record(kind clocks.EventKind, peer model.NodeID, seq, l int, v []int) clocks.Event {
	e := clocks.Event{Kind: kind, Peer: peer, Seq: seq, L: clocks.Lamport(l), V: append(clocks.Vector(nil), v...)}
	n.Events = append(n.Events, e)
	return e
}

// Recorded returns the node's events.
func (n *node) Recorded() []clocks.Event { return n.Events }

// String shows the node's events with their times, for diagrams.
func (n *node) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%d left", n.Left)
	for _, e := range n.Events {
		fmt.Fprintf(&s, " | %s %d %v", [...]string{"local", "send→n" + fmt.Sprint(e.Peer), "recv←n" + fmt.Sprint(e.Peer)}[e.Kind], e.L, e.V)
	}
	return s.String()
}

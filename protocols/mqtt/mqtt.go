package mqtt

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// The packets of a publish flow (MQTT 3.1.1 §3.3–3.7). ID is the packet identifier (0 for QoS
// 0, which has none); Reading is the application message, the number of the sensor's reading.
type (
	// Publish carries a reading.
	Publish struct{ ID, Reading int }
	// PubAck acknowledges a QoS 1 PUBLISH.
	PubAck struct{ ID int }
	// PubRec says a QoS 2 PUBLISH was received (part 1).
	PubRec struct{ ID int }
	// PubRel releases a QoS 2 publication (part 2).
	PubRel struct{ ID int }
	// PubComp completes a QoS 2 flow (part 3).
	PubComp struct{ ID int }
)

// The nodes.
const (
	Sensor     model.NodeID = 0
	Broker     model.NodeID = 1
	Subscriber model.NodeID = 2
)

// The timers.
const (
	// ReadTimer: the sensor publishes its next reading.
	ReadTimer = "read"
	// RetryTimer: a sender resends what is not yet acknowledged.
	RetryTimer = "retry"
)

// The named buggy variants.
const (
	// BugForwardOnPublish delivers every QoS 2 PUBLISH, not the PUBREL'd one once.
	BugForwardOnPublish bugs.Bug = "forward-on-publish"
	// BugResendPublish retries the PUBLISH after the PUBREC instead of the PUBREL.
	BugResendPublish bugs.Bug = "resend-publish"
	// BugForgetBeforeAck discards a QoS 1 message when it is sent, before its PUBACK.
	BugForgetBeforeAck bugs.Bug = "forget-before-ack"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the flags
// of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "mqtt", Variants: []bugs.Variant{
	{Bug: BugForwardOnPublish, Summary: "the QoS 2 receiver delivers on every PUBLISH, not once on PUBREL: a PUBLISH retried after a lost PUBREC is delivered twice (--drops 1: NoDuplicates)"},
	{Bug: BugResendPublish, Summary: "after the PUBREC a QoS 2 sender retries the PUBLISH, not the PUBREL: after a lost PUBCOMP it is a new publication (--drops 1: NoDuplicates)"},
	{Bug: BugForgetBeforeAck, Summary: "a QoS 1 sender forgets the message once sent, before its PUBACK: a lost PUBLISH is never retried (--qos 1 --drops 1: NoLoss)"},
}}

// Inflight is a message a sender keeps until its flow completes: its packet identifier and
// reading, and whether the PUBREC came (QoS 2: the PUBREL is what is retried now).
type Inflight struct {
	ID, Reading int
	Released    bool
}

// Sender is the sending half of a hop: the next packet identifier and the messages in flight.
type Sender struct {
	Next int
	Out  []Inflight
}

// Stored is a QoS 2 message a receiver holds between PUBLISH and PUBREL.
type Stored struct{ ID, Reading int }

// Receiver is the receiving half of a hop: the QoS 2 messages awaiting their PUBREL.
type Receiver struct {
	Held []Stored
}

// Node is the sensor (a sender), the broker (a receiver from the sensor and a sender to the
// subscriber) or the subscriber (a receiver).
type Node struct {
	// QoS is the level of both hops.
	QoS int
	// Left is the readings the sensor has still to publish, of Readings.
	Left, Readings int
	// Send and Recv are the node's halves of its hops.
	Send Sender
	Recv Receiver
	// Got[r] counts the subscriber's receipts of reading r+1.
	Got []int
	// Bug selects a buggy variant.
	Bug bugs.Bug `distcheck:"-"`
}

// Init lets the sensor publish.
func (n *Node) Init(ctx actor.Context) {
	if n.Left > 0 {
		ctx.SetTimer(ReadTimer, 0)
	}
}

// Timeout publishes the sensor's next reading, or resends what is in flight.
func (n *Node) Timeout(ctx actor.Context, t actor.Timer) {
	switch t {
	case ReadTimer:
		n.publish(ctx, n.Readings-n.Left+1)
		if n.Left--; n.Left > 0 {
			ctx.SetTimer(ReadTimer, 0)
		}
	case RetryTimer:
		for _, m := range n.Send.Out {
			if m.Released && n.Bug != BugResendPublish {
				ctx.Send(n.downstream(ctx), PubRel{ID: m.ID})
			} else {
				ctx.Send(n.downstream(ctx), Publish{ID: m.ID, Reading: m.Reading})
			}
		}
		if len(n.Send.Out) > 0 {
			ctx.SetTimer(RetryTimer, 0)
		}
	}
}

// downstream is where the node publishes: the broker for the sensor, the subscriber for the
// broker.
func (n *Node) downstream(ctx actor.Context) model.NodeID { return ctx.ID() + 1 }

// publish starts the flow of a reading: at QoS 0 a PUBLISH and nothing kept; at QoS 1 and 2 a
// message in flight under a new packet identifier, and a retry timer.
func (n *Node) publish(ctx actor.Context, reading int) {
	if n.QoS == 0 {
		ctx.Send(n.downstream(ctx), Publish{Reading: reading})
		return
	}
	n.Send.Next++
	id := n.Send.Next
	ctx.Send(n.downstream(ctx), Publish{ID: id, Reading: reading})
	if n.QoS == 1 && n.Bug == BugForgetBeforeAck {
		return
	}
	n.Send.Out = append(n.Send.Out, Inflight{ID: id, Reading: reading})
	ctx.SetTimer(RetryTimer, 0)
}

// Handle runs the receiver's side of the flows for PUBLISH and PUBREL, and the sender's for
// the acknowledgements.
func (n *Node) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case Publish:
		switch {
		case n.QoS == 0:
			n.deliver(ctx, m.Reading)
		case n.QoS == 1:
			n.deliver(ctx, m.Reading)
			ctx.Send(from, PubAck{ID: m.ID})
		default:
			if n.Bug == BugForwardOnPublish {
				n.deliver(ctx, m.Reading)
			} else if !slices.ContainsFunc(n.Recv.Held, func(s Stored) bool { return s.ID == m.ID }) {
				n.Recv.Held = append(n.Recv.Held, Stored{ID: m.ID, Reading: m.Reading})
			}
			ctx.Send(from, PubRec{ID: m.ID})
		}
	case PubRel:
		if i := slices.IndexFunc(n.Recv.Held, func(s Stored) bool { return s.ID == m.ID }); i >= 0 {
			r := n.Recv.Held[i].Reading
			n.Recv.Held = slices.Delete(n.Recv.Held, i, i+1)
			n.deliver(ctx, r)
		}
		ctx.Send(from, PubComp{ID: m.ID})
	case PubRec:
		if i := n.inflight(m.ID); i >= 0 {
			n.Send.Out[i].Released = true
			ctx.Send(from, PubRel{ID: m.ID})
		}
	case PubAck, PubComp:
		id := packetID(m)
		if i := n.inflight(id); i >= 0 {
			n.Send.Out = slices.Delete(n.Send.Out, i, i+1)
			if len(n.Send.Out) == 0 {
				ctx.CancelTimer(RetryTimer)
			}
		}
	}
}

// packetID returns the identifier of a PUBACK or PUBCOMP.
func packetID(m actor.Message) int {
	if a, ok := m.(PubAck); ok {
		return a.ID
	}
	return m.(PubComp).ID
}

// inflight returns the index of the message in flight with packet identifier id, or -1.
func (n *Node) inflight(id int) int {
	return slices.IndexFunc(n.Send.Out, func(m Inflight) bool { return m.ID == id })
}

// deliver hands a reading on: the broker publishes it to the subscriber, the subscriber
// counts it.
func (n *Node) deliver(ctx actor.Context, reading int) {
	if ctx.ID() == Broker {
		n.publish(ctx, reading)
		return
	}
	if reading >= 1 && reading <= len(n.Got) {
		n.Got[reading-1]++
	}
}

// String shows what the node holds, for diagrams.
func (n *Node) String() string {
	var s string
	for _, m := range n.Send.Out {
		state := "published"
		if m.Released {
			state = "released"
		}
		s += fmt.Sprintf("out #%d=r%d %s; ", m.ID, m.Reading, state)
	}
	for _, h := range n.Recv.Held {
		s += fmt.Sprintf("held #%d=r%d; ", h.ID, h.Reading)
	}
	if n.Got != nil {
		s += fmt.Sprintf("got %v", n.Got)
	}
	if s == "" {
		return "idle"
	}
	return s
}

package counterexamples

import (
	"errors"
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Timeline is a replayed trace described for people, step by step, with no reference to the
// model's state type: what the renderers (Render's text diagram, HTML, ShiViz, Mermaid) draw
// from, and what a caller that holds a model only behind an interface gets (see Tools).
type Timeline struct {
	// Trace is the trace replayed.
	Trace *Trace
	// Actors are the diagram's columns: the model's actor names (model.Actors), or one column,
	// "state", for a model without actors.
	Actors []string
	// HasActors reports whether the model has actors. Without them, a Frame's States is nil
	// and its Whole holds the whole state.
	HasActors bool
	// Start is the initial state.
	Start Frame
	// Steps are the trace's steps, in order.
	Steps []Event
	// Reproduced and Detail are the replay's verdict (see Replayed).
	Reproduced bool
	Detail     string
}

// Frame describes one global state.
type Frame struct {
	// States are the actors' states as the model describes them (model.Actors.ActorState), one
	// per column; nil for a model without actors.
	States []string
	// Whole is the state for people (value.Describe), for a model without actors (empty
	// otherwise).
	Whole string
	// InFlight are the messages in flight, for the actor layer's states (actor.State).
	InFlight []Message
	// Failure describes the node that failed in the step that led here ("n1: panic: boom"), or
	// is empty.
	Failure string
}

// Message is a message in flight, or the message of a step.
type Message struct {
	// From and To are the sender's and receiver's columns, or -1.
	From, To int
	// FromName and ToName are their names (a decimal index for a node with no column).
	FromName, ToName string
	// Summary is the message for people, in full: its String method's result if it has one,
	// its content otherwise (value.Describe).
	Summary string
	// Value is the message's canonical text (value.Format), which identifies it.
	Value string
}

// Event is one step of a Timeline.
type Event struct {
	// Number is the step's number, from 1.
	Number int
	// Record is the step's action as the trace stores it.
	Record ActionRecord
	// Kind is the action's kind.
	Kind model.ActionKind
	// Node and From are the columns of the acting node (the receiver of a message) and of the
	// sender, or -1.
	Node, From int
	// Group are the columns a partition cuts off; OneWay says whether only their outgoing
	// links are cut.
	Group  []int
	OneWay bool
	// Summary is the step's message, timer or partition for people (see Message.Summary), or
	// empty.
	Summary string
	// Text describes the step in one line, like ActionRecord.String but with the payload
	// summarised.
	Text string
	// Sent are the messages the step put in flight.
	Sent []Message
	// SentAt, for a delivery, drop or duplication, is the number of the step that sent the
	// message (0: it was in flight in the initial state), or -1 if no step did.
	SentAt int
	// After is the state the step leads to.
	After Frame
	// Changed are the columns whose state the step changed.
	Changed []int
}

// maxSummary is the length, in characters, that the Mermaid diagram cuts states to.
const maxSummary = 60

// NewTimeline describes the replayed trace r of model m step by step. It returns an error if
// the model panics describing a state.
func NewTimeline[S any](m model.Model[S], r *Replayed[S]) (*Timeline, error) {
	tl, err := newTimeline(m, r)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return tl, nil
}

func newTimeline[S any](m model.Model[S], r *Replayed[S]) (tl *Timeline, err error) {
	if r == nil || r.Trace == nil {
		return nil, errors.New("nothing replayed")
	}
	defer func() {
		if p := recover(); p != nil {
			tl, err = nil, fmt.Errorf("the model panicked describing a state: %v", p)
		}
	}()
	b := newTimelineBuilder(m)
	tl = &Timeline{
		Trace:      r.Trace,
		Actors:     b.columns,
		HasActors:  b.actors != nil,
		Reproduced: r.Reproduced,
		Detail:     r.Detail,
	}
	tl.Start = b.frame(r.Path.Init)
	queues := map[string][]int{} // message key → the steps that sent the copies in flight
	for _, msg := range tl.Start.InFlight {
		queues[msgKey(msg)] = append(queues[msgKey(msg)], 0)
	}
	prev := tl.Start
	for i, st := range r.Path.Steps {
		ev := b.event(i+1, st.Action)
		ev.After = b.frame(st.State)
		ev.Sent = sentBetween(prev.InFlight, ev.After.InFlight)
		ev.SentAt = pairSend(queues, ev, prev.InFlight, ev.After.InFlight)
		for _, msg := range ev.Sent {
			queues[msgKey(msg)] = append(queues[msgKey(msg)], ev.Number)
		}
		for c := range ev.After.States {
			if c < len(prev.States) && ev.After.States[c] != prev.States[c] {
				ev.Changed = append(ev.Changed, c)
			}
		}
		tl.Steps = append(tl.Steps, ev)
		prev = ev.After
	}
	return tl, nil
}

// timelineBuilder describes one model's states and actions.
type timelineBuilder[S any] struct {
	actors  model.Actors[S] // nil if the model has no actors
	names   []string        // the actor names, nil without actors
	columns []string
}

func newTimelineBuilder[S any](m model.Model[S]) *timelineBuilder[S] {
	b := &timelineBuilder[S]{}
	if a, ok := m.(model.Actors[S]); ok && len(a.ActorNames()) > 0 {
		b.actors, b.names, b.columns = a, a.ActorNames(), a.ActorNames()
	} else {
		b.columns = []string{"state"}
	}
	return b
}

// column returns the column of node id, or -1: a model without actors draws everything that
// some node does in its one column.
func (b *timelineBuilder[S]) column(id model.NodeID) int {
	if b.actors == nil {
		if id == model.NoNode {
			return -1
		}
		return 0
	}
	if id < 0 || int(id) >= len(b.names) {
		return -1
	}
	return int(id)
}

// frame describes state s.
func (b *timelineBuilder[S]) frame(s S) Frame {
	var f Frame
	if b.actors != nil {
		f.States = make([]string, len(b.names))
		for i := range b.names {
			f.States[i] = b.actors.ActorState(s, i)
		}
	} else {
		f.Whole = oneLine.Replace(value.Describe(s))
	}
	if fl, ok := any(s).(inFlight); ok {
		for _, e := range fl.InFlight() {
			f.InFlight = append(f.InFlight, b.message(e.From, e.To, e.Msg))
		}
	}
	if fs, ok := any(s).(failer); ok {
		if fl := fs.Failure(); fl != nil {
			who := fmt.Sprintf("node %d", fl.Node)
			if c := b.column(fl.Node); c >= 0 {
				who = b.columns[c]
			}
			f.Failure = fmt.Sprintf("%s: %s: %s", who, fl.Kind, fl.Message)
		}
	}
	return f
}

// message describes a message from from to to.
func (b *timelineBuilder[S]) message(from, to model.NodeID, msg any) Message {
	return Message{
		From: b.column(from), To: b.column(to),
		FromName: nodeName(from, b.names), ToName: nodeName(to, b.names),
		Summary: summarize(msg), Value: formatState(msg),
	}
}

// event describes the action of step n (without the state it leads to).
func (b *timelineBuilder[S]) event(n int, a model.Action) Event {
	ev := Event{
		Number: n,
		Record: Record(a, b.names),
		Kind:   a.Kind,
		Node:   b.column(a.Node),
		From:   b.column(a.From),
		SentAt: -1,
	}
	if a.Msg != nil {
		ev.Summary = summarize(a.Msg)
	}
	if p, ok := a.Msg.(actor.Partition); ok && a.Kind == model.ActionPartition && b.actors != nil {
		for _, n := range p.Group {
			if c := b.column(n); c >= 0 {
				ev.Group = append(ev.Group, c)
			}
		}
		ev.OneWay = p.OneWay
	}
	ev.Text = recordText(ev.Record, ev.Summary)
	return ev
}

// recordText is r.String() with payload in place of the message's canonical text.
func recordText(r ActionRecord, payload string) string {
	if r.Msg == nil {
		return r.String()
	}
	c := r
	c.Msg, c.Choices = nil, nil
	text := c.String()
	if payload != "" {
		text += " " + payload
	}
	if len(r.Choices) > 0 {
		text += fmt.Sprintf(" choices=%v", r.Choices)
	}
	return text
}

// msgKey identifies a message on its link by content.
func msgKey(m Message) string { return m.FromName + "\x00" + m.ToName + "\x00" + m.Value }

// sentBetween returns the messages in flight after a step that were not before it: those it
// sent (or, for a duplication, the copy it added).
func sentBetween(before, after []Message) []Message {
	count := map[string]int{}
	for _, m := range before {
		count[msgKey(m)]++
	}
	var sent []Message
	for _, m := range after {
		k := msgKey(m)
		if count[k] > 0 {
			count[k]--
			continue
		}
		sent = append(sent, m)
	}
	return sent
}

// pairSend returns the step that sent the message a delivery, drop or duplication ev acts on,
// taking it off its queue when the step took the message out of the network (a delivery on a
// network that keeps delivered messages leaves it).
func pairSend(queues map[string][]int, ev Event, before, after []Message) int {
	switch ev.Kind {
	case model.ActionDeliver, model.ActionDrop, model.ActionDuplicate:
	default:
		return -1
	}
	if ev.Record.Msg == nil {
		return -1
	}
	k := ev.Record.From + "\x00" + ev.Record.Node + "\x00" + ev.Record.Msg.Value
	q := queues[k]
	if len(q) == 0 {
		return -1
	}
	at := q[0]
	if ev.Kind != model.ActionDuplicate && countKey(after, k) < countKey(before, k) {
		queues[k] = q[1:]
	}
	return at
}

func countKey(msgs []Message, k string) int {
	n := 0
	for _, m := range msgs {
		if msgKey(m) == k {
			n++
		}
	}
	return n
}

// summarize returns msg for people, in full and in one line: its String method's result if it
// has one, else its content (value.Describe).
func summarize(msg any) string { return oneLine.Replace(value.Describe(msg)) }

// shorten cuts s to at most n characters, ending it with … when cut, and makes it one line.
func shorten(s string, n int) string {
	s = oneLine.Replace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

// At returns the state after step i (0: the initial state). It panics if i is out of range.
func (tl *Timeline) At(i int) Frame {
	if i == 0 {
		return tl.Start
	}
	return tl.Steps[i-1].After
}

// ColumnName returns the name of column c, or "" for -1.
func (tl *Timeline) ColumnName(c int) string {
	if c < 0 || c >= len(tl.Actors) {
		return ""
	}
	return tl.Actors[c]
}

// ActionText describes action a in one line as a Timeline's Event.Text does: like
// ActionRecord.String, with the message, timer or partition summarised (its String method if it
// has one). names are the model's actor names (nil if it has none).
func ActionText(a model.Action, names []string) string {
	payload := ""
	if a.Msg != nil {
		payload = summarize(a.Msg)
	}
	return recordText(Record(a, names), payload)
}

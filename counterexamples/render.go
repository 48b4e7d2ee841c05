package counterexamples

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// colWidth is the width of a column of the sequence diagram: the distance between lifelines.
const colWidth = 14

// maxTextWidth caps the width that the actions' texts are padded to.
const maxTextWidth = 40

// Render writes the plain-text sequence diagram of a replayed trace to w: a header (protocol
// and params, property, whether it was reproduced, strategy), a column per actor (model.Actors;
// one column "state" for other models) with a lifeline each, and a row per step. A delivered
// message is an arrow from sender to receiver (o------>* or *<------o), a dropped one ends in
// x before the receiver, a duplicated one is drawn with =; a step or timer of a single actor is
// a * on its lifeline (a crash an X); a fault that involves no node marks no column. Each row
// ends with the action's text and, for Actors models, the actors whose state the step changed.
// A lasso's loop is bracketed (┌ loop ... └ back to ...), and a random walk's stabilisation
// point is marked. A footer gives the property's verdict and the final state.
func Render[S any](w io.Writer, m model.Model[S], r *Replayed[S]) (err error) {
	if r == nil || r.Trace == nil {
		return errors.New("render: nothing replayed")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render: the model panicked describing a state: %v", p)
		}
	}()
	d := newDiagram(m)
	var b strings.Builder
	header(&b, r.Trace, r.Reproduced)
	d.body(&b, r)
	footer(&b, d, r)
	_, err = io.WriteString(w, b.String())
	return err
}

// diagram draws the rows of one model's sequence diagram.
type diagram[S any] struct {
	m      model.Model[S]
	actors model.Actors[S] // nil if m is not an Actors model
	names  []string        // the columns
}

func newDiagram[S any](m model.Model[S]) *diagram[S] {
	d := &diagram[S]{m: m}
	if a, ok := m.(model.Actors[S]); ok && len(a.ActorNames()) > 0 {
		d.actors, d.names = a, a.ActorNames()
	} else {
		d.names = []string{"state"}
	}
	return d
}

func header(b *strings.Builder, t *Trace, reproduced bool) {
	fmt.Fprintf(b, "protocol  %s\n", t.Protocol+paramText(t.Params))
	verdict := "reproduced"
	if !reproduced {
		verdict = "NOT reproduced"
	}
	fmt.Fprintf(b, "property  %s (%s), %s\n", t.Property, t.Kind, verdict)
	strategy := t.Strategy
	if t.Seed != 0 || t.Strategy == "random" {
		strategy += fmt.Sprintf(", seed %d", t.Seed)
	}
	if t.Walk != 0 || t.Strategy == "random" {
		strategy += fmt.Sprintf(", walk %d", t.Walk)
	}
	fmt.Fprintf(b, "strategy  %s\n\n", strategy)
}

// paramText is " (k=v, ...)" with the keys sorted, or "" if there are no params.
func paramText(params map[string]string) string {
	if len(params) == 0 {
		return ""
	}
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(params)) {
		kv = append(kv, k+"="+params[k])
	}
	return " (" + strings.Join(kv, ", ") + ")"
}

// gutter is the width of the step numbers at the left.
const gutter = 6

// width is the width of the lifelines' part of a row.
func (d *diagram[S]) width() int { return (len(d.names)-1)*colWidth + 1 }

// lifelines returns an empty row: a | per column.
func (d *diagram[S]) lifelines() []rune {
	row := []rune(strings.Repeat(" ", d.width()))
	for c := range d.names {
		row[c*colWidth] = '|'
	}
	return row
}

func (d *diagram[S]) body(b *strings.Builder, r *Replayed[S]) {
	pad := strings.Repeat(" ", gutter)
	names := []rune(strings.Repeat(" ", d.width()+colWidth))
	for c, name := range d.names {
		n := []rune(name)
		copy(names[c*colWidth:], n[:min(len(n), colWidth-1)])
	}
	line(b, pad+string(names))
	line(b, pad+string(d.lifelines()))

	texts := make([]string, len(r.Path.Steps))
	textW := 0
	for i, st := range r.Path.Steps {
		texts[i] = Record(st.Action, d.actorNames()).String()
		textW = max(textW, min(len([]rune(texts[i])), maxTextWidth))
	}
	prev := d.states(r.Path.Init)
	t := r.Trace
	d.initial(b, r.Path.Init)
	for i, st := range r.Path.Steps {
		switch {
		case t.Loop != nil && i == *t.Loop:
			line(b, pad+string(d.lifelines())+fmt.Sprintf("   ┌ loop: steps %d to %d repeat forever (fairness %s)", i+1, len(r.Path.Steps), t.Fairness))
		case t.Stabilized != nil && i == *t.Stabilized:
			line(b, pad+string(d.lifelines())+fmt.Sprintf("   ─ faults stop here; the scheduler is fair from now on (bound: %d steps)", t.Within))
		}
		row := d.lifelines()
		d.draw(row, st.Action)
		cur := d.states(st.State)
		text := texts[i]
		if changes := d.changes(prev, cur, st.State); changes != "" {
			text += strings.Repeat(" ", max(0, textW-len([]rune(text)))) + "   " + changes
		}
		line(b, fmt.Sprintf("%*d  %s   %s", gutter-2, i+1, string(row), text))
		prev = cur
	}
	if t.Loop != nil {
		line(b, pad+string(d.lifelines())+fmt.Sprintf("   └ back to the state after step %d", *t.Loop))
	}
	line(b, pad+string(d.lifelines()))
	b.WriteString("\n")
}

// inFlight is implemented by model.System's states.
type inFlight interface{ InFlight() []model.Envelope }

// initial draws, as row 0, the messages in flight in the initial state: those the nodes sent
// when they started (and, with a Byzantine sender, as the adversary changed them).
func (d *diagram[S]) initial(b *strings.Builder, init S) {
	f, ok := any(init).(inFlight)
	if !ok || d.actors == nil {
		return
	}
	for _, e := range f.InFlight() {
		row := d.lifelines()
		from, to := d.column(e.From), d.column(e.To)
		if from < 0 || to < 0 || from == to {
			continue
		}
		arrow(row, from*colWidth, to*colWidth, sentAtStart)
		rec := Record(model.Action{Kind: model.ActionDeliver, Node: e.To, From: e.From, Msg: e.Msg}, d.actorNames())
		line(b, fmt.Sprintf("%*d  %s   sent at start: %s→%s %s", gutter-2, 0, string(row), rec.From, rec.Node, rec.Msg.Value))
	}
}

// sentAtStart is the arrow of a message in flight in the initial state.
const sentAtStart model.ActionKind = 255

// line writes s without trailing spaces, and a newline.
func line(b *strings.Builder, s string) {
	b.WriteString(strings.TrimRight(s, " "))
	b.WriteString("\n")
}

func (d *diagram[S]) actorNames() []string {
	if d.actors == nil {
		return nil
	}
	return d.names
}

// column returns the column of node id, or -1.
func (d *diagram[S]) column(id model.NodeID) int {
	if d.actors == nil {
		if id == model.NoNode {
			return -1
		}
		return 0
	}
	if id < 0 || int(id) >= len(d.names) {
		return -1
	}
	return int(id)
}

// draw marks the action a in row: messages as arrows between lifelines, and the faults by
// marks on the lifelines of the nodes they strike — X a crash, R a recovery, # each node of the
// group a partition cuts off, = every lifeline when it heals.
func (d *diagram[S]) draw(row []rune, a model.Action) {
	to, from := d.column(a.Node), d.column(a.From)
	switch a.Kind {
	case model.ActionDeliver, model.ActionDrop, model.ActionDuplicate, model.ActionByzantine:
		if d.actors != nil && from >= 0 && to >= 0 && from != to {
			arrow(row, from*colWidth, to*colWidth, a.Kind)
			return
		}
		if to < 0 {
			to = from
		}
		if to >= 0 {
			row[to*colWidth] = map[model.ActionKind]rune{
				model.ActionDeliver: '@', model.ActionDrop: 'x', model.ActionDuplicate: '+', model.ActionByzantine: 'B',
			}[a.Kind]
		}
	case model.ActionPartition:
		if p, ok := a.Msg.(model.Partition); ok {
			for _, n := range p.Group {
				if c := d.column(n); c >= 0 && d.actors != nil {
					row[c*colWidth] = '#'
				}
			}
		}
	case model.ActionHeal:
		if d.actors != nil {
			for c := range d.names {
				row[c*colWidth] = '='
			}
		}
	default:
		if to < 0 {
			return
		}
		row[to*colWidth] = map[model.ActionKind]rune{model.ActionCrash: 'X', model.ActionRecover: 'R'}[a.Kind]
		if row[to*colWidth] == 0 {
			row[to*colWidth] = '*'
		}
	}
}

// arrow draws a message from lifeline position x1 to x2 (x1 ≠ x2): a delivery
// o----------->* or *<-----------o, a drop o---------x | that stops short of the receiver, a
// duplication o===========>+, and a message the adversary sends B~~~~~~~~~~>| (it arrives
// later, by a delivery).
func arrow(row []rune, x1, x2 int, kind model.ActionKind) {
	lo, hi := min(x1, x2), max(x1, x2)
	shaft := '-'
	switch kind {
	case model.ActionDuplicate:
		shaft = '='
	case model.ActionByzantine:
		shaft = '~'
	}
	for x := lo + 1; x < hi; x++ {
		row[x] = shaft
	}
	row[x1] = 'o'
	if kind == model.ActionByzantine {
		row[x1] = 'B'
	}
	dir := 1
	if x2 < x1 {
		dir = -1
	}
	head := '>'
	if dir < 0 {
		head = '<'
	}
	switch kind {
	case model.ActionDrop:
		row[x2-dir] = ' '
		row[x2-2*dir] = 'x'
	case model.ActionDuplicate:
		row[x2-dir] = head
		row[x2] = '+'
	case model.ActionByzantine, sentAtStart:
		row[x2-dir] = head
		row[x2] = '|'
	default:
		row[x2-dir] = head
		row[x2] = '*'
	}
}

// states returns the text of each actor's part of s (nil for a model that is not Actors).
func (d *diagram[S]) states(s S) []string {
	if d.actors == nil {
		return nil
	}
	out := make([]string, len(d.names))
	for i := range d.names {
		out[i] = d.actors.ActorState(s, i)
	}
	return out
}

// changes lists the actors whose state differs between prev and cur ("rm1: prepared"), and the
// node that failed in the step, if one did.
func (d *diagram[S]) changes(prev, cur []string, s S) string {
	var out []string
	for i := range cur {
		if cur[i] != prev[i] {
			out = append(out, d.names[i]+": "+cur[i])
		}
	}
	if f, ok := any(s).(failer); ok {
		if fl := f.Failure(); fl != nil {
			who := fmt.Sprintf("node %d", fl.Node)
			if c := d.column(fl.Node); c >= 0 {
				who = d.names[c]
			}
			out = append(out, fmt.Sprintf("%s: %s: %s", who, fl.Kind, fl.Message))
		}
	}
	return strings.Join(out, "; ")
}

func footer[S any](b *strings.Builder, d *diagram[S], r *Replayed[S]) {
	verdict := "fails"
	if !r.Reproduced {
		verdict = "no longer fails"
	}
	fmt.Fprintf(b, "%s (%s) %s: %s\n", r.Trace.Property, r.Trace.Kind, verdict, r.Detail)
	b.WriteString("Final state:\n")
	last := r.Path.Last()
	if d.actors == nil {
		line(b, "  "+formatState(last))
		return
	}
	nameW := 0
	for _, n := range d.names {
		nameW = max(nameW, len([]rune(n)))
	}
	for i, n := range d.names {
		line(b, fmt.Sprintf("  %s%s  %s", n, strings.Repeat(" ", nameW-len([]rune(n))), d.actors.ActorState(last, i)))
	}
}

// formatState is value.Format of s, or fmt's %+v if s holds what Format cannot show.
func formatState(s any) (text string) {
	defer func() {
		if recover() != nil {
			text = fmt.Sprintf("%+v", s)
		}
	}()
	return value.Format(s)
}

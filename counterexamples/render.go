package counterexamples

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/actor"
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
// ends with the action's text (a payload whose type has a String method shows its result) and,
// for Actors models, the actors whose state the step changed. A lasso's loop is bracketed
// (┌ loop ... └ back to ...), and a random walk's stabilisation point is marked. A footer
// gives the property's verdict and the final state.
func Render[S any](w io.Writer, m model.Model[S], r *Replayed[S]) error {
	tl, err := newTimeline(m, r)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return tl.WriteText(w)
}

// WriteText writes the timeline's plain-text sequence diagram to w (see Render).
func (tl *Timeline) WriteText(w io.Writer) error { return tl.writeText(w, -1) }

// WriteTextAt writes the timeline's sequence diagram to w with step marked (0 marks the
// initial state), followed by every actor's state after that step and the messages then in
// flight. It returns an error if step is not from 0 to the number of steps.
func (tl *Timeline) WriteTextAt(w io.Writer, step int) error {
	if step < 0 || step > len(tl.Steps) {
		return fmt.Errorf("render: step %d: want a step from 0 to %d", step, len(tl.Steps))
	}
	return tl.writeText(w, step)
}

func (tl *Timeline) writeText(w io.Writer, step int) error {
	if tl == nil || tl.Trace == nil {
		return errors.New("render: nothing replayed")
	}
	d := &diagram{tl: tl}
	var b strings.Builder
	header(&b, tl.Trace, tl.Reproduced)
	d.body(&b, step)
	d.notes.write(&b)
	footer(&b, tl)
	if step >= 0 {
		d.stateAt(&b, step)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// diagram draws the rows of one timeline's sequence diagram.
type diagram struct {
	tl    *Timeline
	notes notes
}

func header(b *strings.Builder, t *Trace, reproduced bool) {
	fmt.Fprintf(b, "protocol  %s\n", t.Protocol+paramText(t.Params))
	verdict := "reproduced"
	if !reproduced {
		verdict = "NOT reproduced"
	}
	fmt.Fprintf(b, "property  %s (%s), %s\n", t.Property, t.Kind, verdict)
	strategy := t.Strategy
	if t.Seed != 0 || sampled(t.Strategy) {
		strategy += fmt.Sprintf(", seed %d", t.Seed)
	}
	if t.Walk != 0 || sampled(t.Strategy) {
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
func (d *diagram) width() int { return (len(d.tl.Actors)-1)*colWidth + 1 }

// lifelines returns an empty row: a | per column.
func (d *diagram) lifelines() []rune {
	row := []rune(strings.Repeat(" ", d.width()))
	for c := range d.tl.Actors {
		row[c*colWidth] = '|'
	}
	return row
}

// marker ends the row of the step that WriteTextAt marks.
const marker = "   ◀ step shown below"

func (d *diagram) body(b *strings.Builder, mark int) {
	tl := d.tl
	pad := strings.Repeat(" ", gutter)
	names := []rune(strings.Repeat(" ", d.width()+colWidth))
	for c, name := range tl.Actors {
		n := []rune(name)
		copy(names[c*colWidth:], n[:min(len(n), colWidth-1)])
	}
	line(b, pad+string(names))
	start := pad + string(d.lifelines())
	if mark == 0 {
		start += marker
	}
	line(b, start)

	textW := 0
	for _, ev := range tl.Steps {
		textW = max(textW, min(len([]rune(ev.Text)), maxTextWidth, maxRowText))
	}
	t := tl.Trace
	d.initial(b)
	prev := tl.Start
	for i, ev := range tl.Steps {
		switch {
		case t.Loop != nil && i == *t.Loop:
			line(b, pad+string(d.lifelines())+fmt.Sprintf("   ┌ loop: steps %d to %d repeat forever (fairness %s)", i+1, len(tl.Steps), t.Fairness))
		case t.Stabilized != nil && i == *t.Stabilized:
			line(b, pad+string(d.lifelines())+fmt.Sprintf("   ─ faults stop here; the scheduler is fair from now on (bound: %d steps)", t.Within))
		}
		row := d.lifelines()
		d.draw(row, ev)
		text := d.notes.cut(ev.Text, maxRowText, fmt.Sprintf("step %d: %s", ev.Number, ev.Text))
		if changes := d.changes(ev.Number, prev, ev.After); changes != "" {
			text += strings.Repeat(" ", max(0, textW-len([]rune(text)))) + "   " + changes
		}
		if ev.Number == mark {
			text += marker
		}
		line(b, fmt.Sprintf("%*d  %s   %s", gutter-2, ev.Number, string(row), text))
		prev = ev.After
	}
	if t.Loop != nil {
		line(b, pad+string(d.lifelines())+fmt.Sprintf("   └ back to the state after step %d", *t.Loop))
	}
	line(b, pad+string(d.lifelines()))
	b.WriteString("\n")
}

// inFlight is implemented by actor.System's states.
type inFlight interface{ InFlight() []actor.Envelope }

// initial draws, as row 0, the messages in flight in the initial state: those the nodes sent
// when they started (and, with a Byzantine sender, as the adversary changed them).
func (d *diagram) initial(b *strings.Builder) {
	if !d.tl.HasActors {
		return
	}
	for _, msg := range d.tl.Start.InFlight {
		row := d.lifelines()
		if msg.From < 0 || msg.To < 0 || msg.From == msg.To {
			continue
		}
		arrow(row, msg.From*colWidth, msg.To*colWidth, sentAtStart)
		text := fmt.Sprintf("sent at start: %s→%s %s", msg.FromName, msg.ToName, msg.Summary)
		line(b, fmt.Sprintf("%*d  %s   %s", gutter-2, 0, string(row), d.notes.cut(text, maxRowText, "step 0: "+text)))
	}
}

// sentAtStart is the arrow of a message in flight in the initial state.
const sentAtStart model.ActionKind = 255

// line writes s without trailing spaces, and a newline.
func line(b *strings.Builder, s string) {
	b.WriteString(strings.TrimRight(s, " "))
	b.WriteString("\n")
}

// draw marks the step ev in row: messages as arrows between lifelines, and the faults by
// marks on the lifelines of the nodes they strike — X a crash, R a recovery, # each node of the
// group a partition cuts off, = every lifeline when it heals.
func (d *diagram) draw(row []rune, ev Event) {
	to, from := ev.Node, ev.From
	actors := d.tl.HasActors
	switch ev.Kind {
	case model.ActionDeliver, model.ActionDrop, model.ActionDuplicate, model.ActionByzantine:
		if actors && from >= 0 && to >= 0 && from != to {
			arrow(row, from*colWidth, to*colWidth, ev.Kind)
			return
		}
		if to < 0 {
			to = from
		}
		if to >= 0 {
			row[to*colWidth] = map[model.ActionKind]rune{
				model.ActionDeliver: '@', model.ActionDrop: 'x', model.ActionDuplicate: '+', model.ActionByzantine: 'B',
			}[ev.Kind]
		}
	case model.ActionPartition:
		for _, c := range ev.Group {
			row[c*colWidth] = '#'
		}
	case model.ActionHeal:
		if actors {
			for c := range d.tl.Actors {
				row[c*colWidth] = '='
			}
		}
	default:
		if to < 0 {
			return
		}
		row[to*colWidth] = map[model.ActionKind]rune{model.ActionCrash: 'X', model.ActionRecover: 'R'}[ev.Kind]
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

// changes lists the actors whose state differs between prev and cur ("rm1: prepared"), and the
// node that failed in step n, if one did; a long state is cut, and given in full in a note.
func (d *diagram) changes(n int, prev, cur Frame) string {
	var out []string
	for i := range cur.States {
		if i < len(prev.States) && cur.States[i] != prev.States[i] {
			name := d.tl.Actors[i]
			out = append(out, name+": "+d.notes.cut(cur.States[i], maxChangeText, fmt.Sprintf("%s after step %d: %s", name, n, cur.States[i])))
		}
	}
	if cur.Failure != "" {
		out = append(out, d.notes.cut(cur.Failure, maxRowText, fmt.Sprintf("step %d failed: %s", n, cur.Failure)))
	}
	return strings.Join(out, "; ")
}

func footer(b *strings.Builder, tl *Timeline) {
	verdict := "fails"
	if !tl.Reproduced {
		verdict = "no longer fails"
	}
	fmt.Fprintf(b, "%s (%s) %s: %s\n", tl.Trace.Property, tl.Trace.Kind, verdict, tl.Detail)
	b.WriteString("Final state:\n")
	states(b, tl, tl.At(len(tl.Steps)))
}

// states writes each actor's state in f in full, wrapped, or the whole state.
func states(b *strings.Builder, tl *Timeline, f Frame) {
	if !tl.HasActors {
		wrapped(b, "  ", f.Whole)
		return
	}
	nameW := 0
	for _, n := range tl.Actors {
		nameW = max(nameW, len([]rune(n)))
	}
	for i, n := range tl.Actors {
		wrapped(b, fmt.Sprintf("  %s%s  ", n, strings.Repeat(" ", nameW-len([]rune(n)))), f.States[i])
	}
}

// stateAt writes the state after step i: each actor's, and the messages in flight.
func (d *diagram) stateAt(b *strings.Builder, i int) {
	tl := d.tl
	if i == 0 {
		b.WriteString("\nInitial state (step 0):\n")
	} else {
		b.WriteString("\n")
		wrapped(b, "", fmt.Sprintf("State after step %d (%s):", i, tl.Steps[i-1].Text))
	}
	f := tl.At(i)
	states(b, tl, f)
	if f.Failure != "" {
		wrapped(b, "  failed: ", f.Failure)
	}
	if tl.HasActors {
		if len(f.InFlight) == 0 {
			b.WriteString("In flight: nothing\n")
			return
		}
		b.WriteString("In flight:\n")
		for _, m := range f.InFlight {
			wrapped(b, "  ", fmt.Sprintf("%s→%s %s", m.FromName, m.ToName, m.Summary))
		}
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

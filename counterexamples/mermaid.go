package counterexamples

import (
	"fmt"
	"io"
	"strings"

	"github.com/distcheck/distcheck/model"
)

// WriteMermaid writes the timeline as a Mermaid sequence diagram (https://mermaid.js.org), to
// paste into Markdown inside a ```mermaid block: a participant per actor, a message arrow per
// delivery (->>), drop (-x, a cross at the receiver's end), duplication (--), a dotted arrow)
// and message the adversary sends (-), an open arrow), and a note for each other step: timer
// firings, crashes, recoveries, partitions and heals, and spec-layer steps. Each arrow and
// note starts with the step's number. A lasso's loop is a loop block, a random walk's
// stabilisation point a note across every lifeline; a last note gives the verdict and the
// actors' final states.
func (tl *Timeline) WriteMermaid(w io.Writer) error {
	var b strings.Builder
	t := tl.Trace
	b.WriteString("sequenceDiagram\n")
	fmt.Fprintf(&b, "    title %s%s: %s (%s)\n", mermaidText(t.Protocol), mermaidText(paramText(t.Params)), mermaidText(t.Property), t.Kind)
	for i, a := range tl.Actors {
		fmt.Fprintf(&b, "    participant A%d as %s\n", i, mermaidText(a))
	}
	all := "A0"
	if len(tl.Actors) > 1 {
		all = fmt.Sprintf("A0,A%d", len(tl.Actors)-1)
	}
	for i, ev := range tl.Steps {
		switch {
		case t.Loop != nil && i == *t.Loop:
			fmt.Fprintf(&b, "    loop steps %d to %d repeat forever (fairness %s)\n", i+1, len(tl.Steps), t.Fairness)
		case t.Stabilized != nil && i == *t.Stabilized:
			fmt.Fprintf(&b, "    Note over %s: faults stop here, the scheduler is fair from now on\n", all)
		}
		fmt.Fprintf(&b, "    %s\n", tl.mermaidStep(ev, all))
	}
	if t.Loop != nil {
		b.WriteString("    end\n")
	}
	verdict := "fails"
	if !tl.Reproduced {
		verdict = "no longer fails"
	}
	fmt.Fprintf(&b, "    Note over %s: %s %s: %s\n", all, mermaidText(t.Property), verdict, mermaidText(tl.Detail))
	final := tl.At(len(tl.Steps))
	if !tl.HasActors {
		fmt.Fprintf(&b, "    Note over A0: %s\n", mermaidText(shorten(final.Whole, 2*maxSummary)))
	}
	for i, s := range final.States {
		fmt.Fprintf(&b, "    Note over A%d: %s\n", i, mermaidText(shorten(s, maxSummary)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidStep is the statement that draws step ev.
func (tl *Timeline) mermaidStep(ev Event, all string) string {
	label := fmt.Sprintf("%d %s", ev.Number, mermaidText(ev.Text))
	from, to := ev.From, ev.Node
	switch ev.Kind {
	case model.ActionDeliver, model.ActionDrop, model.ActionDuplicate, model.ActionByzantine:
		if from >= 0 && to >= 0 && tl.HasActors {
			arrow := map[model.ActionKind]string{
				model.ActionDeliver: "->>", model.ActionDrop: "-x", model.ActionDuplicate: "-->>", model.ActionByzantine: "-)",
			}[ev.Kind]
			return fmt.Sprintf("A%d%sA%d: %s", from, arrow, to, label)
		}
	case model.ActionPartition:
		if len(ev.Group) > 0 {
			return fmt.Sprintf("Note over A%d,A%d: %s", ev.Group[0], ev.Group[len(ev.Group)-1], label)
		}
		return fmt.Sprintf("Note over %s: %s", all, label)
	case model.ActionHeal:
		return fmt.Sprintf("Note over %s: %s", all, label)
	}
	col := to
	if col < 0 {
		col = from
	}
	if col < 0 {
		return fmt.Sprintf("Note over %s: %s", all, label)
	}
	return fmt.Sprintf("Note over A%d: %s", col, label)
}

// mermaidEscapes replaces what Mermaid would read as syntax in a label by its entity code.
var mermaidEscapes = strings.NewReplacer("#", "#35;", ";", "#59;", "<", "#60;", ">", "#62;", "\n", " ", "\r", " ", "%%", "#37;#37;")

func mermaidText(s string) string { return mermaidEscapes.Replace(s) }

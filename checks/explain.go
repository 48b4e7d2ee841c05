package checks

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
)

// TraceTag is the row of Visualize's drawing in which Linearizable's explanation marks the
// counterexample's steps.
const TraceTag = "trace"

// Visualize writes porcupine's drawing of h checked against m: a self-contained HTML page
// (styles, script and data inline) that shows each client's operations on a timeline, the
// longest partial linearizations and, when h is not linearizable, the operations that could
// not be linearized next. Annotations are drawn too, on h's timeline. It returns an error, and
// draws nothing, when m is incomplete or refuses one of h's operations.
func Visualize(w io.Writer, m porcupine.Model, h *History, annotations []porcupine.Annotation) error {
	_, err := visualize(w, m, h, annotations)
	return err
}

// visualize is Visualize, reporting whether h is linearizable.
func visualize(w io.Writer, m porcupine.Model, h *History, annotations []porcupine.Annotation) (bool, error) {
	s, err := newSpec(m)
	if err != nil {
		return false, err
	}
	if err := s.probe(h); err != nil {
		return false, err
	}
	var res porcupine.CheckResult
	var info porcupine.LinearizationInfo
	if err := catch(func() { res, info = porcupine.CheckOperationsVerbose(m, h.Operations(), 0) }); err != nil {
		return false, err
	}
	info.AddAnnotations(annotations)
	return res == porcupine.Ok, porcupine.Visualize(m, info, w)
}

// explain is Linearizable's Explain: the history of the counterexample's last state, on the
// timeline of its steps, drawn by porcupine with a row that marks the steps.
func (c *historyCheck) explain(w io.Writer, states []*actor.State, steps, names []string) error {
	if len(states) == 0 {
		return fmt.Errorf("checks: explain %q: no states", c.name)
	}
	h, stepTimes, err := pathHistory(states, names)
	if err != nil {
		return fmt.Errorf("checks: explain %q: %w", c.name, err)
	}
	var notes []porcupine.Annotation
	for i, text := range steps {
		if i+1 >= len(stepTimes) {
			break
		}
		notes = append(notes, porcupine.Annotation{
			Tag:         TraceTag,
			Start:       stepTimes[i+1],
			Description: fmt.Sprintf("%d %s", i+1, headline(text)),
			Details:     fmt.Sprintf("step %d: %s", i+1, text),
		})
	}
	var page bytes.Buffer
	ok, err := visualize(&page, c.m, h, notes)
	if err != nil {
		return fmt.Errorf("checks: explain %q: %w", c.name, err)
	}
	_, err = w.Write(withHeading(page.Bytes(), c.name, ok, len(steps), h.clients(), names))
	return err
}

// withHeading inserts a heading that says what the page shows at the top of porcupine's page.
func withHeading(page []byte, property string, linearizable bool, steps int, clients []int, names []string) []byte {
	verdict := "The history of the counterexample's last state is not linearizable: no order of its operations " +
		"respects real time and the sequential specification. Red marks show operations that cannot be linearized next."
	if linearizable {
		verdict = "The history of this path's last state is linearizable."
	}
	rows := make([]string, len(clients))
	for i, c := range clients {
		rows[i] = fmt.Sprintf("%d is node %d", i, c)
		if c < len(names) {
			rows[i] = fmt.Sprintf("%d is %s (node %d)", i, html.EscapeString(names[c]), c)
		}
	}
	heading := fmt.Sprintf(`
    <div style="margin: 44px 0 0 0">
      <h2 style="margin: 0 0 4px 0">distcheck: %s</h2>
      <p style="margin: 0">%s Rows: %s. The row %q marks the counterexample's %d steps (hover over one to read it); an operation's tooltip says at which steps it was invoked and returned.</p>
    </div>`, html.EscapeString(property), html.EscapeString(verdict), strings.Join(rows, ", "), TraceTag, steps)
	i := bytes.Index(page, []byte("<body>"))
	if i < 0 {
		return page
	}
	i += len("<body>")
	return slices.Concat(page[:i], []byte(heading), page[i:])
}

// pathHistory returns the history of the last of states on a timeline of the path's steps (names
// name the clients in the operations' tooltips): an
// operation invoked (or returned) in the step to states[s] gets a time after stepTimes[s] and
// before stepTimes[s+1]. That timeline has the real-time order that the Before vectors record,
// as it is the path's own.
func pathHistory(states []*actor.State, names []string) (*History, []int64, error) {
	last := states[len(states)-1].History()
	if _, err := FromOps(last); err != nil {
		return nil, nil, err
	}
	invoked := map[actor.OpID]int{}
	returned := map[actor.OpID]int{}
	for s, st := range states {
		for _, op := range st.History() {
			if _, ok := invoked[op.ID]; !ok {
				invoked[op.ID] = s
			}
			if _, ok := returned[op.ID]; !ok && op.Returned {
				returned[op.ID] = s
			}
		}
	}
	type event struct {
		step, op int
		ret      bool
	}
	var events []event
	for i, op := range last {
		events = append(events, event{step: invoked[op.ID], op: i})
		if op.Returned {
			events = append(events, event{step: returned[op.ID], op: i, ret: true})
		}
	}
	// Within a step one node acts, and its operations happen in order, each invoked before it
	// returns; Init steps are the only ones with several clients.
	slices.SortFunc(events, func(a, b event) int {
		x, y := last[a.op].ID, last[b.op].ID
		return cmp.Or(cmp.Compare(a.step, b.step), cmp.Compare(x.Client, y.Client), cmp.Compare(x.Index, y.Index), boolCmp(a.ret, b.ret))
	})
	ops := make([]hop, len(last))
	for i, op := range last {
		ops[i] = hop{client: int(op.ID.Client), index: op.ID.Index, input: op.Input, output: op.Output, ret: math.MaxInt64, pending: !op.Returned, node: true}
		who := fmt.Sprintf("node %d", op.ID.Client)
		if int(op.ID.Client) < len(names) {
			who = names[op.ID.Client]
		}
		ops[i].meta = fmt.Sprintf("%s's operation %d: invoked at step %d", who, op.ID.Index, invoked[op.ID])
		if op.Returned {
			ops[i].meta += fmt.Sprintf(", returned at step %d", returned[op.ID])
		} else {
			ops[i].output = Unknown{}
			ops[i].meta += ", never returned"
		}
	}
	stepTimes := make([]int64, len(states))
	var t int64
	e := 0
	for s := range states {
		t++
		stepTimes[s] = t
		for ; e < len(events) && events[e].step == s; e++ {
			t++
			if events[e].ret {
				ops[events[e].op].ret = t
			} else {
				ops[events[e].op].call = t
			}
		}
	}
	return &History{ops: ops}, stepTimes, nil
}

// headline shortens a step's description to its kind and nodes: "deliver n2→n0".
func headline(step string) string {
	words := strings.Fields(step)
	if len(words) > 1 && !strings.ContainsAny(words[1], "{(\"") {
		return words[0] + " " + words[1]
	}
	if len(words) > 0 {
		return words[0]
	}
	return ""
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

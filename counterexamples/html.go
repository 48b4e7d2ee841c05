package counterexamples

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"strings"

	"github.com/distcheck/distcheck/model"
)

var (
	//go:embed assets/page.html.tmpl
	pageTemplate string
	//go:embed assets/page.css
	pageCSS string
	//go:embed assets/page.js
	pageJS string

	page = template.Must(template.New("page").Parse(pageTemplate))
)

// The space-time diagram's geometry, in pixels.
const (
	svgTop     = 44  // the first row's top
	svgRow     = 24  // the height of a row
	svgGutter  = 56  // the first lifeline's x
	svgColumn  = 150 // the distance between lifelines
	svgText    = 36  // the gap between the last lifeline and the steps' texts
	svgTextW   = 640 // the width left for the steps' texts
	maxSVGText = 96  // the characters of a step's text shown (the rest is in its tooltip)
)

// WriteHTML writes the timeline as one self-contained HTML page, which needs no network to
// view: its CSS, script and data are inline. The page shows the property and its verdict, a
// space-time diagram in SVG — a vertical line per actor (class "lifeline"), a row per step
// (row 0 is the initial state), an arrow from each message's send to its delivery (class
// "arrow deliver"), and marks for drops, duplications, crashes (with the lifeline broken while
// the node is down), recoveries, partitions and heals, timer firings and the adversary's
// steps — a slider to pick a step, and every actor's state after the step picked, with the
// messages then in flight. A lasso's loop is boxed and marked with an arrow back to its start;
// a random walk's stabilisation point is a line across the diagram.
func (tl *Timeline) WriteHTML(w io.Writer) error {
	data, err := json.Marshal(tl.pageData())
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	t := tl.Trace
	v := pageView{
		Timeline:     tl,
		Title:        fmt.Sprintf("%s fails — %s", t.Property, t.Protocol),
		Params:       paramText(t.Params),
		Strategy:     t.Strategy,
		SVG:          template.HTML(tl.svg()),
		CSS:          template.CSS(pageCSS),
		JS:           template.JS(pageJS),
		Data:         template.JS(data),
		StateTitle:   "State after step " + fmt.Sprint(len(tl.Steps)),
		FinalFailure: tl.At(len(tl.Steps)).Failure,
	}
	if !tl.Reproduced {
		v.Title = fmt.Sprintf("%s no longer fails — %s", t.Property, t.Protocol)
	}
	if t.Seed != 0 || sampled(t.Strategy) {
		v.Strategy += fmt.Sprintf(", seed %d, walk %d", t.Seed, t.Walk)
	}
	if t.Loop != nil {
		v.Lasso, v.LoopFrom = true, *t.Loop+1
	}
	if t.Stabilized != nil {
		v.Stabilized = *t.Stabilized
	}
	if n := len(tl.Steps); n > 0 {
		v.LastLabel = fmt.Sprintf("step %d of %d: %s", n, n, tl.Steps[n-1].Text)
	} else {
		v.LastLabel, v.StateTitle = "step 0 of 0: initial state", "Initial state"
	}
	final := tl.At(len(tl.Steps))
	for i, a := range tl.Actors {
		s := final.Whole
		if tl.HasActors {
			s = final.States[i]
		}
		v.Final = append(v.Final, namedText{a, s})
	}
	for _, m := range final.InFlight {
		v.FinalInFlight = append(v.FinalInFlight, m.FromName+"→"+m.ToName+" "+m.Summary)
	}
	return page.Execute(w, v)
}

// pageView is what the page template shows.
type pageView struct {
	*Timeline
	Title, Params, Strategy string
	SVG                     template.HTML
	CSS                     template.CSS
	JS, Data                template.JS
	Lasso                   bool
	LoopFrom, Stabilized    int
	LastLabel, StateTitle   string
	Final                   []namedText
	FinalFailure            string
	FinalInFlight           []string
}

type namedText struct{ Name, Text string }

// pageData is the page's script's data: the geometry it needs and a frame per step.
type pageData struct {
	Actors    []string    `json:"actors"`
	Top       int         `json:"top"`
	RowHeight int         `json:"rowHeight"`
	Frames    []pageFrame `json:"frames"`
}

type pageFrame struct {
	Action   string   `json:"action"`
	States   []string `json:"states"`
	Changed  []int    `json:"changed"`
	InFlight []string `json:"inflight"`
	Failure  string   `json:"failure,omitempty"`
}

func (tl *Timeline) pageData() pageData {
	d := pageData{Actors: tl.Actors, Top: svgTop, RowHeight: svgRow}
	frame := func(action string, f Frame, changed []int) pageFrame {
		pf := pageFrame{Action: action, States: f.States, Changed: changed, InFlight: []string{}, Failure: f.Failure}
		if !tl.HasActors {
			pf.States = []string{f.Whole}
		}
		if pf.Changed == nil {
			pf.Changed = []int{}
		}
		for _, m := range f.InFlight {
			pf.InFlight = append(pf.InFlight, m.FromName+"→"+m.ToName+" "+m.Summary)
		}
		return pf
	}
	d.Frames = append(d.Frames, frame("initial state", tl.Start, nil))
	prev := tl.Start
	for _, ev := range tl.Steps {
		changed := ev.Changed
		if !tl.HasActors && ev.After.Whole != prev.Whole {
			changed = []int{0}
		}
		d.Frames = append(d.Frames, frame(ev.Text, ev.After, changed))
		prev = ev.After
	}
	return d
}

// svgWriter builds the space-time diagram.
type svgWriter struct {
	b  strings.Builder
	tl *Timeline
}

// svgX is the x of column c's lifeline; svgY the middle of row i (0: the initial state).
func svgX(c int) int { return svgGutter + c*svgColumn }
func svgY(i int) int { return svgTop + i*svgRow + svgRow/2 }

func (w *svgWriter) f(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

// esc escapes text for SVG.
func esc(s string) string { return html.EscapeString(s) }

func (tl *Timeline) svg() string {
	w := &svgWriter{tl: tl}
	n := len(tl.Steps)
	lastX := svgX(len(tl.Actors) - 1)
	width := lastX + svgText + svgTextW
	height := svgY(n) + svgRow
	if tl.Trace.Loop != nil {
		height += svgRow // for the loop's label, under it
	}
	w.f(`<svg id="spacetime" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="space-time diagram: a line per actor, an arrow per message">`+"\n", width, height, width, height)
	w.f(`<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>` + "\n")
	for i := 0; i <= n; i++ {
		class := "row"
		if i == n && tl.Reproduced && tl.Trace.Kind == model.KindAlways.String() {
			class += " final"
		}
		w.f(`<rect class="%s" data-step="%d" x="0" y="%d" width="%d" height="%d"/>`+"\n", class, i, svgTop+i*svgRow, width, svgRow)
	}
	w.regions()
	for c, a := range tl.Actors {
		w.f(`<text class="actor" x="%d" y="%d">%s</text>`+"\n", svgX(c), svgTop-14, esc(shorten(a, 18)))
		w.f(`<line class="lifeline" data-actor="%d" x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", c, svgX(c), svgTop-6, svgX(c), height-6)
	}
	w.downtimes()
	w.f(`<text class="num" x="%d" y="%d">0</text>`+"\n", svgGutter-22, svgY(0)+4)
	w.f(`<text class="action" data-step="0" x="%d" y="%d">initial state</text>`+"\n", lastX+svgText, svgY(0)+4)
	for _, ev := range tl.Steps {
		w.f(`<text class="num" x="%d" y="%d">%d</text>`+"\n", svgGutter-22, svgY(ev.Number)+4, ev.Number)
		w.f(`<text class="action" data-step="%d" x="%d" y="%d"><title>%s</title>%s</text>`+"\n",
			ev.Number, lastX+svgText, svgY(ev.Number)+4, esc(ev.Text), esc(shorten(ev.Text, maxSVGText)))
		w.step(ev)
	}
	w.f(`<line id="cursor" x1="0" y1="%d" x2="%d" y2="%d"/>`+"\n", svgY(n), lastX+svgText-6, svgY(n))
	w.f("</svg>")
	return w.b.String()
}

// regions draws the lasso's loop and the stabilisation point.
func (w *svgWriter) regions() {
	t, n := w.tl.Trace, len(w.tl.Steps)
	right := svgX(len(w.tl.Actors)-1) + svgText - 8
	if t.Loop != nil {
		top := svgTop + (*t.Loop+1)*svgRow
		w.f(`<rect class="loop" x="%d" y="%d" width="%d" height="%d" rx="6"/>`+"\n", 4, top, right, (n-*t.Loop)*svgRow)
		w.f(`<path class="loop-back" d="M14,%d C2,%d 2,%d 14,%d" marker-end="url(#head)"/>`+"\n", svgY(n), svgY(n), svgY(*t.Loop), svgY(*t.Loop))
		w.f(`<text class="note" x="%d" y="%d">↑ loop: steps %d to %d repeat forever</text>`+"\n", 8, top+(n-*t.Loop)*svgRow+16, *t.Loop+1, n)
	}
	if t.Stabilized != nil {
		yy := svgTop + (*t.Stabilized+1)*svgRow
		w.f(`<line class="stabilized" x1="0" y1="%d" x2="%d" y2="%d"><title>faults stop here; the scheduler is fair from now on</title></line>`+"\n", yy, right+svgTextW, yy)
	}
}

// downtimes breaks each lifeline from a crash to the recovery (or the end).
func (w *svgWriter) downtimes() {
	down := map[int]int{}
	for _, ev := range w.tl.Steps {
		switch ev.Kind {
		case model.ActionCrash:
			if ev.Node >= 0 {
				down[ev.Node] = ev.Number
			}
		case model.ActionRecover:
			if from, ok := down[ev.Node]; ok {
				w.f(`<line class="down" x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", svgX(ev.Node), svgY(from)+6, svgX(ev.Node), svgY(ev.Number)-6)
				delete(down, ev.Node)
			}
		}
	}
	end := svgY(len(w.tl.Steps)) + svgRow/2
	for c := range w.tl.Actors {
		if from, ok := down[c]; ok {
			w.f(`<line class="down" x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", svgX(c), svgY(from)+6, svgX(c), end)
		}
	}
}

// step draws step ev: an arrow for a message, a mark for anything else.
func (w *svgWriter) step(ev Event) {
	tl, k := w.tl, ev.Number
	title := "<title>" + esc(fmt.Sprintf("%d: %s", k, ev.Text)) + "</title>"
	col := ev.Node
	if col < 0 {
		col = ev.From
	}
	switch ev.Kind {
	case model.ActionDeliver:
		from, sentAt := ev.From, ev.SentAt
		if sentAt < 0 {
			sentAt = k
		}
		if from < 0 || ev.Node < 0 {
			w.f(`<circle class="arrow deliver" data-step="%d" cx="%d" cy="%d" r="4">%s</circle>`+"\n", k, svgX(max(col, 0)), svgY(k), title)
			return
		}
		class := "arrow deliver"
		if sentAt > 0 && tl.Steps[sentAt-1].Kind == model.ActionByzantine {
			class += " byz"
		}
		if from == ev.Node {
			x0 := svgX(from)
			w.f(`<path class="%s" data-step="%d" d="M%d,%d C%d,%d %d,%d %d,%d" marker-end="url(#head)">%s</path>`+"\n",
				class, k, x0, svgY(sentAt), x0+40, svgY(sentAt), x0+40, svgY(k), x0+2, svgY(k), title)
			return
		}
		w.f(`<line class="%s" data-step="%d" x1="%d" y1="%d" x2="%d" y2="%d" marker-end="url(#head)">%s</line>`+"\n",
			class, k, svgX(from), svgY(sentAt), svgX(ev.Node)-sign(ev.Node-from)*2, svgY(k), title)
	case model.ActionDrop:
		if ev.From < 0 || ev.Node < 0 || ev.From == ev.Node {
			w.cross(max(col, 0), k, title)
			return
		}
		sentAt := ev.SentAt
		if sentAt < 0 {
			sentAt = k
		}
		// The message stops three quarters of the way, where a cross marks its loss.
		ex := svgX(ev.From) + (svgX(ev.Node)-svgX(ev.From))*3/4
		w.f(`<line class="arrow drop" data-step="%d" x1="%d" y1="%d" x2="%d" y2="%d">%s</line>`+"\n", k, svgX(ev.From), svgY(sentAt), ex, svgY(k), title)
		w.f(`<path class="mark drop" d="M%d,%d l10,10 M%d,%d l-10,10">%s</path>`+"\n", ex-5, svgY(k)-5, ex+5, svgY(k)-5, title)
	case model.ActionDuplicate:
		if ev.From >= 0 && ev.Node >= 0 && ev.From != ev.Node {
			w.f(`<line class="arrow duplicate" data-step="%d" x1="%d" y1="%d" x2="%d" y2="%d">%s</line>`+"\n", k, svgX(ev.From), svgY(k), svgX(ev.Node), svgY(k), title)
		}
		w.f(`<text class="mark dup" x="%d" y="%d">+1%s</text>`+"\n", svgX(max(col, 0))+6, svgY(k)-3, title)
	case model.ActionByzantine:
		c := ev.From
		if c < 0 {
			c = max(col, 0)
		}
		w.f(`<path class="mark byzantine" d="M%d,%d l7,7 l-7,7 l-7,-7 z">%s</path>`+"\n", svgX(c), svgY(k)-7, title)
	case model.ActionCrash:
		w.cross(max(col, 0), k, title)
	case model.ActionRecover:
		w.f(`<circle class="mark recover" cx="%d" cy="%d" r="6">%s</circle>`+"\n", svgX(max(col, 0)), svgY(k), title)
	case model.ActionPartition:
		w.f(`<line class="partition-line" x1="%d" y1="%d" x2="%d" y2="%d">%s</line>`+"\n", svgX(0)-12, svgY(k), svgX(len(tl.Actors)-1)+12, svgY(k), title)
		for _, c := range ev.Group {
			w.f(`<rect class="mark partition" x="%d" y="%d" width="10" height="%d">%s</rect>`+"\n", svgX(c)-5, svgY(k)-9, 18, title)
		}
	case model.ActionHeal:
		w.f(`<line class="heal-line" x1="%d" y1="%d" x2="%d" y2="%d">%s</line>`+"\n", svgX(0)-12, svgY(k), svgX(len(tl.Actors)-1)+12, svgY(k), title)
	case model.ActionTimeout:
		w.f(`<circle class="mark timeout" cx="%d" cy="%d" r="6">%s</circle>`+"\n", svgX(max(col, 0)), svgY(k), title)
	default:
		if col < 0 && tl.HasActors {
			return
		}
		w.f(`<circle class="mark step" cx="%d" cy="%d" r="5">%s</circle>`+"\n", svgX(max(col, 0)), svgY(k), title)
	}
}

// cross draws an X on column c's lifeline at row k: a crash, or a drop with no sender.
func (w *svgWriter) cross(c, k int, title string) {
	w.f(`<path class="mark crash" d="M%d,%d l14,14 M%d,%d l-14,14">%s</path>`+"\n", svgX(c)-7, svgY(k)-7, svgX(c)+7, svgY(k)-7, title)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// SVG returns the space-time diagram that WriteHTML's page draws, an <svg> element for
// embedding in another page (the interactive explorer's); PageCSS styles it.
func (tl *Timeline) SVG() string { return tl.svg() }

// PageCSS returns the stylesheet of WriteHTML's page, which also styles SVG's diagram.
func PageCSS() string { return pageCSS }

package simviz

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/explore/sim"
)

// Timeline is the data of the HTML timeline, embedded in the page as JSON (in a script element
// with id "timeline-data"); times are in seconds.
type Timeline struct {
	Title    string          `json:"title"`
	Duration float64         `json:"duration_s"`
	Width    float64         `json:"width"`
	Height   float64         `json:"height"`
	Peers    []TimelinePeer  `json:"peers"`
	Links    [][2]int        `json:"links"`
	Down     []Span          `json:"down"`
	Roles    []RoleAt        `json:"roles"`
	Commits  []CommitAt      `json:"commits"`
	Leaders  []Span          `json:"leaders"`
	Parts    []PartitionSpan `json:"partitions"`
	Bucket   float64         `json:"bucket_s"`
	Sent     [][]int64       `json:"sent"` // Sent[b][p]: messages peer p sent in bucket b
	Marks    []Mark          `json:"marks"`
	// Kinds are the messages' types; Flights the messages recorded (sim.Result.Flights), each
	// [from, to, kind (index in Kinds), sent, arrival], lost ones left out. FlightsUntil is
	// when the last recorded one was sent if the recording stopped early (its cap), else 0.
	Kinds        []string     `json:"kinds"`
	Flights      [][5]float64 `json:"flights"`
	FlightsUntil float64      `json:"flights_until_s,omitempty"`
}

// TimelinePeer is a peer of the timeline: its name, kind and place.
type TimelinePeer struct {
	Name      string  `json:"name"`
	Client    bool    `json:"client,omitempty"`
	Malicious bool    `json:"malicious,omitempty"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
}

// Span is a peer's interval: down, or leading in a term.
type Span struct {
	Peer  int     `json:"peer"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Term  int     `json:"term,omitempty"`
}

// RoleAt is a role change.
type RoleAt struct {
	Peer int     `json:"peer"`
	At   float64 `json:"at"`
	Role string  `json:"role"`
	Term int     `json:"term"`
}

// CommitAt is a peer committing a command.
type CommitAt struct {
	Peer int     `json:"peer"`
	At   float64 `json:"at"`
}

// PartitionSpan is a partition: the side of each peer (-1 for none) from Start to End.
type PartitionSpan struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Side  []int   `json:"side"`
	Label string  `json:"label"`
}

// Mark is a scheduled event on the time axis.
type Mark struct {
	At    float64 `json:"at"`
	Label string  `json:"label"`
}

// secs is t in seconds, rounded to the microsecond so the JSON stays short.
func secs(d interface{ Seconds() float64 }) float64 { return math.Round(d.Seconds()*1e6) / 1e6 }

// NewTimeline gathers the timeline of res.
func NewTimeline(res *sim.Result, title string) *Timeline {
	tl := &Timeline{Title: title, Duration: secs(res.Duration), Width: svgWidth, Height: svgHeight - legendHeight,
		Links: edges(res), Bucket: secs(res.Bucket),
		Down: []Span{}, Roles: []RoleAt{}, Commits: []CommitAt{}, Leaders: []Span{}, Parts: []PartitionSpan{}, Marks: []Mark{}}
	if tl.Links == nil {
		tl.Links = [][2]int{}
	}
	pos := layout(res, tl.Width, tl.Height)
	for p, info := range res.Peers {
		tl.Peers = append(tl.Peers, TimelinePeer{Name: fmt.Sprintf("n%d", p), Client: info.Client, Malicious: info.Malicious, X: pos[p][0], Y: pos[p][1]})
		for _, w := range info.Down {
			tl.Down = append(tl.Down, Span{Peer: p, Start: secs(w.Start), End: secs(w.End)})
			tl.Marks = append(tl.Marks, Mark{At: secs(w.Start), Label: fmt.Sprintf("n%d down", p)})
			if w.End < res.Duration {
				tl.Marks = append(tl.Marks, Mark{At: secs(w.End), Label: fmt.Sprintf("n%d up", p)})
			}
		}
	}
	for _, rc := range res.Roles {
		tl.Roles = append(tl.Roles, RoleAt{Peer: int(rc.Peer), At: secs(rc.At), Role: rc.Role, Term: rc.Term})
	}
	for _, c := range res.Commits {
		tl.Commits = append(tl.Commits, CommitAt{Peer: int(c.Peer), At: secs(c.At)})
	}
	if c := res.Consensus(); c != nil {
		for _, l := range c.Leaders {
			tl.Leaders = append(tl.Leaders, Span{Peer: int(l.Peer), Start: l.Start, End: l.End, Term: l.Term})
		}
	}
	for _, pt := range res.Partitions {
		side := make([]int, len(res.Peers))
		for i := range side {
			side[i] = -1
		}
		for g, ids := range pt.Groups {
			for _, id := range ids {
				if int(id) < len(side) {
					side[id] = g
				}
			}
		}
		tl.Parts = append(tl.Parts, PartitionSpan{Start: secs(pt.Start), End: secs(pt.End), Side: side, Label: pt.String()})
		tl.Marks = append(tl.Marks, Mark{At: secs(pt.Start), Label: "partition"}, Mark{At: secs(pt.End), Label: "healed"})
	}
	for _, row := range res.Traffic {
		sent := make([]int64, len(row))
		for p, tr := range row {
			sent[p] = tr.MsgsOut
		}
		tl.Sent = append(tl.Sent, sent)
	}
	if tl.Sent == nil {
		tl.Sent = [][]int64{}
	}
	tl.Kinds, tl.Flights = []string{}, [][5]float64{}
	kinds := map[string]int{}
	for _, f := range res.Flights {
		if f.Lost || int(f.From) >= len(res.Peers) || int(f.To) >= len(res.Peers) {
			continue
		}
		k, ok := kinds[f.Kind]
		if !ok {
			k = len(tl.Kinds)
			kinds[f.Kind] = k
			tl.Kinds = append(tl.Kinds, f.Kind)
		}
		tl.Flights = append(tl.Flights, [5]float64{float64(f.From), float64(f.To), float64(k), secs(f.Sent), secs(f.Arrive)})
	}
	slices.SortStableFunc(tl.Flights, func(a, b [5]float64) int { return cmp.Compare(a[3], b[3]) }) // the page stops at the first sent later
	if n := len(res.Flights); n > 0 && res.Messages.Sent > int64(n) {
		tl.FlightsUntil = secs(res.Flights[n-1].Sent)
	}
	return tl
}

// WriteHTML writes the run as one HTML page that needs nothing else — no network, no files:
// the cluster drawn as in WriteSVG at the time a slider (or the play button) chooses, the
// leader and the commands committed so far, the messages in flight then (sim.Result.Flights)
// moving along the links, each peer's outline as thick as the messages it sent around then,
// and beneath, each peer's status over the whole run with the
// scheduled faults marked.
func WriteHTML(w io.Writer, res *sim.Result, title string) error {
	data, err := json.Marshal(NewTimeline(res, title))
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	bw := bufio.NewWriter(w)
	colors, _ := json.Marshal(kindColor)
	sides, _ := json.Marshal(sideColor)
	page := strings.NewReplacer(
		"{{TITLE}}", html.EscapeString(title),
		"{{DATA}}", string(data), // json.Marshal escapes <, > and &, so it cannot end the script
		"{{COLORS}}", string(colors),
		"{{SIDES}}", string(sides),
	).Replace(pageTemplate)
	bw.WriteString(page)
	return bw.Flush()
}

const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{TITLE}} — timeline</title>
<style>
body { font-family: sans-serif; margin: 16px; }
#controls { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
#time { width: 480px; }
#status { font-weight: bold; min-height: 1.2em; }
svg text { font-size: 11px; }
#messages { font-size: 12px; min-height: 1.2em; }
#messages span, #legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; }
</style>
</head>
<body>
<h2>{{TITLE}}</h2>
<div id="controls">
<button id="play">play</button>
<input id="time" type="range" min="0" step="0.01" value="0">
<span id="clock"></span>
<select id="speed"><option value="0.1">0.1×</option><option value="0.25">0.25×</option><option value="1">1×</option><option value="4" selected>4×</option><option value="16">16×</option></select>
</div>
<div id="status"></div>
<svg id="cluster" xmlns="http://www.w3.org/2000/svg"></svg>
<div id="messages"></div>
<div id="legend"></div>
<svg id="strip" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges"></svg>
<script type="application/json" id="timeline-data">{{DATA}}</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("timeline-data").textContent);
const COLORS = {{COLORS}}, SIDES = {{SIDES}};
const NS = "http://www.w3.org/2000/svg";
function el(parent, name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}
// status returns every peer's status at time t, as the Go package simviz works it out.
function status(t) {
  const st = D.peers.map((p, i) => ({peer: i, name: p.name, client: !!p.client, malicious: !!p.malicious,
    down: false, role: "", term: 0, side: -1, committed: 0, sent: 0, leader: false}));
  for (const w of D.down) if (t >= w.start && (t < w.end || (w.end >= D.duration_s && t >= D.duration_s))) st[w.peer].down = true;
  for (const r of D.roles) { if (r.at > t) break; st[r.peer].role = r.role; st[r.peer].term = r.term; }
  for (const c of D.commits) if (c.at <= t) st[c.peer].committed++;
  for (const p of D.partitions) if (t >= p.start && t < p.end) p.side.forEach((g, i) => { if (g >= 0) st[i].side = g; });
  for (const l of D.leaders) if (t >= l.start && (t < l.end || l.end >= D.duration_s)) st[l.peer].leader = true;
  if (D.bucket_s > 0) { const b = Math.floor(t / D.bucket_s); if (b < D.sent.length) D.sent[b].forEach((n, i) => { st[i].sent = n; }); }
  return st;
}
function kind(s) {
  if (s.down) return "down";
  if (s.client) return "client";
  if (s.malicious) return "malicious";
  if (s.role === "leader" || s.role === "primary") return "leader";
  if (s.role === "candidate") return "candidate";
  return s.role ? "follower" : "up";
}
const cluster = document.getElementById("cluster");
cluster.setAttribute("width", D.width); cluster.setAttribute("height", D.height);
const radius = D.peers.length > 12 ? Math.max(4, 16 * 12 / D.peers.length) : 16;
const links = D.links.map(([a, b]) => el(cluster, "line", {x1: D.peers[a].x, y1: D.peers[a].y, x2: D.peers[b].x, y2: D.peers[b].y, stroke: "#ccc"}));
const maxSent = Math.max(1, ...D.sent.flat());
const nodes = D.peers.map((p) => {
  const g = el(cluster, "g", {id: p.name});
  const ring = el(g, "circle", {cx: p.x, cy: p.y, r: radius + 5, fill: "none", "stroke-width": 4});
  const body = p.client ? el(g, "rect", {x: p.x - radius * 0.7, y: p.y - radius * 0.7, width: radius * 1.4, height: radius * 1.4})
                        : el(g, "circle", {cx: p.x, cy: p.y, r: radius, stroke: "black"});
  const d = radius * 0.8;
  const cross = el(g, "path", {d: "M" + (p.x - d) + " " + (p.y - d) + "L" + (p.x + d) + " " + (p.y + d) + "M" + (p.x - d) + " " + (p.y + d) + "L" + (p.x + d) + " " + (p.y - d), stroke: "black", "stroke-width": 2});
  if (radius >= 10) el(g, "text", {x: p.x, y: p.y + 4, "text-anchor": "middle", fill: "white", "font-weight": "bold"}, p.name);
  const note = el(g, "text", {x: p.x, y: p.y + radius + 14, "text-anchor": "middle"}, "");
  const tip = el(g, "title", {}, "");
  return {g, ring, body, cross, note, tip};
});
for (const k of ["leader", "candidate", "follower", "down", "client", "malicious"]) {
  const box = document.createElement("span");
  box.style.background = COLORS[k];
  document.getElementById("legend").append(box, k);
}
// Messages in flight: a dot on its way from sender to receiver, coloured by its type.
const KINDS = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999"];
const flightLayer = el(cluster, "g", {id: "flights"});
function flights(t) {
  flightLayer.replaceChildren();
  const counts = D.kinds.map(() => 0);
  for (const [from, to, k, sent, arrive] of D.flights) {
    if (sent > t) break;
    if (t >= arrive) continue;
    const a = D.peers[from], b = D.peers[to], f = arrive > sent ? (t - sent) / (arrive - sent) : 1;
    const x = a.x + (b.x - a.x) * f, y = a.y + (b.y - a.y) * f;
    el(flightLayer, "line", {x1: a.x, y1: a.y, x2: x, y2: y, stroke: KINDS[k % KINDS.length], "stroke-opacity": 0.35});
    el(flightLayer, "circle", {class: "flight", cx: x, cy: y, r: 3.5, fill: KINDS[k % KINDS.length]});
    counts[k]++;
  }
  const box = document.getElementById("messages");
  box.replaceChildren("in flight:");
  D.kinds.forEach((name, k) => {
    const sw = document.createElement("span");
    sw.style.background = KINDS[k % KINDS.length];
    box.append(sw, name + " " + counts[k]);
  });
  if (D.flights_until_s && t > D.flights_until_s) box.append(" (messages recorded up to " + D.flights_until_s + " s only)");
}
// The strip: one band per peer over the whole run, coloured by status, with the marks.
const strip = document.getElementById("strip");
const SW = 640, left = 40, rowH = Math.max(4, Math.min(14, 300 / D.peers.length));
strip.setAttribute("width", SW); strip.setAttribute("height", D.peers.length * rowH + 40);
const X = (t) => left + (SW - left - 10) * t / Math.max(D.duration_s, 1e-9);
const times = new Set([0, D.duration_s]);
for (const r of D.roles) times.add(r.at);
for (const w of D.down) { times.add(w.start); times.add(w.end); }
const ts = [...times].filter((t) => t <= D.duration_s).sort((a, b) => a - b);
for (let i = 0; i + 1 < ts.length; i++) {
  const st = status(ts[i]);
  st.forEach((s, p) => el(strip, "rect", {x: X(ts[i]), y: 10 + p * rowH, width: Math.max(0.5, X(ts[i + 1]) - X(ts[i])), height: rowH - 1, fill: COLORS[kind(s)]}));
}
if (rowH >= 8) D.peers.forEach((p, i) => el(strip, "text", {x: 2, y: 10 + i * rowH + rowH - 3}, p.name));
for (const m of D.marks) {
  el(strip, "line", {x1: X(m.at), x2: X(m.at), y1: 6, y2: 14 + D.peers.length * rowH, stroke: "black", "stroke-dasharray": "2 2"});
  el(strip, "text", {x: X(m.at) + 2, y: 26 + D.peers.length * rowH}, m.label);
}
const cursor = el(strip, "line", {y1: 0, y2: 14 + D.peers.length * rowH, stroke: "red", "stroke-width": 2});
const slider = document.getElementById("time");
slider.max = D.duration_s;
function show(t) {
  const st = status(t);
  st.forEach((s, i) => {
    const n = nodes[i], k = kind(s);
    n.g.setAttribute("class", "peer " + k); n.g.dataset.status = k;
    n.body.setAttribute("fill", COLORS[k]);
    n.body.setAttribute("stroke-width", s.leader ? 3 : 0.5 + 3 * s.sent / maxSent);
    n.cross.style.display = s.down ? "" : "none";
    n.ring.setAttribute("stroke", s.side >= 0 ? SIDES[s.side % SIDES.length] : "none");
    n.note.textContent = (s.role ? "t" + s.term + " " : "") + (s.committed ? s.committed + " cmds" : "");
    n.tip.textContent = s.name + ": " + k + (s.role ? ", " + s.role + " in term " + s.term : "") + ", " + s.committed + " committed, " + s.sent + " messages sent";
  });
  D.links.forEach(([a, b], i) => {
    const cut = st[a].side >= 0 && st[b].side >= 0 && st[a].side !== st[b].side;
    links[i].setAttribute("stroke", cut ? "#e88" : "#ccc");
    links[i].setAttribute("stroke-dasharray", cut ? "4 3" : "");
  });
  const leader = st.find((s) => s.leader);
  const down = st.filter((s) => s.down).map((s) => s.name);
  const parts = D.partitions.filter((p) => t >= p.start && t < p.end).map((p) => "partition " + p.label);
  let total = 0;
  for (const c of D.commits) if (c.at <= t) total++;
  document.getElementById("status").textContent = [
    D.roles.length ? (leader ? "leader " + leader.name + " (term " + leader.term + ")" : "no leader") : "",
    total ? total + " commits (all peers)" : "",
    down.length ? "down: " + down.join(",") : "", ...parts].filter((x) => x).join(" · ");
  document.getElementById("clock").textContent = t.toFixed(2) + " s of " + D.duration_s + " s";
  cursor.setAttribute("x1", X(t)); cursor.setAttribute("x2", X(t));
  flights(t);
}
slider.addEventListener("input", () => show(+slider.value));
let timer = null, last = 0;
document.getElementById("play").addEventListener("click", (ev) => {
  if (timer) { clearInterval(timer); timer = null; ev.target.textContent = "play"; return; }
  if (+slider.value >= D.duration_s) slider.value = 0;
  ev.target.textContent = "pause"; last = performance.now();
  timer = setInterval(() => {
    const now = performance.now();
    const t = Math.min(D.duration_s, +slider.value + (now - last) / 1000 * +document.getElementById("speed").value);
    last = now; slider.value = t; show(t);
    if (t >= D.duration_s) { clearInterval(timer); timer = null; ev.target.textContent = "play"; }
  }, 50);
});
// A link to page.html#t=35 opens it at 35 s.
const start = location.hash.match(/t=([0-9.]+)/);
slider.value = start ? Math.min(+start[1], D.duration_s) : 0;
show(+slider.value);
</script>
</body>
</html>
`

package counterexamples

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/model"
)

// ShiVizRegexp is the log parsing regular expression that WriteShiViz puts on the log's first
// line: each event is a line "host {vector clock}" followed by a line of text.
const ShiVizRegexp = `(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`

// The hosts that events which no actor takes happen at, in ShiViz logs.
const (
	// networkHost drops, duplicates, partitions and heals.
	networkHost = "network"
	// systemHost takes a spec-layer step that no actor takes.
	systemHost = "system"
)

// ShiVizEvent is one event of a ShiViz log.
type ShiVizEvent struct {
	// Host is where the event happens: an actor, or "network" for drops, duplications,
	// partitions and heals, or "system" for a step of no actor.
	Host string
	// Clock is the event's vector clock: host → number of that host's events it follows or is.
	Clock map[string]int
	// Text describes the event.
	Text string
	// Step is the trace step of the event, from 1, or 0 for an actor's start.
	Step int
}

// ShiViz returns the timeline's events as ShiViz shows them. Every actor starts with an event
// (its Init; the messages in flight in the initial state are its sends), then each step is an
// event: a delivery at its receiver, a timer firing, crash or recovery at its node, a message
// the adversary sends at its sending identity, a spec-layer step at its actor, and drops,
// duplications, partitions and heals at the pseudo-host "network". Each host's clock starts
// at 1 and rises by 1 per event; a delivery, drop or duplication merges into its host's clock
// the clock of the event that sent the message.
func (tl *Timeline) ShiViz() []ShiVizEvent {
	hosts := shivizHosts(tl.Actors)
	taken := map[string]bool{}
	for _, h := range hosts {
		taken[h] = true
	}
	network, system := freeName(networkHost, taken), freeName(systemHost, taken)
	cur := map[string]map[string]int{} // each host's clock now
	var out []ShiVizEvent
	tick := func(host string, merge map[string]int, text string, step int) map[string]int {
		c := maps.Clone(cur[host])
		if c == nil {
			c = map[string]int{}
		}
		for h, n := range merge {
			c[h] = max(c[h], n)
		}
		c[host] = cur[host][host] + 1
		cur[host] = c
		out = append(out, ShiVizEvent{Host: host, Clock: c, Text: text, Step: step})
		return c
	}
	start := make([]map[string]int, len(hosts))
	for col, h := range hosts {
		start[col] = tick(h, nil, tl.startText(col), 0)
	}
	sent := make([]map[string]int, len(tl.Steps)+1) // the clock of each step's event
	for _, ev := range tl.Steps {
		host := hostOf(ev, hosts, network, system)
		var merge map[string]int
		switch {
		case ev.SentAt > 0:
			merge = sent[ev.SentAt]
		case ev.SentAt == 0 && ev.From >= 0 && ev.From < len(start):
			merge = start[ev.From]
		}
		sent[ev.Number] = tick(host, merge, tl.eventText(ev, host, hosts), ev.Number)
	}
	return out
}

// WriteShiViz writes the timeline as a log that ShiViz (https://bestchai.bitbucket.io/shiviz/)
// opens: ShiVizRegexp on the first line, an empty second line (the delimiter between
// executions: there is one), then for each event of ShiViz a line "host {clock as JSON}" and a
// line of text.
func (tl *Timeline) WriteShiViz(w io.Writer) error {
	var b strings.Builder
	b.WriteString(ShiVizRegexp + "\n\n")
	for _, e := range tl.ShiViz() {
		clock, err := json.Marshal(e.Clock) // keys sorted
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %s\n%s\n", e.Host, clock, e.Text)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shivizHosts returns the actors' names as ShiViz hosts: no white space, none empty, no two
// alike.
func shivizHosts(actors []string) []string {
	taken := map[string]bool{}
	out := make([]string, len(actors))
	for i, a := range actors {
		h := strings.Join(strings.Fields(a), "_")
		if h == "" {
			h = fmt.Sprintf("actor%d", i)
		}
		out[i] = freeName(h, taken)
		taken[out[i]] = true
	}
	return out
}

// freeName returns name, with underscores added until it is not taken.
func freeName(name string, taken map[string]bool) string {
	for taken[name] {
		name += "_"
	}
	return name
}

// hostOf returns the host where step ev happens.
func hostOf(ev Event, hosts []string, network, system string) string {
	col := ev.Node
	switch ev.Kind {
	case model.ActionDrop, model.ActionDuplicate, model.ActionPartition, model.ActionHeal:
		return network
	case model.ActionByzantine:
		if ev.From >= 0 {
			col = ev.From
		}
	}
	if col < 0 || col >= len(hosts) {
		if ev.Kind == model.ActionStep {
			return system
		}
		return network
	}
	return hosts[col]
}

// startText describes actor col's start: what it sent, and its state.
func (tl *Timeline) startText(col int) string {
	text := "start"
	var sends []string
	for _, m := range tl.Start.InFlight {
		if m.From == col {
			sends = append(sends, m.ToName+" "+m.Summary)
		}
	}
	if len(sends) > 0 {
		text += "; sends " + strings.Join(sends, ", ")
	}
	if tl.HasActors {
		text += " [" + tl.Start.States[col] + "]"
	} else {
		text += " [" + tl.Start.Whole + "]"
	}
	return oneLine.Replace(text)
}

// eventText describes step ev for its host: the step and what it changed there.
func (tl *Timeline) eventText(ev Event, host string, hosts []string) string {
	text := fmt.Sprintf("step %d: %s", ev.Number, ev.Text)
	if col := slices.Index(hosts, host); col >= 0 && slices.Contains(ev.Changed, col) {
		text += " [" + ev.After.States[col] + "]"
	}
	if !tl.HasActors {
		text += " [" + ev.After.Whole + "]"
	}
	if ev.After.Failure != "" {
		text += " FAILED " + ev.After.Failure
	}
	return oneLine.Replace(text)
}

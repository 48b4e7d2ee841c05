package counterexamples_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
)

// shivizEvent is an event parsed back from a ShiViz log.
type shivizEvent struct {
	host  string
	clock map[string]int
	text  string
}

// parseShiViz parses a log the way ShiViz does: the first line is the parsing regular
// expression, the second the delimiter between executions, and the rest the events, which
// the expression must match one after another, leaving nothing.
func parseShiViz(t *testing.T, log string) []shivizEvent {
	t.Helper()
	first, rest, ok := strings.Cut(log, "\n")
	require.True(t, ok)
	require.Equal(t, counterexamples.ShiVizRegexp, first)
	delim, body, ok := strings.Cut(rest, "\n")
	require.True(t, ok)
	require.Empty(t, delim, "one execution: no delimiter")
	// ShiViz reads the expression as JavaScript does; Go reads (?<name>...) alike.
	re := regexp.MustCompile(first)
	var events []shivizEvent
	at := 0
	for _, m := range re.FindAllStringSubmatchIndex(body, -1) {
		require.Equal(t, at, m[0], "the expression matches the log from end to end (at byte %d)", at)
		at = m[1] + 1 // the newline after the event's text
		ev := shivizEvent{
			host: body[m[re.SubexpIndex("host")*2]:m[re.SubexpIndex("host")*2+1]],
			text: body[m[re.SubexpIndex("event")*2]:m[re.SubexpIndex("event")*2+1]],
		}
		require.NoError(t, json.Unmarshal([]byte(body[m[re.SubexpIndex("clock")*2]:m[re.SubexpIndex("clock")*2+1]]), &ev.clock))
		events = append(events, ev)
	}
	require.Equal(t, len(body), at, "nothing is left after the last event")
	return events
}

// checkShiViz writes tl's ShiViz log and checks it against ShiViz's rules: each host's own
// entry is in each of its events' clocks, starts at 1 and rises by 1 per event; no clock
// claims more events of another host than that host has had; a host's clock never goes back;
// and a delivery's clock has merged the clock of the event that sent the message.
func checkShiViz(t *testing.T, tl *counterexamples.Timeline) []shivizEvent {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, tl.WriteShiViz(&b))
	events := parseShiViz(t, b.String())
	require.Len(t, events, len(tl.Actors)+len(tl.Steps), "a start per actor and an event per step")

	count := map[string]int{}           // events of each host so far
	last := map[string]map[string]int{} // each host's last clock
	byStep := map[int]shivizEvent{}     // the event of each step
	start := map[string]shivizEvent{}   // each host's start
	for i, ev := range events {
		require.NotContains(t, ev.host, " ")
		require.Contains(t, ev.clock, ev.host, "event %d: the host's own entry is present", i)
		count[ev.host]++
		assert.Equal(t, count[ev.host], ev.clock[ev.host], "event %d at %s: the own entry counts the host's events from 1", i, ev.host)
		for h, n := range ev.clock {
			if h != ev.host {
				assert.LessOrEqual(t, n, count[h], "event %d at %s: %s has had only %d events", i, ev.host, h, count[h])
			}
			assert.GreaterOrEqual(t, n, last[ev.host][h], "event %d at %s: the clock went back", i, ev.host)
		}
		for h, n := range last[ev.host] {
			assert.GreaterOrEqual(t, ev.clock[h], n, "event %d at %s: entry %s dropped", i, ev.host, h)
		}
		last[ev.host] = ev.clock
		if strings.HasPrefix(ev.text, "start") {
			start[ev.host] = ev
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(strings.SplitN(ev.text, ":", 2)[0], "step "))
		require.NoError(t, err, ev.text)
		byStep[n] = ev
	}
	for _, st := range tl.Steps {
		if st.Kind != model.ActionDeliver || st.SentAt < 0 {
			continue
		}
		send := byStep[st.SentAt]
		if st.SentAt == 0 {
			send = start[st.Record.From]
		}
		require.NotNil(t, send.clock, "step %d: the send", st.Number)
		recv := byStep[st.Number]
		assert.Equal(t, st.Record.Node, recv.host, "step %d happens at the receiver", st.Number)
		for h, n := range send.clock {
			assert.GreaterOrEqual(t, recv.clock[h], n, "step %d: the receive merged the send's clock (entry %s)", st.Number, h)
		}
	}
	return events
}

// The ShiViz export obeys ShiViz's rules for messages sent at start and by steps, faults of
// every kind, a network that keeps delivered messages, and a spec-layer model.
func TestShiVizObeysItsRules(t *testing.T) {
	events := checkShiViz(t, timeline(t, pingPong(0), traceOf(t, pingPong(0))))
	assert.Equal(t, []shivizEvent{
		{"pinger", map[string]int{"pinger": 1}, "start; sends ponger counterexamples_test.Ping{Seq:1}, ponger counterexamples_test.Ping{Seq:2} [pongs=0]"},
		{"ponger", map[string]int{"ponger": 1}, "start [pings=0]"},
		{"ponger", map[string]int{"pinger": 1, "ponger": 2}, "step 1: deliver pinger→ponger counterexamples_test.Ping{Seq:1} [pings=1]"},
		{"pinger", map[string]int{"pinger": 2, "ponger": 2}, "step 2: deliver ponger→pinger counterexamples_test.Pong{Seq:1} [pongs=1]"},
		{"network", map[string]int{"pinger": 1, "network": 1}, "step 3: drop pinger→ponger counterexamples_test.Ping{Seq:2}"},
	}, events)

	sys := faultyTwoPC(t)
	checkShiViz(t, timeline(t, sys, faultyTrace(t, sys)))

	dup := overcounting(t, 3)
	checkShiViz(t, timeline(t, dup, firstViolation(t, dup, explore.Options{Strategy: explore.Random, Seed: 4, Walks: 10, MaxDepth: 200, Workers: 1})))

	events = checkShiViz(t, timeline(t, earlyCommit(t), traceOf(t, earlyCommit(t))))
	assert.Equal(t, "TM", events[0].host)
}

// The log starts with the parsing expression and a blank line, and each event is two lines.
func TestWriteShiVizFormat(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, timeline(t, pingPong(0), traceOf(t, pingPong(0))).WriteShiViz(&b))
	lines := strings.Split(b.String(), "\n")
	assert.Equal(t, `(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`, lines[0])
	assert.Equal(t, "", lines[1])
	assert.Equal(t, `ponger {"pinger":1,"ponger":2}`, lines[6])
	assert.Equal(t, "step 1: deliver pinger→ponger counterexamples_test.Ping{Seq:1} [pings=1]", lines[7])
}

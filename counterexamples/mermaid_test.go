package counterexamples_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
)

func mermaid(t *testing.T, tl *counterexamples.Timeline) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, tl.WriteMermaid(&b))
	return b.String()
}

func TestMermaidPingPong(t *testing.T) {
	got := mermaid(t, timeline(t, pingPong(0), traceOf(t, pingPong(0))))
	golden(t, "pingpong.mermaid", got)
	assert.True(t, strings.HasPrefix(got, "sequenceDiagram\n"))
	assert.Contains(t, got, "    participant A0 as pinger\n    participant A1 as ponger\n")
	assert.Contains(t, got, "    A0->>A1: 1 deliver pinger→ponger counterexamples_test.Ping{Seq:1}\n")
	assert.Contains(t, got, "    A1->>A0: 2 deliver ponger→pinger counterexamples_test.Pong{Seq:1}\n")
	assert.Contains(t, got, "    A0-xA1: 3 drop pinger→ponger counterexamples_test.Ping{Seq:2}\n")
	assert.Contains(t, got, "    Note over A0: pongs=1\n")
}

// A lasso's loop is a loop block; a spec-layer step is a note over its actor.
func TestMermaidLasso(t *testing.T) {
	got := mermaid(t, timeline(t, &rally{}, lassoTrace(t)))
	assert.Contains(t, got, "    loop steps 1 to 2 repeat forever (fairness none)\n    Note over A0: 1 ping\n    Note over A0: 2 pong\n    end\n")
}

// What Mermaid would read as syntax is written as entity codes.
func TestMermaidEscapesItsSyntax(t *testing.T) {
	tl := timeline(t, pingPong(0), traceOf(t, pingPong(0)))
	tl.Trace.Property = "a; b #1 <x>"
	got := mermaid(t, tl)
	assert.Contains(t, got, "title pingpong (pings=2): a#59; b #35;1 #60;x#62; (always)")
}

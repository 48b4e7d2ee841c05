package counterexamples_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

func page(t *testing.T, tl *counterexamples.Timeline) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, tl.WriteHTML(&b))
	return b.String()
}

// spacetime returns the page's space-time diagram: its SVG element (the legend has its own).
func spacetime(t *testing.T, html string) string {
	t.Helper()
	svg := regexp.MustCompile(`(?s)<svg id="spacetime".*?</svg>`).FindString(html)
	require.NotEmpty(t, svg)
	return svg
}

// deliveries counts the timeline's delivery steps.
func deliveries(tl *counterexamples.Timeline) int {
	n := 0
	for _, s := range tl.Steps {
		if s.Record.Kind == "deliver" {
			n++
		}
	}
	return n
}

// The page draws a line per actor and an arrow per delivery, and holds a frame per step.
func TestHTMLDrawsTheSpaceTimeDiagram(t *testing.T) {
	tl := timeline(t, pingPong(0), traceOf(t, pingPong(0)))
	html := page(t, tl)
	svg := spacetime(t, html)
	assert.Equal(t, len(tl.Actors), strings.Count(svg, `<line class="lifeline"`))
	assert.Equal(t, deliveries(tl), strings.Count(svg, `class="arrow deliver`))
	assert.Equal(t, 1, strings.Count(svg, `class="arrow drop"`))
	assert.Contains(t, html, `<input type="range" id="step" min="0" max="3" value="3"`)
	assert.Contains(t, html, "ping lost does not hold in the last state (after 3 steps)")

	m := regexp.MustCompile(`(?s)<script type="application/json" id="timeline">(.*?)</script>`).FindStringSubmatch(html)
	require.NotNil(t, m)
	var data struct {
		Actors []string
		Frames []struct {
			Action string
			States []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(m[1]), &data))
	assert.Equal(t, tl.Actors, data.Actors)
	require.Len(t, data.Frames, len(tl.Steps)+1)
	assert.Equal(t, []string{"pongs=0", "pings=0"}, data.Frames[0].States)
	assert.Equal(t, []string{"pongs=1", "pings=1"}, data.Frames[3].States)
}

// The page needs no network: no external script, style sheet, image or font.
func TestHTMLIsSelfContained(t *testing.T) {
	sys := faultyTwoPC(t)
	html := page(t, timeline(t, sys, faultyTrace(t, sys)))
	noSVGNamespace := strings.ReplaceAll(html, `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, bad := range []string{"http://", "https://", "<link", " src=", "@import", "url(http", "//cdn"} {
		assert.NotContains(t, noSVGNamespace, bad)
	}
	assert.Contains(t, html, "<style>")
	assert.Contains(t, html, "<script>")
}

// Text from the model cannot break out of the page.
func TestHTMLEscapesText(t *testing.T) {
	tl := timeline(t, pingPong(0), traceOf(t, pingPong(0)))
	tl.Trace.Property = `</script><script>alert(1)</script>`
	tl.Steps[0].Text = `<b onclick="x">`
	tl.Steps[0].After.States[0] = `</script>`
	html := page(t, tl)
	assert.NotContains(t, html, "<script>alert(1)")
	assert.NotContains(t, html, `<b onclick`)
	assert.Equal(t, 2, strings.Count(html, "</script>"), "only the page's own scripts end")
}

// A lasso's loop is boxed, with an arrow back to its start.
func TestHTMLMarksTheLoop(t *testing.T) {
	html := page(t, timeline(t, &rally{}, lassoTrace(t)))
	assert.Contains(t, html, `<rect class="loop"`)
	assert.Contains(t, html, `class="loop-back"`)
	assert.Contains(t, html, "loop: steps 1 to 2 repeat forever")
}

// A model without actors is one column, "state", with a mark per step and the whole state
// shown.
func TestHTMLOfAModelWithoutActors(t *testing.T) {
	g := &grid{n: 3, props: []model.Property[point]{
		properties.Always("x below 2", func(p point) bool { return p.X < 2 }),
	}}
	tl := timeline(t, g, traceOf(t, g))
	html := page(t, tl)
	svg := spacetime(t, html)
	assert.Equal(t, 1, strings.Count(svg, `<line class="lifeline"`))
	assert.Equal(t, len(tl.Steps), strings.Count(svg, `class="mark step"`))
	assert.Contains(t, html, "counterexamples_test.point{X:2, Y:0}")
}

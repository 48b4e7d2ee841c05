package simplot_test

import (
	"image/png"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim/simplot"
)

// Lines draws its series into one PNG named after the plot, with their labels as its series.
func TestLinesDrawsEverySeries(t *testing.T) {
	dir := t.TempDir()
	series := []simplot.Series{
		{Label: "a", X: []float64{0, 1, 2}, Y: []float64{0, 0.1, 0.3}},
		{Label: "baseline", X: []float64{0, 2}, Y: []float64{0, 0.2}, Dashed: true},
	}
	f, err := simplot.Lines(dir, "sweep-x", simplot.Options{}, "title", "x", "y", series)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "baseline"}, f.Series)
	assert.Equal(t, "title", f.Title)
	r, err := os.Open(f.Path)
	require.NoError(t, err)
	defer r.Close()
	_, err = png.Decode(r)
	require.NoError(t, err)

	_, err = simplot.Lines(dir, "bad", simplot.Options{}, "t", "x", "y", []simplot.Series{{Label: "b", X: []float64{1}, Y: nil}})
	assert.ErrorContains(t, err, `series "b": 1 x values and 0 y values`)
	_, err = simplot.Lines(dir, "bad", simplot.Options{Format: "gif"}, "t", "x", "y", series)
	assert.ErrorContains(t, err, `plot format "gif"`)
}

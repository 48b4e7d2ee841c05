package clocksync

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var (
	boundColor  = color.RGBA{R: 205, G: 205, B: 205, A: 255}
	brokenColor = color.RGBA{R: 214, G: 39, B: 40, A: 255}
)

// WritePlot draws the good clocks' offsets from true time over the run, in ms, one line per
// node, into dir/clock-offsets.FORMAT (png or svg), and returns the path. For Cristian and NTP
// each synchronisation adds the bound it guarantees (a grey bar of ±bound) and the error just
// after (a dot, a red cross when outside the bar); for Berkeley a round whose agreed time left
// the good clocks' range is a red dashed line.
func WritePlot(dir, format, title string, r Records) (string, error) {
	p := plot.New()
	p.Title.Text = title + ": clock offsets from true time"
	p.X.Label.Text = "time (s)"
	p.Y.Label.Text = "offset (ms)"
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	faulty := 0
	var bars, ok, broken plotter.XYs
	var brokenRounds []float64
	var lines []*plotter.Line
	for i, c := range r.Clocks {
		if c.Faulty {
			faulty++
			continue
		}
		pts := make(plotter.XYs, 0, len(c.Samples))
		for k, o := range c.Samples {
			if o == Missing {
				continue // a gap would be better than a line across the downtime; rare enough
			}
			pts = append(pts, plotter.XY{X: (time.Duration(k+1) * r.Sample).Seconds(), Y: ms(o)})
		}
		if len(pts) > 0 {
			l, err := plotter.NewLine(pts)
			if err != nil {
				return "", err
			}
			l.Color = plotutil.Color(i)
			lines = append(lines, l)
		}
		for _, s := range c.Syncs {
			switch {
			case s.Bound < 0:
			case c.Peer == 0 && title == "berkeley":
				if s.Broken() {
					brokenRounds = append(brokenRounds, s.At.Seconds())
				}
			default:
				at := s.At.Seconds()
				bars = append(bars, plotter.XY{X: at, Y: ms(-s.Bound)}, plotter.XY{X: at, Y: ms(s.Bound)})
				if s.Broken() {
					broken = append(broken, plotter.XY{X: at, Y: ms(s.Error)})
				} else {
					ok = append(ok, plotter.XY{X: at, Y: ms(s.Error)})
				}
			}
		}
	}
	if faulty > 0 {
		p.Title.Text += fmt.Sprintf(" (%d faulty clock left out)", faulty)
	}
	for i := 0; i+1 < len(bars); i += 2 {
		l, err := plotter.NewLine(bars[i : i+2])
		if err != nil {
			return "", err
		}
		l.Color, l.Width = boundColor, vg.Points(1)
		p.Add(l)
		if i == 0 {
			p.Legend.Add("±bound at a sync", l)
		}
	}
	for _, l := range lines {
		p.Add(l)
	}
	for _, set := range []struct {
		pts   plotter.XYs
		name  string
		shape draw.GlyphDrawer
		color color.Color
	}{{ok, "error after a sync", draw.CircleGlyph{}, color.Black}, {broken, "outside the bound", draw.CrossGlyph{}, brokenColor}} {
		if len(set.pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(set.pts)
		if err != nil {
			return "", err
		}
		sc.GlyphStyle = draw.GlyphStyle{Shape: set.shape, Color: set.color, Radius: vg.Points(1.5)}
		p.Add(sc)
		p.Legend.Add(set.name, sc)
	}
	for k, at := range brokenRounds {
		l, err := plotter.NewLine(plotter.XYs{{X: at, Y: p.Y.Min}, {X: at, Y: p.Y.Max}})
		if err != nil {
			return "", err
		}
		l.Color, l.Dashes = brokenColor, []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(l)
		if k == 0 {
			p.Legend.Add("round outside the bound", l)
		}
	}
	// Room above the data for the legend.
	p.Y.Max += 0.45 * (p.Y.Max - p.Y.Min)
	p.Legend.Top = true
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "clock-offsets."+format)
	if err := p.Save(16*vg.Centimeter, 10*vg.Centimeter, path); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, nil
}

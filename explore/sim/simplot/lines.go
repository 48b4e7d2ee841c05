package simplot

import (
	"fmt"
	"image/color"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// Series is one line of a Lines plot: Y against X, marked with points (or dashed, without).
type Series struct {
	Label  string
	X, Y   []float64
	Dashed bool
}

// Lines draws series as lines with points, into dir/name with opts's format and size, e.g.
// a metric against a swept parameter, one line per value of a second parameter.
func Lines(dir, name string, opts Options, title, xLabel, yLabel string, series []Series) (File, error) {
	if opts.Format == "" {
		opts.Format = "png"
	}
	if opts.Format != "png" && opts.Format != "svg" {
		return File{}, fmt.Errorf("plot format %q: want png or svg", opts.Format)
	}
	if opts.Width == 0 {
		opts.Width = 16 * vg.Centimeter
	}
	if opts.Height == 0 {
		opts.Height = 10 * vg.Centimeter
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return File{}, err
	}
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	p.Legend.Top, p.Legend.Left = true, true
	var names []string
	for i, s := range series {
		if len(s.X) != len(s.Y) {
			return File{}, fmt.Errorf("series %q: %d x values and %d y values", s.Label, len(s.X), len(s.Y))
		}
		pts := make(plotter.XYs, len(s.X))
		for k := range s.X {
			pts[k] = plotter.XY{X: s.X[k], Y: s.Y[k]}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return File{}, fmt.Errorf("series %q: %w", s.Label, err)
		}
		c := plotutil.Color(i)
		l.Color, l.Width = c, vg.Points(1.5)
		if s.Dashed {
			l.Color = color.Gray{Y: 0x70}
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			p.Add(l)
			p.Legend.Add(s.Label, l)
		} else {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return File{}, fmt.Errorf("series %q: %w", s.Label, err)
			}
			sc.Color, sc.Shape = c, plotutil.Shape(i)
			p.Add(l, sc)
			p.Legend.Add(s.Label, l, sc)
		}
		names = append(names, s.Label)
	}
	w := writer{dir: dir, opts: opts}
	w.save(name, p, names, nil)
	if w.err != nil {
		return File{}, w.err
	}
	return w.files[0], nil
}

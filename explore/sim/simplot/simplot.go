// Package simplot draws the results of a simulation (package explore/sim) with gonum/plot: a
// heat map of delays (item × peer), a histogram of the overhead (copies per delivery), the
// bandwidth and message rates over time (median and spread over the peers), the convergence
// curve, and the overlay with offline peers marked at chosen times. Each is a PNG or SVG file.
package simplot

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/distcheck/distcheck/explore/sim"
)

// Options says what to draw and how.
type Options struct {
	// Format is "png" (the default) or "svg".
	Format string
	// TopologyAt are the times to draw the overlay at, with the peers offline then marked;
	// empty means the middle of the run.
	TopologyAt []time.Duration
	// NoItems leaves out the plots of items (delays, overhead, convergence), for a protocol
	// that spreads none.
	NoItems bool
	// Width and Height are each plot's size; zero means 16 cm × 10 cm.
	Width, Height vg.Length
}

// File is a plot written: where, its title, and the names of its series (as in its legend).
type File struct {
	Path   string
	Title  string
	Series []string
}

// Write draws every plot of res into dir, which it creates if needed, and returns the files.
func Write(dir string, res *sim.Result, opts Options) ([]File, error) {
	switch opts.Format {
	case "":
		opts.Format = "png"
	case "png", "svg":
	default:
		return nil, fmt.Errorf("plot format %q: want png or svg", opts.Format)
	}
	if opts.Width == 0 {
		opts.Width = 16 * vg.Centimeter
	}
	if opts.Height == 0 {
		opts.Height = 10 * vg.Centimeter
	}
	if len(opts.TopologyAt) == 0 {
		opts.TopologyAt = []time.Duration{res.Duration / 2}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	w := writer{dir: dir, opts: opts}
	c := res.Consensus()
	if c != nil {
		w.consensus(res, c)
	} else if !opts.NoItems {
		w.delays(res)
		w.overhead(res)
	}
	series := res.TrafficSeries()
	w.traffic("bandwidth", "Bandwidth per peer", "bytes sent per second", series, func(p sim.TrafficPoint) [3]float64 {
		return [3]float64{p.BytesP10, p.BytesMedian, p.BytesP90}
	})
	w.traffic("messages", "Messages per peer", "messages sent per second", series, func(p sim.TrafficPoint) [3]float64 {
		return [3]float64{p.MsgsP10, p.MsgsMedian, p.MsgsP90}
	})
	if c == nil && !opts.NoItems {
		w.convergence(res)
	}
	for _, at := range opts.TopologyAt {
		w.topology(res, at)
	}
	return w.files, w.err
}

// writer writes plots and collects the files, stopping at the first error.
type writer struct {
	dir   string
	opts  Options
	files []File
	err   error
}

// save writes p as name, with its series.
func (w *writer) save(name string, p *plot.Plot, series []string, extra func(draw.Canvas)) {
	if w.err != nil {
		return
	}
	path := filepath.Join(w.dir, name+"."+w.opts.Format)
	c, err := draw.NewFormattedCanvas(w.opts.Width, w.opts.Height, w.opts.Format)
	if err != nil {
		w.err = err
		return
	}
	dc := draw.New(c)
	if extra != nil {
		h := w.opts.Height
		p.Draw(draw.Crop(dc, 0, 0, h*0.2, 0))
		extra(draw.Crop(dc, 0, 0, 0, -h*0.8))
	} else {
		p.Draw(dc)
	}
	f, err := os.Create(path)
	if err != nil {
		w.err = err
		return
	}
	if _, err := c.WriteTo(f); err != nil {
		f.Close()
		w.err = fmt.Errorf("%s: %w", path, err)
		return
	}
	if err := f.Close(); err != nil {
		w.err = err
		return
	}
	w.files = append(w.files, File{Path: path, Title: p.Title.Text, Series: series})
}

// delayGrid is the delays of the items (rows) to the receivers (columns); NaN when missing.
type delayGrid struct {
	z        [][]float64
	min, max float64
}

func (g *delayGrid) Dims() (c, r int)   { return len(g.z[0]), len(g.z) }
func (g *delayGrid) Z(c, r int) float64 { return g.z[r][c] }
func (g *delayGrid) X(c int) float64    { return float64(c) }
func (g *delayGrid) Y(r int) float64    { return float64(r) }
func (g *delayGrid) Min() float64       { return g.min }
func (g *delayGrid) Max() float64       { return g.max }

var (
	missingColor = color.RGBA{A: 255}
	offlineColor = color.RGBA{R: 220, A: 255}
	bandColor    = color.NRGBA{R: 70, G: 130, B: 180, A: 90}
	lineColor    = color.RGBA{R: 20, G: 60, B: 140, A: 255}
)

func (w *writer) delays(res *sim.Result) {
	recv := res.Receivers()
	g := &delayGrid{min: math.Inf(1), max: math.Inf(-1)}
	for i := range res.Items {
		it := &res.Items[i]
		if !res.Measured(it) {
			continue
		}
		row := make([]float64, len(recv))
		for k, p := range recv {
			row[k] = math.NaN()
			if rc := it.Receipt(p); rc.Count > 0 {
				row[k] = (rc.First - it.Produced).Seconds()
				g.min, g.max = math.Min(g.min, row[k]), math.Max(g.max, row[k])
			}
		}
		g.z = append(g.z, row)
	}
	p := plot.New()
	p.Title.Text = "Delay from production to first receipt"
	p.X.Label.Text = "peer (receivers, in order)"
	p.Y.Label.Text = "item (in order of production)"
	p.X.Padding, p.Y.Padding = 0, 0
	series := []string{"delay", "missing"}
	if len(g.z) == 0 || len(recv) == 0 {
		w.save("delays", emptyPlot(p), series, nil)
		return
	}
	if g.max <= g.min {
		g.max = g.min + 1e-3
	}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(g.min)
	cm.SetMax(g.max)
	h := plotter.NewHeatMap(g, cm.Palette(255))
	h.NaN = missingColor
	h.Rasterized = len(g.z)*len(recv) > 100_000
	p.Add(h)
	w.save("delays", p, series, func(c draw.Canvas) {
		bar := plot.New()
		bar.HideY()
		bar.X.Padding = 0
		bar.X.Label.Text = "delay (s); black: missing"
		bar.Add(&plotter.ColorBar{ColorMap: cm})
		bar.Draw(c)
	})
}

func (w *writer) overhead(res *sim.Result) {
	recv := res.Receivers()
	var seen plotter.Values
	for i := range res.Items {
		it := &res.Items[i]
		if it.Produced < 0 || it.ByMalicious {
			continue
		}
		for _, p := range recv {
			if rc := it.Receipt(p); rc.Count > 0 {
				seen = append(seen, float64(rc.Count))
			}
		}
	}
	p := plot.New()
	p.Title.Text = "Overhead: copies of an item a peer takes"
	p.X.Label.Text = "times seen"
	p.Y.Label.Text = "deliveries"
	series := []string{"times seen"}
	if len(seen) == 0 {
		w.save("overhead", emptyPlot(p), series, nil)
		return
	}
	// One bin per count, centred on it.
	hi := int(slices.Max(seen))
	bins := make([]plotter.HistogramBin, hi)
	for k := range bins {
		bins[k] = plotter.HistogramBin{Min: float64(k) + 0.5, Max: float64(k) + 1.5}
	}
	for _, v := range seen {
		bins[int(v)-1].Weight++
	}
	for len(bins) > 1 && bins[0].Weight == 0 {
		bins = bins[1:]
	}
	h := &plotter.Histogram{Bins: bins, Width: 1, LineStyle: plotter.DefaultLineStyle}
	top := 0.0
	for _, b := range bins {
		top = max(top, b.Weight)
	}
	p.Y.Max = top * 1.2
	var ticks []plot.Tick
	step := max(1, len(bins)/10)
	for _, b := range bins {
		if k := int(b.Min + 0.5); k%step == 0 {
			ticks = append(ticks, plot.Tick{Value: float64(k), Label: strconv.Itoa(k)})
		}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	h.FillColor = bandColor
	h.LineStyle.Color = lineColor
	p.Add(h)
	p.Legend.Add("times seen", h)
	p.Legend.Top = true
	w.save("overhead", p, series, nil)
}

// band adds a median line and a shaded band between a low and a high line.
func band(p *plot.Plot, xs []float64, lo, mid, hi []float64, midName, bandName string) error {
	if len(xs) == 0 {
		return nil
	}
	poly := make(plotter.XYs, 0, 2*len(xs))
	for i := range xs {
		poly = append(poly, plotter.XY{X: xs[i], Y: hi[i]})
	}
	for i := len(xs) - 1; i >= 0; i-- {
		poly = append(poly, plotter.XY{X: xs[i], Y: lo[i]})
	}
	area, err := plotter.NewPolygon(poly)
	if err != nil {
		return err
	}
	area.Color = bandColor
	area.LineStyle.Width = 0
	line := make(plotter.XYs, len(xs))
	for i := range xs {
		line[i] = plotter.XY{X: xs[i], Y: mid[i]}
	}
	l, err := plotter.NewLine(line)
	if err != nil {
		return err
	}
	l.LineStyle.Color = lineColor
	l.LineStyle.Width = vg.Points(1.5)
	p.Add(area, l)
	p.Legend.Add(midName, l)
	p.Legend.Add(bandName, area)
	return nil
}

func (w *writer) traffic(name, title, unit string, series []sim.TrafficPoint, get func(sim.TrafficPoint) [3]float64) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "time (s)"
	p.Y.Label.Text = unit
	var xs, lo, mid, hi []float64
	for _, pt := range series {
		v := get(pt)
		xs, lo, mid, hi = append(xs, pt.T), append(lo, v[0]), append(mid, v[1]), append(hi, v[2])
	}
	names := []string{"median", "10th–90th percentile"}
	if err := band(p, xs, lo, mid, hi, names[0], names[1]); err != nil {
		w.err = err
		return
	}
	p.Y.Min = 0
	for _, v := range hi {
		p.Y.Max = max(p.Y.Max, v*1.3) // room for the legend
	}
	p.Legend.Top = true
	if len(xs) == 0 {
		emptyPlot(p)
	}
	w.save(name, p, names, nil)
}

func (w *writer) convergence(res *sim.Result) {
	pts := res.Convergence(100)
	p := plot.New()
	p.Title.Text = "Convergence: share of peers holding an item"
	p.X.Label.Text = "time since production (s)"
	p.Y.Label.Text = "share of receivers"
	var xs, lo, mid, hi []float64
	for _, pt := range pts {
		xs, lo, mid, hi = append(xs, pt.Age), append(lo, pt.P10), append(mid, pt.Mean), append(hi, pt.P90)
	}
	names := []string{"mean", "10th–90th percentile"}
	if err := band(p, xs, lo, mid, hi, names[0], names[1]); err != nil {
		w.err = err
		return
	}
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.Top = true
	p.Legend.Left = false
	p.Legend.YOffs = -vg.Centimeter
	if len(xs) == 0 {
		emptyPlot(p)
	}
	w.save("convergence", p, names, nil)
}

// emptyPlot notes on p that there is nothing to draw.
func emptyPlot(p *plot.Plot) *plot.Plot {
	p.Title.Text += " (no data)"
	return p
}

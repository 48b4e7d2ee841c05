package simplot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/distcheck/distcheck/explore/sim"
)

var (
	leaderColor    = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	candidateColor = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	followerColor  = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	downColor      = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	faultColor     = color.RGBA{R: 0xe4, G: 0xe4, B: 0xe4, A: 0xff}
)

// consensus draws the plots of a consensus run: the latency CDF, the throughput over time
// with the faults marked, and the leader timeline per server.
func (w *writer) consensus(res *sim.Result, c *sim.ConsensusSummary) {
	w.latencyCDF(res)
	w.throughput(res)
	w.roles(res)
}

// cdf returns the points of the empirical CDF of xs.
func cdf(xs []float64) plotter.XYs {
	slices.Sort(xs)
	pts := make(plotter.XYs, 0, 2*len(xs))
	for i, x := range xs {
		pts = append(pts, plotter.XY{X: x, Y: float64(i) / float64(len(xs))}, plotter.XY{X: x, Y: float64(i+1) / float64(len(xs))})
	}
	return pts
}

func (w *writer) latencyCDF(res *sim.Result) {
	p := plot.New()
	p.Title.Text = "Command latency (CDF)"
	p.X.Label.Text = "seconds from the client's request"
	p.Y.Label.Text = "share of commands"
	var commit, reply []float64
	for _, c := range res.Commands() {
		if c.Committed >= 0 {
			commit = append(commit, c.Committed-c.Requested)
		}
		if c.Replied >= 0 {
			reply = append(reply, c.Replied-c.Requested)
		}
	}
	names := []string{"request → commit", "request → reply"}
	for i, xs := range [][]float64{commit, reply} {
		if len(xs) == 0 {
			continue
		}
		l, err := plotter.NewLine(cdf(xs))
		if err != nil {
			w.err = err
			return
		}
		l.Color = []color.Color{leaderColor, followerColor}[i]
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(names[i], l)
	}
	p.Y.Min, p.Y.Max = 0, 1.15 // room for the legend
	p.Legend.Top, p.Legend.Left = true, false
	if len(commit)+len(reply) == 0 {
		emptyPlot(p)
	}
	w.save("latency-cdf", p, names, nil)
}

// faultWindows returns the times servers were down and the network split, as [start, end).
func faultWindows(res *sim.Result) [][2]float64 {
	var out [][2]float64
	for _, info := range res.Peers {
		for _, d := range info.Down {
			out = append(out, [2]float64{d.Start.Seconds(), d.End.Seconds()})
		}
	}
	for _, pt := range res.Partitions {
		out = append(out, [2]float64{pt.Start.Seconds(), pt.End.Seconds()})
	}
	return out
}

// shade adds a grey band from x0 to x1 across the plot's height top.
func shade(p *plot.Plot, x0, x1, top float64) error {
	poly, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: 0}, {X: x1, Y: 0}, {X: x1, Y: top}, {X: x0, Y: top}})
	if err != nil {
		return err
	}
	poly.Color = faultColor
	poly.LineStyle.Width = 0
	p.Add(poly)
	return nil
}

func (w *writer) throughput(res *sim.Result) {
	p := plot.New()
	p.Title.Text = "Throughput, faults shaded"
	p.X.Label.Text = "time (s)"
	p.Y.Label.Text = "commands committed per second"
	seconds := int(math.Ceil(res.Duration.Seconds()))
	counts := make([]float64, max(seconds, 1))
	seen := map[uint64]bool{}
	for _, c := range res.Commits {
		if !seen[c.Cmd] {
			seen[c.Cmd] = true
			counts[min(int(c.At.Seconds()), len(counts)-1)]++
		}
	}
	top := slices.Max(counts) * 1.2
	if top == 0 {
		top = 1
	}
	for _, f := range faultWindows(res) {
		if err := shade(p, f[0], f[1], top); err != nil {
			w.err = err
			return
		}
	}
	pts := make(plotter.XYs, 0, 2*len(counts))
	for i, n := range counts {
		pts = append(pts, plotter.XY{X: float64(i), Y: n}, plotter.XY{X: float64(i + 1), Y: n})
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		w.err = err
		return
	}
	l.Color, l.Width = leaderColor, vg.Points(1.5)
	p.Add(l)
	p.Legend.Add("committed", l)
	p.Y.Min, p.Y.Max = 0, top
	p.Legend.Top = true
	w.save("throughput", p, []string{"committed"}, nil)
}

// roles draws each server's role over time: a band per server, red while it leads, orange
// while a candidate, blue while a follower, grey while down.
func (w *writer) roles(res *sim.Result) {
	p := plot.New()
	p.Title.Text = "Roles over time"
	p.X.Label.Text = "time (s)"
	p.Y.Label.Text = "server"
	var servers []int
	for _, rc := range res.Roles {
		if !slices.Contains(servers, int(rc.Peer)) {
			servers = append(servers, int(rc.Peer))
		}
	}
	slices.Sort(servers)
	end := res.Duration.Seconds()
	band := func(y int, x0, x1 float64, c color.Color) error {
		l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: float64(y)}, {X: x1, Y: float64(y)}})
		if err != nil {
			return err
		}
		l.Color, l.Width = c, vg.Points(8)
		p.Add(l)
		return nil
	}
	for _, s := range servers {
		var mine []sim.RoleChange
		for _, rc := range res.Roles {
			if int(rc.Peer) == s {
				mine = append(mine, rc)
			}
		}
		for i, rc := range mine {
			to := end
			if i+1 < len(mine) {
				to = mine[i+1].At.Seconds()
			}
			c := map[string]color.Color{"leader": leaderColor, "primary": leaderColor, "candidate": candidateColor, "down": downColor}[rc.Role]
			if c == nil {
				c = followerColor
			}
			if to > rc.At.Seconds() {
				if err := band(s, rc.At.Seconds(), to, c); err != nil {
					w.err = err
					return
				}
			}
		}
		if s < len(res.Peers) {
			for _, d := range res.Peers[s].Down {
				if err := band(s, d.Start.Seconds(), d.End.Seconds(), downColor); err != nil {
					w.err = err
					return
				}
			}
		}
	}
	names := []string{"leader", "candidate", "follower", "down"}
	for i, c := range []color.Color{leaderColor, candidateColor, followerColor, downColor} {
		box, err := plotter.NewPolygon(plotter.XYs{})
		if err == nil {
			box.Color = c
			p.Legend.Add(names[i], box)
		}
	}
	p.Legend.Top = true
	p.Y.Min, p.Y.Max = -0.8, float64(len(servers))+0.5
	p.X.Min, p.X.Max = 0, end
	p.Y.Tick.Marker = serverTicks(servers)
	if len(servers) == 0 {
		emptyPlot(p)
	}
	w.save("roles", p, names, nil)
}

// serverTicks labels the servers n0, n1, ...
type serverTicks []int

func (t serverTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, s := range t {
		out = append(out, plot.Tick{Value: float64(s), Label: fmt.Sprintf("n%d", s)})
	}
	return out
}

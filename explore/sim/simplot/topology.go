package simplot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/layout"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/distcheck/distcheck/explore/sim"
)

// spectralLayoutMax is the largest overlay laid out by Isomap (multidimensional scaling of the
// hop distances, which takes cubic time); larger ones, and disconnected ones, go on a circle.
const spectralLayoutMax = 300

// orderedGraph is an undirected graph whose nodes iterate in ID order, so that a seeded
// layout comes out the same every time.
type orderedGraph struct{ *simple.UndirectedGraph }

func (g orderedGraph) Nodes() graph.Nodes {
	nodes := graph.NodesOf(g.UndirectedGraph.Nodes())
	slices.SortFunc(nodes, func(a, b graph.Node) int { return int(a.ID() - b.ID()) })
	return iterator.NewOrderedNodes(nodes)
}

// positions lays the peers out: the overlay by Isomap (or on a circle), each
// client beside the peers it is attached to.
func positions(res *sim.Result) []r2.Vec {
	n := len(res.Peers)
	pos := make([]r2.Vec, n)
	var overlay []int
	for p := range res.Peers {
		if !res.Peers[p].Client {
			overlay = append(overlay, p)
		}
	}
	laid := false
	if len(overlay) <= spectralLayoutMax {
		g := orderedGraph{simple.NewUndirectedGraph()}
		for _, p := range overlay {
			g.AddNode(simple.Node(p))
		}
		for _, p := range overlay {
			for _, q := range res.Peers[p].Peers {
				if int(q) > p {
					g.SetEdge(simple.Edge{F: simple.Node(p), T: simple.Node(q)})
				}
			}
		}
		opt := layout.NewOptimizerR2(g, layout.IsomapR2{}.Update)
		for opt.Update() {
		}
		laid = true
		for _, p := range overlay {
			pos[p] = opt.Coord2(int64(p))
			laid = laid && !math.IsNaN(pos[p].X) && !math.IsInf(pos[p].X, 0)
		}
		// Isomap needs a connected overlay; a disconnected one puts every peer at the origin.
		laid = laid && len(overlay) > 1 && pos[overlay[0]] != pos[overlay[1]]
	}
	if !laid {
		for k, p := range overlay {
			a := 2 * math.Pi * float64(k) / float64(len(overlay))
			pos[p] = r2.Vec{X: math.Cos(a), Y: math.Sin(a)}
		}
	}
	for p := range res.Peers {
		info := &res.Peers[p]
		if !info.Client || len(info.Peers) == 0 {
			continue
		}
		var c r2.Vec
		for _, q := range info.Peers {
			c = r2.Add(c, pos[q])
		}
		c = r2.Scale(1/float64(len(info.Peers)), c)
		// Nudge it off the centre of its peers, by its ID, so that clients do not overlap.
		a := float64(p) * 2.399963
		pos[p] = r2.Add(c, r2.Vec{X: 0.03 * math.Cos(a), Y: 0.03 * math.Sin(a)})
	}
	return pos
}

func (w *writer) topology(res *sim.Result, at time.Duration) {
	pos := positions(res)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Overlay at %v", at)
	p.HideAxes()
	var edges []plotter.XYs
	for a := range res.Peers {
		for _, b := range res.Peers[a].Peers {
			if int(b) > a || res.Peers[a].Client {
				edges = append(edges, plotter.XYs{{X: pos[a].X, Y: pos[a].Y}, {X: pos[b].X, Y: pos[b].Y}})
			}
		}
	}
	for _, e := range edges {
		l, err := plotter.NewLine(e)
		if err != nil {
			w.err = err
			return
		}
		l.LineStyle.Color = color.Gray{Y: 200}
		if len(edges) > 500 {
			l.LineStyle.Color = color.NRGBA{R: 120, G: 120, B: 120, A: 12} // dense: a haze
		}
		l.LineStyle.Width = vg.Points(0.5)
		p.Add(l)
	}
	groups := []struct {
		name  string
		in    func(*sim.PeerInfo) bool
		shape draw.GlyphDrawer
		color color.Color
	}{
		{"online", func(i *sim.PeerInfo) bool { return i.Receiver() && i.OnlineAt(at) }, draw.CircleGlyph{}, lineColor},
		{"offline", func(i *sim.PeerInfo) bool { return !i.OnlineAt(at) }, draw.CrossGlyph{}, offlineColor},
		{"client", func(i *sim.PeerInfo) bool { return i.Client && i.OnlineAt(at) }, draw.SquareGlyph{}, color.RGBA{G: 140, A: 255}},
		{"malicious", func(i *sim.PeerInfo) bool { return i.Malicious }, draw.TriangleGlyph{}, color.RGBA{R: 150, B: 150, A: 255}},
	}
	var series []string
	radius := vg.Points(4)
	if len(res.Peers) > 200 {
		radius = vg.Points(2)
	}
	for _, g := range groups {
		var xys plotter.XYs
		for k := range res.Peers {
			if g.in(&res.Peers[k]) {
				xys = append(xys, plotter.XY{X: pos[k].X, Y: pos[k].Y})
			}
		}
		if len(xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			w.err = err
			return
		}
		sc.GlyphStyle = draw.GlyphStyle{Shape: g.shape, Color: g.color, Radius: radius}
		if g.name == "offline" {
			sc.GlyphStyle.Radius = radius * 3 / 2
		}
		p.Add(sc)
		p.Legend.Add(g.name, sc)
		series = append(series, g.name)
	}
	p.Legend.Top = true
	w.save(fmt.Sprintf("topology-%s", at), p, series, nil)
}

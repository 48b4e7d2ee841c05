package simviz

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
)

const (
	svgWidth, svgHeight = 560.0, 460.0
	legendHeight        = 40.0
)

// WriteSVG draws the cluster at time t: the links among the peers (dashed red where a
// partition cuts them), each peer as a circle coloured by its status (Status.Kind), with a
// cross when down, a ring in its side's colour during a partition, and its role's term and
// commands committed beside it. Each peer is a group <g class="peer KIND" id="nP"> with
// data-status, data-role, data-term, data-side and data-committed attributes.
func WriteSVG(w io.Writer, res *sim.Result, title string, t time.Duration) error {
	bw := bufio.NewWriter(w)
	st := StatusAt(res, t)
	pos := layout(res, svgWidth, svgHeight-legendHeight)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-family="sans-serif" font-size="11">`+"\n",
		svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(bw, `<text x="10" y="18" font-size="14" font-weight="bold">%s</text>`+"\n", html.EscapeString(headline(res, title, t, st)))
	es := edges(res)
	width := 1.0
	if len(es) > 300 {
		width = 0.3
	}
	for _, e := range es {
		a, b := st[e[0]], st[e[1]]
		style := fmt.Sprintf(`stroke="#cccccc" stroke-width="%g"`, width)
		class := "link"
		if a.Side >= 0 && b.Side >= 0 && a.Side != b.Side {
			style, class = `stroke="#e88" stroke-width="1" stroke-dasharray="4 3"`, "link cut"
		}
		fmt.Fprintf(bw, `<line class="%s" x1="%g" y1="%g" x2="%g" y2="%g" %s/>`+"\n", class, pos[e[0]][0], pos[e[0]][1], pos[e[1]][0], pos[e[1]][1], style)
	}
	radius := 16.0
	if n := len(res.Peers); n > 12 {
		radius = max(4, 16*12/float64(n))
	}
	for p, s := range st {
		x, y := pos[p][0], pos[p][1]
		kind := s.Kind()
		side := ""
		if s.Side >= 0 {
			side = sideName(s.Side)
		}
		fmt.Fprintf(bw, `<g class="peer %s" id="%s" data-status="%s" data-role="%s" data-term="%d" data-side="%s" data-committed="%d">`,
			kind, s.Name, kind, html.EscapeString(s.Role), s.Term, side, s.Committed)
		fmt.Fprintf(bw, `<title>%s</title>`, html.EscapeString(describe(s)))
		if s.Side >= 0 {
			fmt.Fprintf(bw, `<circle cx="%g" cy="%g" r="%g" fill="none" stroke="%s" stroke-width="4"/>`, x, y, radius+5, sideColor[s.Side%len(sideColor)])
		}
		if s.Client {
			fmt.Fprintf(bw, `<rect x="%g" y="%g" width="%g" height="%g" fill="%s"/>`, x-radius*0.7, y-radius*0.7, radius*1.4, radius*1.4, kindColor[kind])
		} else {
			fmt.Fprintf(bw, `<circle cx="%g" cy="%g" r="%g" fill="%s" stroke="black" stroke-width="%g"/>`, x, y, radius, kindColor[kind], boolf(s.LeaderOfCluster, 3, 0.5))
		}
		if s.Down {
			d := radius * 0.8
			fmt.Fprintf(bw, `<path d="M%g %gL%g %gM%g %gL%g %g" stroke="black" stroke-width="2"/>`, x-d, y-d, x+d, y+d, x-d, y+d, x+d, y-d)
		}
		if radius >= 10 {
			fmt.Fprintf(bw, `<text x="%g" y="%g" text-anchor="middle" fill="white" font-weight="bold">%s</text>`, x, y+4, s.Name)
			if note := nodeNote(s); note != "" {
				fmt.Fprintf(bw, `<text x="%g" y="%g" text-anchor="middle">%s</text>`, x, y+radius+14, html.EscapeString(note))
			}
		}
		fmt.Fprintf(bw, "</g>\n")
	}
	legend(bw, st)
	fmt.Fprintf(bw, "</svg>\n")
	return bw.Flush()
}

// headline is the drawing's title: the protocol, the time, the leader and the partition.
func headline(res *sim.Result, title string, t time.Duration, st []Status) string {
	parts := []string{fmt.Sprintf("%s at %v", title, t)}
	if res.Consensus() != nil && len(res.Roles) > 0 {
		leader := "no leader"
		for _, s := range st {
			if s.LeaderOfCluster {
				leader = fmt.Sprintf("leader %s (term %d)", s.Name, s.Term)
			}
		}
		parts = append(parts, leader)
	}
	var down []string
	for _, s := range st {
		if s.Down {
			down = append(down, s.Name)
		}
	}
	if len(down) > 0 && len(down) <= 6 {
		parts = append(parts, "down: "+strings.Join(down, ","))
	} else if len(down) > 6 {
		parts = append(parts, fmt.Sprintf("%d down", len(down)))
	}
	for _, pt := range res.Partitions {
		if t >= pt.Start && t < pt.End {
			parts = append(parts, "partition "+pt.String())
		}
	}
	return strings.Join(parts, " · ")
}

// nodeNote is the line under a peer: its term and commands committed, if any.
func nodeNote(s Status) string {
	var parts []string
	if s.Role != "" {
		parts = append(parts, fmt.Sprintf("t%d", s.Term))
	}
	if s.Committed > 0 {
		parts = append(parts, fmt.Sprintf("%d cmds", s.Committed))
	}
	return strings.Join(parts, " ")
}

// describe is a peer's tooltip.
func describe(s Status) string {
	d := fmt.Sprintf("%s: %s", s.Name, s.Kind())
	if s.Role != "" {
		d += fmt.Sprintf(", %s in term %d", s.Role, s.Term)
	}
	if s.Side >= 0 {
		d += ", partition side " + sideName(s.Side)
	}
	return d + fmt.Sprintf(", %d committed, %d messages sent in this interval", s.Committed, s.Sent)
}

// legend draws the kinds present, and the partition's sides, along the bottom.
func legend(bw *bufio.Writer, st []Status) {
	var kinds []string
	sides := 0
	for _, s := range st {
		if k := s.Kind(); !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
		sides = max(sides, s.Side+1)
	}
	order := []string{"leader", "candidate", "follower", "up", "down", "client", "malicious"}
	x, y := 10.0, svgHeight-14
	for _, k := range order {
		if !slices.Contains(kinds, k) {
			continue
		}
		fmt.Fprintf(bw, `<circle cx="%g" cy="%g" r="6" fill="%s"/><text x="%g" y="%g">%s</text>`+"\n", x+6, y-4, kindColor[k], x+16, y, k)
		x += 26 + 7*float64(len(k))
	}
	for g := range sides {
		fmt.Fprintf(bw, `<circle cx="%g" cy="%g" r="6" fill="none" stroke="%s" stroke-width="3"/><text x="%g" y="%g">side %s</text>`+"\n", x+6, y-4, sideColor[g%len(sideColor)], x+16, y, sideName(g))
		x += 62
	}
}

func boolf(b bool, yes, no float64) float64 {
	if b {
		return yes
	}
	return no
}

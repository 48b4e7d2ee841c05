package simplot_test

import (
	"context"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/explore/sim/simplot"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spreader floods the items it produces, and the ones it gets, to its neighbours.
type spreader struct {
	produce bool
	seq     int
	have    map[sim.ItemID]bool
}

type item struct{ ID sim.ItemID }

func (s *spreader) Init(ctx actor.Context) {
	s.have = map[sim.ItemID]bool{}
	if s.produce {
		ctx.SetTimer("produce", time.Second)
	}
}

func (s *spreader) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	m := msg.(item)
	sim.Seen(ctx, m.ID, 1)
	if !s.have[m.ID] {
		s.have[m.ID] = true
		ctx.Broadcast(m)
	}
}

func (s *spreader) Timeout(ctx actor.Context, _ actor.Timer) {
	id := sim.ItemID{Origin: ctx.ID(), Seq: s.seq}
	s.seq++
	sim.Produced(ctx, id, 1)
	s.have[id] = true
	ctx.Broadcast(item{id})
	ctx.SetTimer("produce", time.Second)
}

func result(t *testing.T) *sim.Result {
	cfg := sim.Config{
		Seed: 3, Duration: 20 * time.Second, Settle: 2 * time.Second,
		Types: []sim.PeerType{
			{Name: "producer", Count: 2, New: func(model.NodeID) actor.Node { return &spreader{produce: true} }},
			{Name: "peer", Count: 28, New: func(model.NodeID) actor.Node { return &spreader{} }},
		},
		Topology: sim.Topology{Kind: sim.SmallWorld, Degree: 2, P: 0.1},
		Latency:  sim.ExpDist(50 * time.Millisecond),
		Disruptions: []sim.Disruption{{Kind: sim.Downtime, Windows: []sim.Window{
			{Peer: 5, Start: 5 * time.Second, End: 15 * time.Second}, {Peer: 9, Start: 0, End: 20 * time.Second},
		}}},
	}
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	return res
}

// wantSeries are the legend entries each plot must have.
var wantSeries = map[string][]string{
	"delays":       {"missing"},
	"overhead":     {"times seen"},
	"bandwidth":    {"median", "10th–90th percentile"},
	"messages":     {"median", "10th–90th percentile"},
	"convergence":  {"mean", "10th–90th percentile"},
	"topology-10s": {"online", "offline"},
	"topology-1s":  {"online", "offline"},
}

func TestPlotsAreValidSVGWithTheirSeries(t *testing.T) {
	dir := t.TempDir()
	files, err := simplot.Write(dir, result(t), simplot.Options{Format: "svg", TopologyAt: []time.Duration{time.Second, 10 * time.Second}})
	require.NoError(t, err)
	require.Len(t, files, len(wantSeries))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f.Path), ".svg")
		data, err := os.ReadFile(f.Path)
		require.NoError(t, err)
		var doc struct {
			XMLName xml.Name
		}
		require.NoError(t, xml.Unmarshal(data, &doc), name)
		assert.Equal(t, "svg", doc.XMLName.Local, name)
		text := string(data)
		assert.Contains(t, text, xmlEscape(f.Title), name)
		want, ok := wantSeries[name]
		require.True(t, ok, "unexpected plot %s", name)
		for _, s := range want {
			assert.Contains(t, f.Series, s, name)
			assert.Contains(t, text, xmlEscape(s), "%s: legend entry %q", name, s)
		}
	}
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func TestPlotsAreValidPNG(t *testing.T) {
	dir := t.TempDir()
	files, err := simplot.Write(dir, result(t), simplot.Options{})
	require.NoError(t, err)
	require.Len(t, files, 6)
	for _, f := range files {
		assert.Equal(t, ".png", filepath.Ext(f.Path))
		r, err := os.Open(f.Path)
		require.NoError(t, err)
		img, err := png.Decode(r)
		r.Close()
		require.NoError(t, err, f.Path)
		assert.Greater(t, img.Bounds().Dx(), 300, f.Path)
		assert.NotEmpty(t, f.Series, f.Path)
	}
}

func TestUnknownFormatIsAnError(t *testing.T) {
	_, err := simplot.Write(t.TempDir(), result(t), simplot.Options{Format: "gif"})
	assert.EqualError(t, err, `plot format "gif": want png or svg`)
}

package simviz_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/explore/sim/simviz"
	"github.com/distcheck/distcheck/model"
)

// scripted is a run of three servers and a client: n0 leads from 2 s, n1 is down from 4 s to
// 6 s, n2 stands as a candidate at 6.5 s, and {n0} | {n1, n2} are split from 7 s to 8 s.
func scripted() *sim.Result {
	s := time.Second
	res := &sim.Result{Duration: 10 * s, Bucket: s, Traffic: make([][]sim.Traffic, 11),
		Peers: []sim.PeerInfo{{ID: 0, Peers: []model.NodeID{1, 2, 3}}, {ID: 1, Peers: []model.NodeID{0, 2, 3}, Down: []sim.Window{{Peer: 1, Start: 4 * s, End: 6 * s}}},
			{ID: 2, Peers: []model.NodeID{0, 1, 3}}, {ID: 3, Client: true, Peers: []model.NodeID{0, 1, 2}}},
		Roles: []sim.RoleChange{{Peer: 0, Role: "follower"}, {Peer: 1, Role: "follower"}, {Peer: 2, Role: "follower"},
			{Peer: 0, At: s, Role: "candidate", Term: 1}, {Peer: 0, At: 2 * s, Role: "leader", Term: 1},
			{Peer: 1, At: 2 * s, Role: "follower", Term: 1}, {Peer: 2, At: 2 * s, Role: "follower", Term: 1},
			{Peer: 2, At: 6500 * time.Millisecond, Role: "candidate", Term: 2}},
		Commits:    []sim.Commit{{Peer: 0, At: 3 * s, Cmd: 1}, {Peer: 1, At: 3 * s, Cmd: 1}, {Peer: 2, At: 3 * s, Cmd: 1}},
		Ops:        []sim.Op{{Input: uint64(1), Invoked: 2 * s, Returned: 4 * s}},
		Partitions: []sim.Partition{{Groups: [][]model.NodeID{{0}, {1, 2}}, Start: 7 * s, End: 8 * s}},
		Flights: []sim.Flight{{From: 0, To: 1, Kind: "AppendEntries", Sent: 2 * s, Arrive: 2*s + 50*time.Millisecond},
			{From: 0, To: 2, Kind: "AppendEntries", Sent: 2 * s, Arrive: 2*s + 80*time.Millisecond},
			{From: 1, To: 0, Kind: "Reply", Sent: 2*s + 50*time.Millisecond, Arrive: 2*s + 90*time.Millisecond},
			{From: 2, To: 0, Kind: "Reply", Sent: 2*s + 80*time.Millisecond, Arrive: 2*s + 90*time.Millisecond, Lost: true}},
		Messages: sim.Messages{Sent: 4},
	}
	for i := range res.Traffic {
		res.Traffic[i] = make([]sim.Traffic, 4)
		res.Traffic[i][0].MsgsOut = int64(i)
	}
	return res
}

// svgPeer is what a test reads back of a peer drawn in the SVG.
type svgPeer struct {
	ID        string `xml:"id,attr"`
	Class     string `xml:"class,attr"`
	Status    string `xml:"data-status,attr"`
	Role      string `xml:"data-role,attr"`
	Side      string `xml:"data-side,attr"`
	Committed int    `xml:"data-committed,attr"`
}

type svgDoc struct {
	XMLName xml.Name  `xml:"svg"`
	Title   []string  `xml:"text"`
	Peers   []svgPeer `xml:"g"`
	Lines   []struct {
		Class string `xml:"class,attr"`
	} `xml:"line"`
}

// readSVG parses an SVG drawing as XML and returns its peers by name.
func readSVG(t *testing.T, data []byte) (svgDoc, map[string]svgPeer) {
	t.Helper()
	var doc svgDoc
	require.NoError(t, xml.Unmarshal(data, &doc), "the SVG is well-formed XML")
	peers := map[string]svgPeer{}
	for _, p := range doc.Peers {
		peers[p.ID] = p
	}
	return doc, peers
}

// Each drawing shows each peer's status at its time: the leader, the peer that is down, the
// candidate, the sides of a partition and the links it cuts.
func TestSVGShowsTheStatusAtTheTime(t *testing.T) {
	res := scripted()
	for _, tc := range []struct {
		at     time.Duration
		status map[string]string
		sides  map[string]string
		cut    int
		title  string
	}{
		{0, map[string]string{"n0": "follower", "n1": "follower", "n2": "follower", "n3": "client"}, nil, 0, "raft at 0s · no leader"},
		{1500 * time.Millisecond, map[string]string{"n0": "candidate"}, nil, 0, "no leader"},
		{5 * time.Second, map[string]string{"n0": "leader", "n1": "down", "n2": "follower"}, nil, 0, "leader n0 (term 1) · down: n1"},
		{7 * time.Second, map[string]string{"n0": "leader", "n1": "follower", "n2": "candidate"}, map[string]string{"n0": "A", "n1": "B", "n2": "B", "n3": ""}, 2, "partition n0|n1,n2@7s-8s"},
		{8 * time.Second, map[string]string{"n1": "follower"}, map[string]string{"n0": "", "n1": "", "n2": ""}, 0, ""},
	} {
		var buf bytes.Buffer
		require.NoError(t, simviz.WriteSVG(&buf, res, "raft", tc.at))
		doc, peers := readSVG(t, buf.Bytes())
		require.Len(t, peers, 4, "at %v", tc.at)
		for name, want := range tc.status {
			assert.Equal(t, want, peers[name].Status, "%s at %v", name, tc.at)
			assert.Equal(t, "peer "+want, peers[name].Class, "%s at %v", name, tc.at)
		}
		for name, want := range tc.sides {
			assert.Equal(t, want, peers[name].Side, "%s's side at %v", name, tc.at)
		}
		cut := 0
		for _, l := range doc.Lines {
			if l.Class == "link cut" {
				cut++
			}
		}
		assert.Equal(t, tc.cut, cut, "links cut at %v", tc.at)
		assert.Contains(t, doc.Title[0], tc.title, "at %v", tc.at)
		wantCommitted := 0
		if tc.at >= 3*time.Second {
			wantCommitted = 1
		}
		assert.Equal(t, wantCommitted, peers["n2"].Committed, "at %v", tc.at)
	}
}

// A peer down to the end of the run is drawn down at the end.
func TestDownToTheEndIsDownAtTheEnd(t *testing.T) {
	res := scripted()
	res.Peers[1].Down = []sim.Window{{Peer: 1, Start: 4 * time.Second, End: res.Duration}}
	st := simviz.StatusAt(res, res.Duration)
	assert.True(t, st[1].Down)
	assert.False(t, st[0].Down)
}

// The default times are the scheduled faults' and the end; many faults give evenly spaced times.
func TestDefaultTimes(t *testing.T) {
	s := time.Second
	res := scripted()
	assert.Equal(t, []time.Duration{4 * s, 6 * s, 7 * s, 8 * s, 10 * s}, simviz.DefaultTimes(res, 8))
	assert.Equal(t, []time.Duration{10 * s / 3, 20 * s / 3, 10 * s}, simviz.DefaultTimes(res, 2))
}

var dataRE = regexp.MustCompile(`(?s)<script type="application/json" id="timeline-data">(.*?)</script>`)

// The HTML page holds the run's timeline — downtime, roles, commits, leaders, partitions,
// messages — and loads nothing from elsewhere.
func TestHTMLHoldsTheTimeline(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, simviz.WriteHTML(&buf, scripted(), "raft <3>"))
	page := buf.String()
	assert.Contains(t, page, "<title>raft &lt;3&gt; — timeline</title>")
	assert.NotRegexp(t, `(src|href)="?https?:`, page, "nothing is fetched")
	m := dataRE.FindStringSubmatch(page)
	require.NotNil(t, m, "the page embeds the timeline as JSON")
	var tl simviz.Timeline
	require.NoError(t, json.Unmarshal([]byte(m[1]), &tl))
	assert.Equal(t, 10.0, tl.Duration)
	assert.Equal(t, []simviz.Span{{Peer: 1, Start: 4, End: 6}}, tl.Down)
	assert.Len(t, tl.Roles, 8)
	assert.Equal(t, simviz.RoleAt{Peer: 2, At: 6.5, Role: "candidate", Term: 2}, tl.Roles[7])
	assert.Len(t, tl.Commits, 3)
	require.Len(t, tl.Parts, 1)
	assert.Equal(t, []int{0, 1, 1, -1}, tl.Parts[0].Side)
	require.NotEmpty(t, tl.Leaders)
	assert.Equal(t, 0, tl.Leaders[0].Peer)
	assert.Equal(t, int64(5), tl.Sent[5][0])
	var marks []string
	for _, mk := range tl.Marks {
		marks = append(marks, mk.Label)
	}
	assert.Equal(t, []string{"n1 down", "n1 up", "partition", "healed"}, marks)
	assert.Equal(t, [][2]int{{0, 1}, {0, 2}, {1, 2}}, tl.Links, "links among servers, not to clients")
	assert.Equal(t, []string{"AppendEntries", "Reply"}, tl.Kinds)
	assert.Equal(t, [][5]float64{{0, 1, 0, 2, 2.05}, {0, 2, 0, 2, 2.08}, {1, 0, 1, 2.05, 2.09}}, tl.Flights, "the lost message left out")
	assert.Zero(t, tl.FlightsUntil, "every message recorded")
}

// Write puts a drawing per time and the page into the directory; the same run gives the same
// bytes.
func TestWriteIsReproducible(t *testing.T) {
	var runs [2]map[string][]byte
	for i := range runs {
		dir := t.TempDir()
		paths, err := simviz.Write(dir, scripted(), "raft", nil)
		require.NoError(t, err)
		runs[i] = map[string][]byte{}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			runs[i][filepath.Base(p)] = data
		}
	}
	var names []string
	for name := range runs[0] {
		names = append(names, name)
	}
	assert.ElementsMatch(t, []string{"cluster-4s.svg", "cluster-6s.svg", "cluster-7s.svg", "cluster-8s.svg", "cluster-10s.svg", "timeline.html"}, names)
	for name, data := range runs[0] {
		assert.True(t, bytes.Equal(data, runs[1][name]), "%s differs between two runs", name)
		assert.False(t, strings.Contains(string(data), "NaN"), name)
	}
}

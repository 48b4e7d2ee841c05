package sim_test

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// probe is a node driven by functions; it records what reaches it and when.
type probe struct {
	init    func(ctx actor.Context)
	timeout func(ctx actor.Context, t actor.Timer)
	got     []arrival
	fired   []time.Duration
}

type arrival struct {
	at   time.Duration
	from model.NodeID
	msg  actor.Message
}

func (p *probe) Init(ctx actor.Context) {
	if p.init != nil {
		p.init(ctx)
	}
}

func (p *probe) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	p.got = append(p.got, arrival{ctx.Now(), from, msg})
}

func (p *probe) Timeout(ctx actor.Context, t actor.Timer) {
	p.fired = append(p.fired, ctx.Now())
	if p.timeout != nil {
		p.timeout(ctx, t)
	}
}

// sized is a message of a given size.
type sized struct{ N, Bytes int }

func (m sized) Size() int { return m.Bytes }

// probes returns a configuration of n probes, the first running first.
func probes(n int, first *probe, rest func() *probe) sim.Config {
	return sim.Config{
		Seed: 1, Duration: 10 * time.Second, Topology: sim.Topology{Kind: sim.FullMesh},
		Types: []sim.PeerType{
			{Name: "first", Count: 1, New: func(model.NodeID) actor.Node { return first }},
			{Name: "rest", Count: n - 1, New: func(model.NodeID) actor.Node { return rest() }},
		},
	}
}

func simulate(t *testing.T, cfg sim.Config) *sim.Result {
	t.Helper()
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	return res
}

func TestLatencyIsChosenByThePairOfLocations(t *testing.T) {
	first := &probe{init: func(ctx actor.Context) { ctx.Broadcast(sized{1, 10}) }}
	var rest []*probe
	cfg := probes(4, first, func() *probe { p := &probe{}; rest = append(rest, p); return p })
	cfg.Locations = []string{"eu", "us"}
	cfg.Latency = sim.Const(5 * time.Millisecond)
	cfg.Links = []sim.Link{{A: "us", B: "eu", Latency: sim.Const(80 * time.Millisecond)}}
	simulate(t, cfg)
	// Each type's peers take the locations in turn: peer 0 (first) is in eu; peers 1, 2 and 3
	// (rest) in eu, us and eu.
	require.Len(t, rest[0].got, 1)
	assert.Equal(t, 5*time.Millisecond, rest[0].got[0].at)
	assert.Equal(t, 80*time.Millisecond, rest[1].got[0].at)
	assert.Equal(t, 5*time.Millisecond, rest[2].got[0].at)
	assert.Equal(t, model.NodeID(0), rest[0].got[0].from)
}

// A message takes its size over the bandwidth to send, and the uplink sends one at a time;
// a slowdown divides the bandwidth.
func TestTransferTimeComesFromSizeAndBandwidth(t *testing.T) {
	first := &probe{init: func(ctx actor.Context) {
		ctx.Send(1, sized{1, 500})
		ctx.Send(1, sized{2, 500})
	}, timeout: func(ctx actor.Context, _ actor.Timer) { ctx.Send(1, sized{3, 500}) }}
	first.init = func(init func(actor.Context)) func(actor.Context) {
		return func(ctx actor.Context) { init(ctx); ctx.SetTimer("later", 5*time.Second) }
	}(first.init)
	second := &probe{}
	cfg := probes(2, first, func() *probe { return second })
	cfg.Bandwidth = 1000
	cfg.Latency = sim.Const(10 * time.Millisecond)
	cfg.Disruptions = []sim.Disruption{{Kind: sim.Slowdown, Factor: 4, Windows: []sim.Window{{Peer: 0, Start: 4 * time.Second, End: 6 * time.Second}}}}
	simulate(t, cfg)
	require.Len(t, second.got, 3)
	assert.Equal(t, 510*time.Millisecond, second.got[0].at)
	assert.Equal(t, 1010*time.Millisecond, second.got[1].at)
	assert.Equal(t, 5*time.Second+2010*time.Millisecond, second.got[2].at, "500 B at 250 B/s")
}

func TestTimersFireAtVirtualTimesAndCanBeRestartedOrCancelled(t *testing.T) {
	p := &probe{init: func(ctx actor.Context) {
		ctx.SetTimer("a", time.Second)
		ctx.SetTimer("b", 2*time.Second)
		ctx.SetTimer("a", 3*time.Second) // restarts a
		ctx.SetTimer("c", 4*time.Second)
		ctx.CancelTimer("c")
	}}
	simulate(t, probes(2, p, func() *probe { return &probe{} }))
	assert.Equal(t, []time.Duration{2 * time.Second, 3 * time.Second}, p.fired)
}

// A peer that is down loses the messages that reach it; its timers fire when it is back, and
// it keeps its state.
func TestDowntimeLosesMessagesAndPostponesTimers(t *testing.T) {
	sender := &probe{init: func(ctx actor.Context) {
		for k := range 10 {
			ctx.SetTimer(k, time.Duration(k)*time.Second)
		}
	}, timeout: func(ctx actor.Context, tm actor.Timer) { ctx.Send(1, sized{tm.(int), 10}) }}
	down := &probe{init: func(ctx actor.Context) { ctx.SetTimer("t", 3*time.Second) }}
	cfg := probes(2, sender, func() *probe { return down })
	cfg.Latency = sim.Const(100 * time.Millisecond)
	cfg.Disruptions = []sim.Disruption{{Kind: sim.Downtime, Windows: []sim.Window{{Peer: 1, Start: 2 * time.Second, End: 5 * time.Second}}}}
	res := simulate(t, cfg)
	var got []int
	for _, a := range down.got {
		got = append(got, a.msg.(sized).N)
	}
	assert.Equal(t, []int{0, 1, 5, 6, 7, 8, 9}, got, "sent at 2s, 3s, 4s: lost")
	assert.Equal(t, []time.Duration{5 * time.Second}, down.fired)
	assert.Equal(t, int64(3), res.Messages.Offline)
	assert.False(t, res.Peers[1].OnlineAt(2*time.Second))
	assert.True(t, res.Peers[1].OnlineAt(5*time.Second))
}

func TestPacketLossLosesThatShareOfMessages(t *testing.T) {
	sender := &probe{init: func(ctx actor.Context) {
		for k := range 2000 {
			ctx.Send(1, sized{k, 1})
		}
	}}
	recv := &probe{}
	cfg := probes(2, sender, func() *probe { return recv })
	cfg.PacketLoss = 0.25
	res := simulate(t, cfg)
	assert.InDelta(t, 0.75, float64(len(recv.got))/2000, 0.03)
	assert.Equal(t, int64(2000-len(recv.got)), res.Messages.Lost)
}

// Random downtime with an MTBF and an availability keeps peers up about that share of the
// time.
func TestRandomDowntimeMatchesTheAvailability(t *testing.T) {
	cfg := probes(50, &probe{}, func() *probe { return &probe{} })
	cfg.Duration = 2000 * time.Second
	cfg.Disruptions = []sim.Disruption{{Kind: sim.Downtime, MTBF: 20 * time.Second, Availability: 0.9}}
	res := simulate(t, cfg)
	var up float64
	for _, p := range res.Peers {
		var down time.Duration
		for _, w := range p.Down {
			down += w.End - w.Start
		}
		up += 1 - down.Seconds()/cfg.Duration.Seconds()
	}
	assert.InDelta(t, 0.9, up/50, 0.02)
}

// Malicious peers are never disrupted, and act as their Sybil identities through
// AdversaryOf; honest peers cannot.
func TestMaliciousPeersActAsTheirSybilIdentities(t *testing.T) {
	recv := &probe{}
	var honestHasAdversary bool
	cfg := sim.Config{
		Seed: 1, Duration: time.Second, Topology: sim.Topology{Kind: sim.FullMesh},
		Types: []sim.PeerType{
			{Name: "honest", Count: 1, New: func(model.NodeID) actor.Node {
				return &probe{init: func(ctx actor.Context) { _, honestHasAdversary = sim.AdversaryOf(ctx) }}
			}},
			{Name: "recv", Count: 1, New: func(model.NodeID) actor.Node { return recv }},
			{Name: "adversary", Count: 1, Malicious: true, Sybils: 2, New: func(model.NodeID) actor.Node {
				return &probe{init: func(ctx actor.Context) {
					adv, ok := sim.AdversaryOf(ctx)
					require.True(t, ok)
					require.Equal(t, []model.NodeID{2, 3, 4}, adv.Identities())
					for _, id := range adv.Identities() {
						msg := sized{int(id), 1}
						adv.SendAs(id, 1, msg)
						assert.True(t, actor.Verify(msg, adv.SignAs(id, msg)))
					}
				}}
			}},
		},
		Disruptions: []sim.Disruption{{Kind: sim.Downtime, MTBF: 100 * time.Millisecond, Availability: 0.5}},
	}
	res := simulate(t, cfg)
	assert.False(t, honestHasAdversary)
	var from []model.NodeID
	for _, a := range recv.got {
		from = append(from, a.from)
	}
	assert.ElementsMatch(t, []model.NodeID{2, 3, 4}, from)
	assert.Empty(t, res.Peers[2].Down)
	assert.NotEmpty(t, res.Peers[0].Down)
}

// churnedFlood is a flood over 60 peers with packet loss and random downtime.
func churnedFlood(seed uint64) sim.Config {
	cfg := floodConfig(60, 3, 20*time.Second)
	cfg.Seed = seed
	cfg.Topology = sim.Topology{Kind: sim.RandomRegular, Degree: 4}
	cfg.PacketLoss = 0.05
	cfg.Latency = sim.LogNormalDist(40*time.Millisecond, 0.5)
	cfg.Settle = 2 * time.Second
	cfg.Disruptions = []sim.Disruption{{Kind: sim.Downtime, MTBF: 5 * time.Second, Availability: 0.8}}
	return cfg
}

func reportJSON(t *testing.T, cfg sim.Config) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, simulate(t, cfg).Report(20).WriteJSON(&b))
	return b.Bytes()
}

func TestTheSameSeedGivesTheSameJSON(t *testing.T) {
	a, b := reportJSON(t, churnedFlood(42)), reportJSON(t, churnedFlood(42))
	require.Equal(t, string(a), string(b))
	assert.NotEqual(t, string(a), string(reportJSON(t, churnedFlood(43))))
	assert.Contains(t, string(a), `"coverage"`)
}

func TestFloodingMetrics(t *testing.T) {
	cfg := floodConfig(30, 3, 10*time.Second)
	cfg.Settle = time.Second
	res := simulate(t, cfg)
	s := res.Summarize()
	assert.Equal(t, 1.0, s.Coverage, "no faults: every item everywhere")
	assert.Equal(t, 30, s.Receivers)
	assert.Equal(t, 30, s.Items, "3 producers, items at 1s..10s")
	assert.Equal(t, 27, s.Measured, "the last second settles")
	assert.InDelta(t, 7, s.TimesSeen, 0.5, "a copy from every neighbour but about one it passed the item to first")
	assert.Greater(t, s.DelayMean, 0.01)
	conv := res.Convergence(10)
	require.Len(t, conv, 10)
	assert.Equal(t, 1.0, conv[9].Mean)
	assert.Less(t, conv[1].Mean, 1.0)
	traffic := res.TrafficSeries()
	require.Len(t, traffic, 10)
	assert.Positive(t, traffic[5].BytesMedian)
}

func TestTopologiesHaveTheirShape(t *testing.T) {
	degrees := func(kind string, n int) []int {
		topo, err := sim.ParseTopology(kind)
		require.NoError(t, err, kind)
		cfg := probes(n, &probe{}, func() *probe { return &probe{} })
		cfg.Topology = topo
		var out []int
		for _, p := range simulate(t, cfg).Peers {
			out = append(out, len(p.Peers))
		}
		return out
	}
	for _, d := range degrees("ring", 10) {
		assert.Equal(t, 2, d)
	}
	for _, d := range degrees("full-mesh", 10) {
		assert.Equal(t, 9, d)
	}
	for _, d := range degrees("random-regular:5", 20) {
		assert.Equal(t, 5, d)
	}
	for _, d := range degrees("small-world:2,0", 20) {
		assert.Equal(t, 4, d, "a ring lattice")
	}
	sum := func(ds []int) (s int) {
		for _, d := range ds {
			s += d
		}
		return s
	}
	sw := degrees("small-world:2,0.2", 50)
	assert.Equal(t, 2*2*50, sum(sw), "rewiring keeps the number of links")
	assert.Less(t, slices.Max(sw), 10, "no hubs")
	assert.InDelta(t, 0.2*100*99, sum(degrees("erdos-renyi:0.2", 100)), 300)
	sf := degrees("scale-free:2", 200)
	assert.Equal(t, 2*2*(200-2), sum(sf))
	assert.Greater(t, sf[0]+sf[1]+sf[2], 20, "early peers become hubs")
}

func TestEdgeListFiles(t *testing.T) {
	edges, err := sim.ReadEdgeList(strings.NewReader("# a triangle\n0 1\n1,2\n2\t0\n"), "tri.txt")
	require.NoError(t, err)
	assert.Equal(t, [][2]int{{0, 1}, {1, 2}, {2, 0}}, edges)
	_, err = sim.ReadEdgeList(strings.NewReader("0 1\n1 x\n"), "bad.txt")
	assert.EqualError(t, err, `bad.txt:2: "x" is not a peer index (0, 1, ...)`)
	cfg := probes(3, &probe{}, func() *probe { return &probe{} })
	cfg.Topology = sim.Topology{Kind: sim.EdgeList, Edges: [][2]int{{0, 5}}, Source: "e.txt"}
	_, err = sim.New(cfg)
	assert.ErrorContains(t, err, "edge 0-5 names a peer beyond the 3 peers")
}

func TestDistributionsSampleTheirMean(t *testing.T) {
	for _, spec := range []string{"50ms", "10ms,90ms", "normal:50ms,10ms", "exp:50ms", "lognormal:40ms,0.6"} {
		d, err := sim.ParseDist(spec)
		require.NoError(t, err)
		back, err := sim.ParseDist(d.String())
		require.NoError(t, err, d.String())
		assert.Equal(t, d, back)
		// Latencies of 4,000 messages between two peers.
		sender := &probe{init: func(ctx actor.Context) {
			for k := range 4000 {
				ctx.Send(1, sized{k, 1})
			}
		}}
		recv := &probe{}
		cfg := probes(2, sender, func() *probe { return recv })
		cfg.Latency = d
		simulate(t, cfg)
		var sum time.Duration
		for _, a := range recv.got {
			sum += a.at
		}
		mean := sum.Seconds() / float64(len(recv.got))
		assert.InDelta(t, d.Mean().Seconds(), mean, 0.05*d.Mean().Seconds()+0.001, spec)
	}
}

func TestBadInputGetsAClearError(t *testing.T) {
	for spec, want := range map[string]string{
		"pareto:1s":          `unknown distribution "pareto" in "pareto:1s" (want const, uniform, normal, exp or lognormal)`,
		"200ms,10ms":         `distribution "uniform:200ms,10ms": range min 200ms > max 10ms`,
		"uniform:1s":         `distribution "uniform:1s": uniform takes min,max (uniform:10ms,200ms)`,
		"exp:soon":           `distribution "exp:soon": mean "soon" is not a duration (e.g. 50ms or 2s)`,
		"lognormal:10ms,-1":  `distribution "lognormal:10ms,-1": shape "-1" is not a number ≥ 0`,
		"normal:10ms,1ms,2s": `distribution "normal:10ms,1ms,2s": normal takes mean,stddev (normal:100ms,20ms)`,
	} {
		_, err := sim.ParseDist(spec)
		assert.EqualError(t, err, want, spec)
	}
	for spec, want := range map[string]string{
		"mtbf=10s,availability=1.5": "downtime: availability 1.5: want a value in (0, 1]",
		"mtbf=10s,availability=0":   "downtime: availability 0: want a value in (0, 1]",
		"mtbf=10s,color=red":        `downtime: unknown key "color"`,
		"length=2s,1s":              "downtime: length=2s,1s: distribution \"uniform:2s,1s\": range min 2s > max 1s",
	} {
		_, err := sim.ParseDisruption(sim.Downtime, spec)
		assert.ErrorContains(t, err, want, spec)
	}
	d, err := sim.ParseDisruption(sim.Downtime, "length=uniform:1s,2s,interval=per-peer:exp:10s,peers=0.5")
	require.NoError(t, err)
	assert.Equal(t, "uniform:1s,2s", d.Length.String())
	assert.Equal(t, "per-peer:exp:10s", d.Interval.String())
	assert.Equal(t, 0.5, d.Fraction)

	cfg := probes(3, &probe{}, func() *probe { return &probe{} })
	cfg.Disruptions = []sim.Disruption{{Kind: sim.Downtime, MTBF: time.Second, Availability: 1.2}}
	_, err = sim.New(cfg)
	assert.EqualError(t, err, "downtime: availability 1.2: want a value in (0, 1]")
	cfg.Disruptions = nil
	cfg.PacketLoss = 1
	_, err = sim.New(cfg)
	assert.EqualError(t, err, "packet loss 1: want a probability in [0, 1)")
	cfg.PacketLoss = 0
	cfg.Latency = sim.Dist{Kind: sim.Uniform, A: 0.2, B: 0.1}
	_, err = sim.New(cfg)
	assert.EqualError(t, err, "latency: distribution uniform:200ms,100ms: range min > max")
	for _, spec := range []string{"hypercube", "random-regular:x", "random-regular", "file:"} {
		_, err := sim.ParseTopology(spec)
		assert.Error(t, err, spec)
	}
	cfg.Latency = sim.Dist{}
	cfg.Topology = sim.Topology{Kind: sim.RandomRegular, Degree: 3}
	_, err = sim.New(cfg)
	assert.EqualError(t, err, "topology random-regular:3: degree must be between 1 and 2 (peers - 1)")
}

func TestAPanickingNodeIsReportedNotCrashed(t *testing.T) {
	cfg := probes(2, &probe{init: func(actor.Context) { panic("boom") }}, func() *probe { return &probe{} })
	_, err := sim.Simulate(context.Background(), cfg)
	assert.EqualError(t, err, "peer 0 (first) panicked at 0s: boom")
}

func TestProgressIsReported(t *testing.T) {
	cfg := floodConfig(200, 10, 10*time.Second)
	var last sim.Progress
	calls := 0
	cfg.Progress = func(p sim.Progress) { last = p; calls++ }
	res := simulate(t, cfg)
	assert.Greater(t, calls, 1, "%d events", res.Events)
	assert.Equal(t, cfg.Duration, last.Now)
	assert.Equal(t, res.Events, last.Events)
	assert.False(t, math.IsNaN(res.Summarize().DelayMean))
}

// A actor.System built for the model checker runs in the simulator as it is.
func TestSystemsRunAsTheyAre(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{&flooder{every: time.Second}, &flooder{}, &flooder{}}}
	cfg := sim.Config{Seed: 1, Duration: 5 * time.Second, Types: sim.SystemPeers(sys), Topology: sim.Topology{Kind: sim.Ring}}
	s := simulate(t, cfg).Summarize()
	assert.Equal(t, 5, s.Items)
	assert.Equal(t, 1.0, s.Coverage)
	assert.Nil(t, sys.Nodes[0].(*flooder).have, "the system's own nodes are not touched")
}

// A failed link loses the messages that arrive over it in its window, and only those.
func TestLinkFailureCutsOneLink(t *testing.T) {
	l, err := sim.ParseLinkFailure("n1-2@10s-20s")
	require.NoError(t, err)
	assert.Equal(t, sim.LinkFailure{A: 1, B: 2, Start: 10 * time.Second, End: 20 * time.Second}, l)
	assert.True(t, l.Down(2, 1, 10*time.Second))
	assert.False(t, l.Down(2, 1, 20*time.Second))
	assert.False(t, l.Down(0, 1, 15*time.Second))
	forever, err := sim.ParseLinkFailure("0-1@5s")
	require.NoError(t, err)
	assert.True(t, forever.Down(1, 0, time.Hour))
	for _, bad := range []string{"0-1", "0@1s", "0-x@1s", "0-1@x", "0-1@5s-2s"} {
		_, err := sim.ParseLinkFailure(bad)
		assert.Error(t, err, bad)
	}
	topo, err := sim.ParseTopology("edges:0-1,1-2")
	require.NoError(t, err)
	assert.Equal(t, [][2]int{{0, 1}, {1, 2}}, topo.Edges)
	assert.Equal(t, "edges:0-1,1-2", topo.String())
}

// pinger sends a message to each neighbour every second and counts what it gets, by sender.
type pinger struct{ Got map[model.NodeID]int }

func (p *pinger) Init(ctx actor.Context) { ctx.SetTimer("ping", time.Second) }
func (p *pinger) Handle(_ actor.Context, from model.NodeID, _ actor.Message) {
	p.Got[from]++
}
func (p *pinger) Timeout(ctx actor.Context, _ actor.Timer) {
	for _, nb := range ctx.Peers() {
		ctx.Send(nb, "ping")
	}
	ctx.SetTimer("ping", time.Second)
}

// A failed link loses what crosses it while it is down, both ways, and nothing else; a link
// that is not in the overlay cannot fail.
func TestLinkFailureLosesWhatCrossesIt(t *testing.T) {
	topo, err := sim.ParseTopology("edges:0-1,1-2")
	require.NoError(t, err)
	cfg := sim.Config{Seed: 1, Duration: 10500 * time.Millisecond, Topology: topo, Latency: sim.Const(10 * time.Millisecond),
		LinkFailures: []sim.LinkFailure{{A: 1, B: 2, Start: 2500 * time.Millisecond, End: 6500 * time.Millisecond}},
		Types:        []sim.PeerType{{Name: "p", Count: 3, New: func(model.NodeID) actor.Node { return &pinger{Got: map[model.NodeID]int{}} }}}}
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	got := func(p, from int) int { return res.Nodes[p].(*pinger).Got[model.NodeID(from)] }
	assert.Equal(t, 10, got(0, 1))
	assert.Equal(t, 10, got(1, 0))
	assert.Equal(t, 6, got(1, 2), "the pings at 3, 4, 5 and 6 s are lost")
	assert.Equal(t, 6, got(2, 1))
	cfg.LinkFailures = []sim.LinkFailure{{A: 0, B: 2, Start: time.Second}}
	_, err = sim.Simulate(context.Background(), cfg)
	assert.ErrorContains(t, err, "link failure n0-n2@1s: n0 and n2 are not neighbours")
}

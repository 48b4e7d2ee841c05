package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Sim is one simulation run in progress. Make one with New and run it with Run; Simulate does
// both.
type Sim struct {
	cfg Config
	n   int // peers

	ids        []model.NodeID   // every peer's ID, shared with Context.Nodes
	nodes      []actor.Node     // by peer
	peers      [][]model.NodeID // Context.Peers, by peer
	typ        []int32          // type index, by peer
	malicious  []bool           // by peer
	client     []bool           // by peer
	loc        []int32          // location index, by peer
	owner      []int32          // the peer behind each identity (peers, then Sybils)
	identities [][]model.NodeID // each malicious peer's identities

	bw   []float64 // upload bandwidth in bytes per second, 0 for unlimited
	slow []float64 // current slowdown factor
	busy []int64   // when the uplink is free
	down []int32   // disruptions of kind Downtime under way
	upAt []int64   // when a down peer is back
	// restartDue marks crashed peers: they restart when they are back.
	restartDue []bool
	lat        [][]sampler
	loss       float64

	windows [][]Window // by disruption
	factors []float64  // by disruption

	timers []map[actor.Timer]uint64 // pending timers and their generation, by peer

	q      queue
	now    int64
	seq    uint64
	end    int64
	cur    int32
	net    *rand.Rand
	choice *rand.Rand
	timing *rand.Rand
	check  checker
	trace  tracer
	ctx    simCtx
	rec    *recorder
	events int64 // events simulated so far
}

// Simulate runs the simulation cfg describes and returns its result.
func Simulate(ctx context.Context, cfg Config) (*Result, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return s.Run(ctx)
}

// New builds the peers, the overlay and the disruption schedule of cfg.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n := cfg.NumPeers()
	s := &Sim{cfg: cfg, n: n, end: int64(cfg.Duration), loss: cfg.PacketLoss}
	netSrc := rand.NewPCG(cfg.Seed, 0x6e6574)
	s.net = rand.New(netSrc)
	s.choice = rand.New(rand.NewPCG(cfg.Seed, 0x63686f))
	s.timing = timingStream(cfg.Seed)
	s.ctx.s = s
	s.trace.on, s.trace.cur = cfg.Trace, -1

	locs := cfg.locations()
	s.lat = make([][]sampler, len(locs))
	for i := range locs {
		s.lat[i] = make([]sampler, len(locs))
		for j := range locs {
			s.lat[i][j] = cfg.Latency.sampler(netSrc)
		}
	}
	for _, l := range cfg.Links {
		a, b := slices.Index(locs, l.A), slices.Index(locs, l.B)
		s.lat[a][b] = l.Latency.sampler(netSrc)
		s.lat[b][a] = s.lat[a][b]
	}

	s.ids = make([]model.NodeID, n)
	s.typ = make([]int32, n)
	s.malicious = make([]bool, n)
	s.client = make([]bool, n)
	s.loc = make([]int32, n)
	s.bw = make([]float64, n)
	s.slow = make([]float64, n)
	s.busy = make([]int64, n)
	s.down = make([]int32, n)
	s.upAt = make([]int64, n)
	s.restartDue = make([]bool, n)
	s.timers = make([]map[actor.Timer]uint64, n)
	s.identities = make([][]model.NodeID, n)
	s.owner = make([]int32, n)
	var overlay []int32
	id := 0
	for ti, t := range cfg.Types {
		tl := t.Locations
		if len(tl) == 0 {
			tl = locs
		}
		for k := range t.Count {
			s.ids[id] = model.NodeID(id)
			s.owner[id] = int32(id)
			s.typ[id] = int32(ti)
			s.malicious[id] = t.Malicious
			s.client[id] = t.Attach > 0
			s.loc[id] = int32(slices.Index(locs, tl[k%len(tl)]))
			s.bw[id] = cfg.Bandwidth
			if t.Bandwidth > 0 {
				s.bw[id] = t.Bandwidth
			}
			s.slow[id] = 1
			if t.Attach == 0 {
				overlay = append(overlay, int32(id))
			}
			id++
		}
	}
	for p := range n {
		s.identities[p] = []model.NodeID{model.NodeID(p)}
		if t := &cfg.Types[s.typ[p]]; t.Sybils > 0 {
			for range t.Sybils {
				s.identities[p] = append(s.identities[p], model.NodeID(len(s.owner)))
				s.owner = append(s.owner, int32(p))
			}
		}
	}

	topo := rand.NewPCG(cfg.Seed, 0x746f706f)
	s.peers = make([][]model.NodeID, n)
	if len(overlay) > 0 {
		adj, err := cfg.Topology.build(len(overlay), topo)
		if err != nil {
			return nil, err
		}
		for i, nb := range adj {
			p := overlay[i]
			s.peers[p] = make([]model.NodeID, len(nb))
			for k, j := range nb {
				s.peers[p][k] = model.NodeID(overlay[j])
			}
		}
	}
	if err := s.checkLinks(); err != nil {
		return nil, err
	}
	attach := rand.New(rand.NewPCG(cfg.Seed, 0x617474))
	for p := range n {
		t := &cfg.Types[s.typ[p]]
		if t.Attach == 0 {
			continue
		}
		perm := attach.Perm(len(overlay))[:t.Attach]
		slices.Sort(perm)
		for _, k := range perm {
			s.peers[p] = append(s.peers[p], model.NodeID(overlay[k]))
		}
	}

	for i := range cfg.Disruptions {
		d := &cfg.Disruptions[i]
		s.windows = append(s.windows, d.schedule(&s.cfg, i, cfg.Duration))
		s.factors = append(s.factors, d.Factor)
	}
	s.rec = newRecorder(s)

	s.nodes = make([]actor.Node, n)
	for p := range n {
		s.nodes[p] = cfg.Types[s.typ[p]].New(model.NodeID(p))
		if s.nodes[p] == nil {
			return nil, fmt.Errorf("peer type %q: New(%d) returned nil", cfg.Types[s.typ[p]].Name, p)
		}
	}
	return s, nil
}

// Run runs the simulation to its end, or until ctx is done; then it returns ctx's error with
// the result of the virtual time simulated so far, marked Partial.
func (s *Sim) Run(ctx context.Context) (res *Result, err error) {
	defer func() {
		if res != nil && s.trace.on {
			res.Steps = s.trace.steps
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			if len(s.cfg.Props) == 0 {
				err = fmt.Errorf("peer %d (%s) panicked at %v: %v", s.cur, s.cfg.Types[s.typ[s.cur]].Name, time.Duration(s.now), r)
				return
			}
			// Judged like the model checker: a node that panics violates no-panic.
			s.check.fail(s, model.PanicProperty, fmt.Sprintf("n%d panicked: %v", s.cur, r))
			res = s.rec.result(s.events)
			res.Duration, res.Violation = time.Duration(s.now), s.check.violation
		}
	}()
	for di, ws := range s.windows {
		kind := s.cfg.Disruptions[di].Kind
		start, stop := evDownStart, evDownEnd
		if kind == Slowdown {
			start, stop = evSlowStart, evSlowEnd
		}
		for wi, w := range ws {
			s.schedule(event{at: int64(w.Start), kind: start, to: int32(w.Peer), arg: int32(di), val: wi})
			s.schedule(event{at: int64(w.End), kind: stop, to: int32(w.Peer), arg: int32(di), val: wi})
		}
	}
	for p := range s.n {
		s.cur = int32(p)
		s.step(int32(p), stepInit, -1, nil)
		s.nodes[p].Init(&s.ctx)
		s.after()
	}
	events := &s.events
	for s.q.len() > 0 && s.check.violation == nil {
		if s.q.next() > s.end {
			break
		}
		e := s.q.pop()
		s.now = e.at
		*events++
		switch e.kind {
		case evMessage:
			s.deliver(&e)
		case evTimer:
			s.fire(&e)
		case evDownStart:
			s.down[e.to]++
			s.upAt[e.to] = max(s.upAt[e.to], int64(s.windows[e.arg][e.val.(int)].End))
			if s.cfg.Disruptions[e.arg].Crash && !s.restartDue[e.to] {
				s.restartDue[e.to] = true
				s.crash(e.to)
			}
		case evDownEnd:
			s.down[e.to]--
			if s.down[e.to] == 0 && s.restartDue[e.to] {
				s.restartDue[e.to] = false
				s.cur = e.to
				s.restart(e.to)
			}
		case evSlowStart:
			s.slow[e.to] *= s.factors[e.arg]
		case evSlowEnd:
			s.slow[e.to] /= s.factors[e.arg]
		}
		if *events&0xffff == 0 && s.cfg.Progress != nil {
			s.cfg.Progress(Progress{Now: time.Duration(s.now), Duration: s.cfg.Duration, Events: *events})
		}
		if *events&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				// Stopped early: the metrics of the time simulated so far, marked partial.
				res := s.rec.result(*events)
				res.Partial, res.Duration = true, time.Duration(s.now)
				return res, err
			}
		}
	}
	if v := s.check.violation; v != nil {
		res = s.rec.result(*events)
		res.Duration, res.Violation = time.Duration(s.now), v
		return res, nil
	}
	s.now = s.end
	if s.cfg.Progress != nil {
		s.cfg.Progress(Progress{Now: s.cfg.Duration, Duration: s.cfg.Duration, Events: *events})
	}
	s.checkNow()
	res = s.rec.result(*events)
	res.Violation = s.check.violation
	return res, nil
}

func (s *Sim) schedule(e event) {
	e.seq = s.seq
	s.seq++
	s.q.push(e)
}

// send sends msg from peer p as itself; see sendAs.
func (s *Sim) send(p, to int32, msg actor.Message, size int) int {
	return s.sendAs(p, p, to, msg, size)
}

// sendAs sends msg from peer p, as identity as, to identity to. size is the message's size if
// known (≥ 0); it returns the size, for Broadcast to reuse.
func (s *Sim) sendAs(p, as, to int32, msg actor.Message, size int) int {
	if to < 0 || int(to) >= len(s.owner) {
		panic(fmt.Sprintf("Send to node %d: no such node (nodes are 0 to %d)", to, len(s.owner)-1))
	}
	if size < 0 {
		size = sizeOf(msg)
	}
	s.rec.sent(p, size, s.now)
	depart := s.now
	if bw := s.bw[p]; bw > 0 {
		start := max(s.now, s.busy[p])
		depart = start + int64(float64(size)*1e9*s.slow[p]/bw)
		s.busy[p] = depart
	}
	if s.loss > 0 && s.net.Float64() < s.loss {
		s.rec.lost++
		s.logDrop(as, to, msg)
		s.flight(p, s.owner[to], msg, depart, depart, true)
		return size
	}
	dst := s.owner[to]
	lat := s.lat[s.loc[p]][s.loc[dst]].sample()
	s.flight(p, dst, msg, depart, depart+lat, false)
	s.schedule(event{at: depart + lat, kind: evMessage, val: msg, to: to, from: as, arg: int32(min(size, 1<<31-1))})
	return size
}

// flight records a message for Result.Flights, while there is room.
func (s *Sim) flight(p, dst int32, msg actor.Message, depart, arrive int64, lost bool) {
	if len(s.rec.flights) >= s.cfg.RecordFlights {
		return
	}
	kind := fmt.Sprintf("%T", msg)
	kind = kind[strings.LastIndexByte(kind, '.')+1:] // raft.AppendEntries: AppendEntries
	s.rec.flights = append(s.rec.flights, Flight{From: model.NodeID(p), To: model.NodeID(dst), Kind: kind,
		Sent: time.Duration(depart), Arrive: time.Duration(arrive), Lost: lost})
}

func (s *Sim) deliver(e *event) {
	p := s.owner[e.to]
	if s.down[p] > 0 {
		s.rec.offline++
		s.logDrop(e.from, e.to, e.val)
		return
	}
	if len(s.cfg.Partitions) > 0 && s.cut(s.owner[e.from], p, e.at) || len(s.cfg.LinkFailures) > 0 && s.linkDown(s.owner[e.from], p, e.at) {
		s.rec.parted++
		s.logDrop(e.from, e.to, e.val)
		return
	}
	s.rec.received(p, int(e.arg), e.at)
	s.cur = p
	s.step(p, stepDeliver, e.from, e.val)
	s.nodes[p].Handle(&s.ctx, model.NodeID(e.from), e.val)
	s.after()
}

func (s *Sim) setTimer(p int32, t actor.Timer, after time.Duration) {
	m := s.timers[p]
	if m == nil {
		m = map[actor.Timer]uint64{}
		s.timers[p] = m
	}
	m[t] = s.seq
	s.schedule(event{at: s.now + s.timerDelay(p, t, after), kind: evTimer, val: t, to: p})
}

func (s *Sim) fire(e *event) {
	p := e.to
	m := s.timers[p]
	if gen, ok := m[e.val]; !ok || gen != e.seq {
		return // cancelled or restarted
	}
	if s.down[p] > 0 {
		m[e.val] = s.seq
		s.schedule(event{at: s.upAt[p], kind: evTimer, val: e.val, to: p})
		return
	}
	delete(m, e.val)
	s.rec.timers++
	s.cur = p
	s.step(p, stepTimer, -1, e.val)
	s.nodes[p].Timeout(&s.ctx, e.val)
	s.after()
}

// sizeOf returns msg's size in bytes.
func sizeOf(msg actor.Message) int {
	if m, ok := msg.(Sizer); ok {
		return m.Size()
	}
	return len(value.Format(msg))
}

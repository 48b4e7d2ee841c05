package clocksync

import (
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Messages. Times named T are local clock readings.
type (
	// request asks the time server for its time (Cristian), or starts NTP's exchange at T1.
	request struct {
		Seq int
		T1  time.Duration
	}
	// reply is the server's answer: its time T3 as it sends (Cristian's Ts), and for NTP T1
	// echoed and T2, its time on receipt.
	reply struct {
		Seq        int
		T1, T2, T3 time.Duration
	}
	// poll is the Berkeley master's question in a round.
	poll struct{ Round int }
	// clockReading is a Berkeley node's answer: its clock. Faulty tells the run's records,
	// not the master, whether the clock is broken.
	clockReading struct {
		Round  int
		Clock  time.Duration
		Faulty bool
	}
	// adjust is the Berkeley master's correction for a node.
	adjust struct{ Delta time.Duration }
)

// Timers.
type (
	syncTimer  struct{}
	replyTimer struct {
		To  model.NodeID
		Req request
		T2  time.Duration
	}
	decideTimer struct{ Round int }
)

// Server is the time server of Cristian's algorithm and NTP: its clock is true time. It
// answers each request after a processing delay of up to Config.Processing.
type Server struct {
	node `distcheck:"durable"` // the clock runs on, and the records are the run's
}

func (s *Server) Init(ctx actor.Context) { s.start(ctx, true) }

func (s *Server) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	req, ok := msg.(request)
	if !ok {
		return
	}
	t := replyTimer{To: from, Req: req, T2: s.Clock.Read(ctx.Now())}
	delay := time.Duration(0)
	if p := s.cfg.Processing; p > 0 {
		delay = time.Duration(ctx.Choose(1001)) * p / 1000
	}
	ctx.SetTimer(t, delay)
}

func (s *Server) Timeout(ctx actor.Context, t actor.Timer) {
	switch t := t.(type) {
	case sampleTimer:
		s.sample(ctx)
	case replyTimer:
		ctx.Send(t.To, reply{Seq: t.Req.Seq, T1: t.Req.T1, T2: t.T2, T3: s.Clock.Read(ctx.Now())})
	}
}

// Client synchronises with the server (node 0) every Config.Period, by Cristian's algorithm
// or by NTP's four timestamps.
type Client struct {
	node    `distcheck:"durable"`
	NTP     bool
	seq     int
	pending time.Duration // T0 (local) of the request under way
}

func (c *Client) Init(ctx actor.Context) {
	c.start(ctx, false)
	ctx.SetTimer(syncTimer{}, time.Duration(ctx.Choose(1000))*c.cfg.Period/1000) // spread the clients
}

func (c *Client) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	r, ok := msg.(reply)
	if !ok || r.Seq != c.seq {
		return // a late answer to an earlier request
	}
	now := ctx.Now()
	t4 := c.Clock.Read(now)
	var correction, bound time.Duration
	if c.NTP {
		offset := ((r.T2 - r.T1) + (r.T3 - t4)) / 2
		if c.cfg.Bug == BugSignError {
			offset = ((r.T2 - r.T1) - (r.T3 - t4)) / 2
		}
		delay := (t4 - r.T1) - (r.T3 - r.T2)
		correction, bound = offset, delay/2+c.Clock.slack(t4-r.T1)
	} else {
		rtt := t4 - c.pending
		estimate := r.T3 + rtt/2
		if c.cfg.Bug == BugIgnoreRTT {
			estimate = r.T3
		}
		correction, bound = estimate-t4, rtt/2+c.Clock.slack(rtt)
	}
	c.Clock.Adjust += correction
	c.seq++ // one answer per request
	c.Syncs = append(c.Syncs, Sync{At: now, Error: c.Clock.Offset(now), Bound: bound, Correction: correction})
}

func (c *Client) Timeout(ctx actor.Context, t actor.Timer) {
	switch t.(type) {
	case sampleTimer:
		c.sample(ctx)
	case syncTimer:
		c.seq++
		c.pending = c.Clock.Read(ctx.Now())
		ctx.Send(0, request{Seq: c.seq, T1: c.pending})
		ctx.SetTimer(syncTimer{}, c.cfg.Period)
	}
}

// Master runs the Berkeley algorithm's rounds: every Config.Period it polls the others,
// estimates each one's offset from its own clock as reading + RTT/2 − its time on receipt,
// averages the offsets within Config.Outlier of the median (its own, 0, among them), and sends
// each node the correction that brings it to the average — a difference, so that the
// message's delay does not matter — applying its own.
type Master struct {
	node    `distcheck:"durable"`
	round   int
	sent    time.Duration                // when the round's poll went out (local)
	offsets map[model.NodeID]estimate    // this round's estimates
	judge   map[model.NodeID]clockStatus // what the records know of each clock
}

type estimate struct {
	Offset, RTT time.Duration
}

type clockStatus struct{ faulty bool }

func (m *Master) Init(ctx actor.Context) {
	m.start(ctx, false)
	m.offsets, m.judge = map[model.NodeID]estimate{}, map[model.NodeID]clockStatus{}
	ctx.SetTimer(syncTimer{}, m.cfg.Period/10)
}

func (m *Master) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	r, ok := msg.(clockReading)
	if !ok || r.Round != m.round {
		return
	}
	t1 := m.Clock.Read(ctx.Now())
	rtt := t1 - m.sent
	m.offsets[from] = estimate{Offset: r.Clock + rtt/2 - t1, RTT: rtt}
	m.judge[from] = clockStatus{faulty: r.Faulty}
	if len(m.offsets) == len(ctx.Peers()) {
		m.decide(ctx)
	}
}

func (m *Master) Timeout(ctx actor.Context, t actor.Timer) {
	switch t := t.(type) {
	case sampleTimer:
		m.sample(ctx)
	case syncTimer:
		m.round++
		clear(m.offsets)
		m.sent = m.Clock.Read(ctx.Now())
		ctx.Broadcast(poll{Round: m.round})
		ctx.SetTimer(decideTimer{Round: m.round}, m.cfg.Period/2)
		ctx.SetTimer(syncTimer{}, m.cfg.Period)
	case decideTimer:
		if t.Round == m.round && len(m.offsets) > 0 {
			m.decide(ctx) // some did not answer in time
		}
	}
}

// decide averages the round's offsets and sends the corrections.
func (m *Master) decide(ctx actor.Context) {
	ids := slices.Sorted(func(yield func(model.NodeID) bool) {
		for id := range m.offsets {
			if !yield(id) {
				return
			}
		}
	})
	all := []time.Duration{0} // its own clock
	for _, id := range ids {
		all = append(all, m.offsets[id].Offset)
	}
	sorted := slices.Sorted(slices.Values(all))
	median := sorted[len(sorted)/2]
	var sum time.Duration
	n := 0
	for _, o := range all {
		if m.cfg.Bug == BugNoOutliers || abs(o-median) <= m.cfg.Outlier {
			sum += o
			n++
		}
	}
	avg := sum / time.Duration(n)
	// The bound, from what the run knows of the clocks: the agreed time must lie within the
	// good clocks' estimated offsets, widened by half the largest round trip among them.
	lo, hi, widest := time.Duration(0), time.Duration(0), time.Duration(0)
	for _, id := range ids {
		if m.judge[id].faulty {
			continue
		}
		e := m.offsets[id]
		lo, hi, widest = min(lo, e.Offset), max(hi, e.Offset), max(widest, e.RTT)
	}
	lo, hi = lo-widest/2, hi+widest/2
	for _, id := range ids {
		ctx.Send(id, adjust{Delta: avg - m.offsets[id].Offset})
	}
	m.Clock.Adjust += avg
	now := ctx.Now()
	m.Syncs = append(m.Syncs, Sync{At: now, Error: avg - (lo+hi)/2, Bound: (hi-lo)/2 + m.Clock.slack(widest), Correction: avg})
	m.round++ // later answers are too late
}

// Slave answers the Berkeley master's polls with its clock and applies its corrections; a
// faulty one (Config.Faulty) cannot be set and stays where it is.
type Slave struct {
	node `distcheck:"durable"`
}

func (s *Slave) Init(ctx actor.Context) { s.start(ctx, false) }

func (s *Slave) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	switch m := msg.(type) {
	case poll:
		ctx.Send(from, clockReading{Round: m.Round, Clock: s.Clock.Read(ctx.Now()), Faulty: s.Faulty})
	case adjust:
		if s.Faulty {
			return // a broken clock: it cannot be set
		}
		s.Clock.Adjust += m.Delta
		now := ctx.Now()
		// Not judged here: the bound is on the agreement, judged at the master.
		s.Syncs = append(s.Syncs, Sync{At: now, Error: s.Clock.Offset(now), Bound: -1, Correction: m.Delta})
	}
}

func (s *Slave) Timeout(ctx actor.Context, t actor.Timer) {
	if _, ok := t.(sampleTimer); ok {
		s.sample(ctx)
	}
}

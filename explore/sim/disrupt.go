package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/distcheck/distcheck/model"
)

// DisruptionKind says what a disruption does to a peer.
type DisruptionKind uint8

// The disruptions.
const (
	// Downtime takes a peer offline: it handles nothing, messages that reach it are lost, and
	// its timers that fall due fire when it is back. Its connections (its Peers) come back
	// with it, and its state is kept. What it sent before going offline still arrives.
	Downtime DisruptionKind = iota
	// Slowdown divides a peer's bandwidth by Factor.
	Slowdown
)

// String returns "downtime" or "slowdown".
func (k DisruptionKind) String() string {
	if k == Slowdown {
		return "slowdown"
	}
	return "downtime"
}

// Window is one disruption of one peer, from Start to End (virtual times).
type Window struct {
	Peer       model.NodeID
	Start, End time.Duration
}

// Disruption takes peers down or slows them, either on a schedule (Windows) or at random:
// after Start, each affected peer is disrupted for Length, then runs undisturbed for Interval,
// and so on until Stop. Each of Start, Length and Interval is a constant, a distribution
// sampled once per peer, or one sampled every time (see Param). MTBF and Availability are
// another way to say Length and Interval: failures come MTBF apart on average and a peer is up
// a fraction Availability of the time, so a failure lasts (1 − Availability) × MTBF and the
// peer is up Availability × MTBF between two, both exponentially distributed unless Length or
// Interval is given. Malicious peers are never disrupted.
type Disruption struct {
	Kind DisruptionKind
	// Factor is what a Slowdown divides the bandwidth by (> 1).
	Factor float64
	// Crash makes a Downtime a crash: the peer's pending timers are lost, and when it is back
	// its node starts again from a fresh one (its type's New) that keeps only the fields
	// tagged `distcheck:"durable"`, and Init runs, as in the model checker's crash-recovery.
	// Without it a peer that is down keeps its state and its timers, as if paused.
	Crash bool

	// Windows is the schedule. When it is set the random parameters below are not used.
	Windows []Window

	// Peers are the candidate peers; empty means every honest peer of Types (or of every type
	// when Types is empty).
	Peers []model.NodeID
	Types []string
	// Fraction is the share of the candidates disrupted, chosen at random; 0 means all.
	Fraction float64
	// Start is when a peer's first disruption begins; nil means after one Interval.
	Start *Param
	// Length is how long each disruption lasts; Interval the time from the end of one to the
	// start of the next.
	Length, Interval *Param
	// MTBF is the mean time between failures, and Availability the fraction of time up, in
	// (0, 1] (see above).
	MTBF         time.Duration
	Availability float64
	// Stop ends the disruptions: none starts after it, and those under way end then. Zero means
	// the end of the run.
	Stop time.Duration
}

// Validate checks the disruption against the configuration it belongs to.
func (d *Disruption) Validate(cfg *Config) error {
	name := d.Kind.String()
	if d.Kind > Slowdown {
		return fmt.Errorf("unknown disruption kind %d", d.Kind)
	}
	if d.Kind == Slowdown && !(d.Factor > 1) {
		return fmt.Errorf("slowdown: factor %g: want a number > 1 (the bandwidth is divided by it)", d.Factor)
	}
	n := cfg.NumPeers()
	if len(d.Windows) > 0 {
		for _, w := range d.Windows {
			switch {
			case w.Peer < 0 || int(w.Peer) >= n:
				return fmt.Errorf("%s: peer %d: no such peer (peers are 0 to %d)", name, w.Peer, n-1)
			case cfg.peerType(w.Peer).Malicious:
				return fmt.Errorf("%s: peer %d is malicious: malicious peers are never disrupted", name, w.Peer)
			case w.Start < 0 || w.End <= w.Start:
				return fmt.Errorf("%s: peer %d: window %v-%v: want 0 ≤ start < end", name, w.Peer, w.Start, w.End)
			}
		}
		return nil
	}
	for _, p := range d.Peers {
		if p < 0 || int(p) >= n {
			return fmt.Errorf("%s: peer %d: no such peer (peers are 0 to %d)", name, p, n-1)
		}
	}
	for _, t := range d.Types {
		if cfg.typeIndex(t) < 0 {
			return fmt.Errorf("%s: unknown peer type %q", name, t)
		}
	}
	if !(d.Fraction >= 0 && d.Fraction <= 1) {
		return fmt.Errorf("%s: peers %g: want a fraction in [0, 1] (0 means all)", name, d.Fraction)
	}
	if d.Availability != 0 || d.MTBF != 0 {
		if !(d.Availability > 0 && d.Availability <= 1) {
			return fmt.Errorf("%s: availability %g: want a value in (0, 1]", name, d.Availability)
		}
		if d.MTBF <= 0 {
			return fmt.Errorf("%s: availability needs mtbf > 0 (the mean time between failures)", name)
		}
	} else if d.Length == nil || d.Interval == nil {
		return fmt.Errorf("%s: give mtbf and availability, or length and interval", name)
	}
	for _, p := range []*Param{d.Start, d.Length, d.Interval} {
		if p != nil {
			if err := p.Dist.Validate(); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	if d.Stop < 0 {
		return fmt.Errorf("%s: stop %v is negative", name, d.Stop)
	}
	return nil
}

// params returns Length and Interval with MTBF and Availability filled in.
func (d *Disruption) params() (length, interval Param) {
	if d.MTBF > 0 {
		a := d.Availability
		length = Param{Dist: ExpDist(time.Duration((1 - a) * float64(d.MTBF)))}
		interval = Param{Dist: ExpDist(time.Duration(a * float64(d.MTBF)))}
		if a == 1 {
			length = Param{Dist: Const(0)}
		}
	}
	if d.Length != nil {
		length = *d.Length
	}
	if d.Interval != nil {
		interval = *d.Interval
	}
	return length, interval
}

// schedule returns the windows of d for a run of the given duration. Each peer's windows come
// from a random stream of its own, so that they do not depend on the protocol simulated.
func (d *Disruption) schedule(cfg *Config, index int, end time.Duration) []Window {
	if len(d.Windows) > 0 {
		return slices.Clone(d.Windows)
	}
	stop := end
	if d.Stop > 0 && d.Stop < end {
		stop = d.Stop
	}
	cands := d.Peers
	if len(cands) == 0 {
		for p := range cfg.NumPeers() {
			t := cfg.peerType(model.NodeID(p))
			if len(d.Types) == 0 || slices.Contains(d.Types, t.Name) {
				cands = append(cands, model.NodeID(p))
			}
		}
	}
	cands = slices.DeleteFunc(slices.Clone(cands), func(p model.NodeID) bool { return cfg.peerType(p).Malicious })
	pick := rand.New(rand.NewPCG(cfg.Seed^0xd15c0, uint64(index)))
	if d.Fraction > 0 && d.Fraction < 1 {
		k := int(math.Round(d.Fraction * float64(len(cands))))
		pick.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		cands = cands[:k]
		slices.Sort(cands)
	}
	length, interval := d.params()
	var out []Window
	for _, p := range cands {
		src := rand.NewPCG(cfg.Seed^0xd15c0+uint64(index)+1, uint64(p))
		draw := func(q Param) func() int64 {
			s := q.Dist.sampler(src)
			if q.PerPeer {
				v := s.sample()
				return func() int64 { return v }
			}
			return s.sample
		}
		nextLen, nextGap := draw(length), draw(interval)
		var t int64
		if d.Start != nil {
			t = draw(*d.Start)()
		} else {
			t = nextGap()
		}
		for k := 0; t < int64(stop) && k < 1_000_000; k++ {
			l := nextLen()
			if l > 0 {
				out = append(out, Window{Peer: p, Start: time.Duration(t), End: time.Duration(min(t+l, int64(stop)))})
			}
			t += l + max(nextGap(), 1)
		}
	}
	return out
}

// ParseDisruption reads a random or scheduled disruption, as the command line gives it: a
// comma-separated list of key=value pairs (a value may itself hold commas, as in
// length=uniform:1s,5s). Downtime keys: mtbf, availability, start, length, interval, peers (a
// fraction), types, stop, crash (true: see Disruption.Crash); a slowdown also takes factor. A schedule is "at=PEER@START-END;...",
// e.g. at=3@10s-20s;5@0s-30s.
func ParseDisruption(kind DisruptionKind, s string) (Disruption, error) {
	d := Disruption{Kind: kind}
	name := kind.String()
	var pairs [][2]string
	for _, tok := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(tok, "=")
		switch {
		case ok && !strings.ContainsAny(k, ":;@"):
			pairs = append(pairs, [2]string{strings.TrimSpace(k), v})
		case len(pairs) > 0:
			pairs[len(pairs)-1][1] += "," + tok
		default:
			return d, fmt.Errorf("%s %q: want key=value pairs, e.g. mtbf=30s,availability=0.9", name, s)
		}
	}
	param := func(v string) (*Param, error) {
		p, err := ParseParam(v)
		return &p, err
	}
	for _, kv := range pairs {
		k, v := kv[0], strings.TrimSpace(kv[1])
		var err error
		switch k {
		case "mtbf":
			d.MTBF, err = time.ParseDuration(v)
		case "availability":
			d.Availability, err = strconv.ParseFloat(v, 64)
			if err == nil && !(d.Availability > 0 && d.Availability <= 1) {
				return d, fmt.Errorf("%s: availability %s: want a value in (0, 1]", name, v)
			}
		case "start":
			d.Start, err = param(v)
		case "length", "duration":
			d.Length, err = param(v)
		case "interval":
			d.Interval, err = param(v)
		case "peers":
			d.Fraction, err = strconv.ParseFloat(v, 64)
		case "types":
			d.Types = strings.Split(v, ";")
		case "stop":
			d.Stop, err = time.ParseDuration(v)
		case "factor":
			if kind != Slowdown {
				return d, fmt.Errorf("%s: factor applies to slowdowns only", name)
			}
			d.Factor, err = strconv.ParseFloat(v, 64)
		case "crash":
			if kind != Downtime {
				return d, fmt.Errorf("%s: crash applies to downtime only", name)
			}
			d.Crash, err = strconv.ParseBool(v)
		case "at":
			d.Windows, err = parseWindows(v)
		default:
			return d, fmt.Errorf("%s: unknown key %q (want mtbf, availability, start, length, interval, peers, types, stop, factor, crash or at)", name, k)
		}
		if err != nil {
			return d, fmt.Errorf("%s: %s=%s: %w", name, k, v, unwrapParse(err))
		}
	}
	return d, nil
}

// unwrapParse shortens strconv and time errors to what the user needs.
func unwrapParse(err error) error {
	if ne, ok := err.(*strconv.NumError); ok {
		return fmt.Errorf("%q is not a number", ne.Num)
	}
	return err
}

// parseWindows reads PEER@START-END;PEER@START-END...
func parseWindows(s string) ([]Window, error) {
	var out []Window
	for _, w := range strings.Split(s, ";") {
		peer, span, ok := strings.Cut(strings.TrimSpace(w), "@")
		from, to, ok2 := strings.Cut(span, "-")
		if !ok || !ok2 {
			return nil, fmt.Errorf("window %q: want PEER@START-END, e.g. 3@10s-20s", w)
		}
		p, err := strconv.Atoi(peer)
		if err != nil {
			return nil, fmt.Errorf("window %q: %q is not a peer number", w, peer)
		}
		start, err := time.ParseDuration(from)
		if err != nil {
			return nil, fmt.Errorf("window %q: %w", w, err)
		}
		end, err := time.ParseDuration(to)
		if err != nil {
			return nil, fmt.Errorf("window %q: %w", w, err)
		}
		out = append(out, Window{Peer: model.NodeID(p), Start: start, End: end})
	}
	return out, nil
}

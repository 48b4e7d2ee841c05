// Package clocksync simulates physical clocks and three ways of synchronising them, for
// `distcheck simulate cristian|berkeley|ntp`: each node's local clock runs fast or slow by its
// drift (parts per million) from an initial skew, and the nodes correct it by Cristian's
// algorithm (ask a time server, add half the round trip), the Berkeley algorithm (a master
// polls everyone, averages the clocks that are not outliers, and sends each its adjustment) or
// NTP's exchange (offset and delay from four timestamps). Every synchronisation records the
// clock's error just after it and the error bound the algorithm guarantees there, so that a
// run counts the times the bound was broken: never by the correct algorithms, often by their
// named bugs (Catalog).
package clocksync

import (
	"fmt"
	"math"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// The named bugs.
const (
	// BugIgnoreRTT: Cristian's client sets its clock to the server's time as received, leaving
	// out the half round trip the reply took.
	BugIgnoreRTT bugs.Bug = "ignore-rtt"
	// BugNoOutliers: the Berkeley master averages every clock, a faulty one's too, instead of
	// leaving out those far from the median.
	BugNoOutliers bugs.Bug = "no-outliers"
	// BugSignError: the NTP client computes the offset as ((T2−T1) − (T3−T4))/2, one sign
	// wrong, so that it corrects by half the round trip's delay instead of the offset.
	BugSignError bugs.Bug = "sign-error"
)

// Catalogs list each algorithm's bug.
var Catalogs = map[string]bugs.Catalog{
	"cristian": {Protocol: "cristian", Variants: []bugs.Variant{{Bug: BugIgnoreRTT,
		Summary: "the client takes the server's time as received, without half the round trip; the error after a sync exceeds RTT/2"}}},
	"berkeley": {Protocol: "berkeley", Variants: []bugs.Variant{{Bug: BugNoOutliers,
		Summary: "the master averages a faulty clock (--malicious) with the rest; the agreed time leaves the good clocks' range"}}},
	"ntp": {Protocol: "ntp", Variants: []bugs.Variant{{Bug: BugSignError,
		Summary: "the offset ((T2−T1) − (T3−T4))/2, one sign wrong; the error after a sync exceeds delay/2"}}},
}

// Clock is a node's local clock: true time t reads t + t·Drift/10⁶ + Skew + Adjust.
type Clock struct {
	DriftPPM float64
	Skew     time.Duration
	// Adjust is the sum of the corrections applied.
	Adjust time.Duration
}

// Read returns the local time at true time t.
func (c *Clock) Read(t time.Duration) time.Duration {
	return t + time.Duration(float64(t)*c.DriftPPM/1e6) + c.Skew + c.Adjust
}

// Offset is the clock's error at true time t: local minus true.
func (c *Clock) Offset(t time.Duration) time.Duration { return c.Read(t) - t }

// slack is what drift can add to an error bound over an interval of length d, plus a
// microsecond for rounding.
func (c *Clock) slack(d time.Duration) time.Duration {
	return time.Duration(float64(d)*abs(c.DriftPPM)/1e6) + time.Microsecond
}

func abs[T float64 | time.Duration](x T) T {
	if x < 0 {
		return -x
	}
	return x
}

// Sync is one correction of a node's clock: when, its error just after (from true time, or
// for Berkeley from the master's clock), the bound the algorithm guarantees on that error,
// and the correction applied.
type Sync struct {
	At, Error, Bound, Correction time.Duration
}

// Broken reports whether the error is outside the bound; a negative bound is not judged
// (a Berkeley node's correction: the bound is on the agreement, judged at the master).
func (s Sync) Broken() bool { return s.Bound >= 0 && abs(s.Error) > s.Bound }

// Config configures a run.
type Config struct {
	// Nodes is the number of nodes, the time server or master (node 0) included.
	Nodes int
	// DriftPPM bounds each node's drift: drawn uniformly from [−DriftPPM, DriftPPM] (the
	// server's is 0: it keeps true time, as a radio clock would).
	DriftPPM float64
	// Skew bounds each node's initial error, drawn uniformly from [−Skew, Skew].
	Skew time.Duration
	// Period is the time between synchronisations (default 1s); Sample the time between the
	// records of every clock's offset (default Period/10).
	Period, Sample time.Duration
	// Faulty is how many of the last nodes have a broken clock: 50 × Skew ahead (Berkeley).
	Faulty int
	// Processing bounds the time server's processing: it replies after a delay drawn from
	// [0, Processing] (NTP's timestamps leave it out of the delay).
	Processing time.Duration
	// Outlier is the Berkeley master's threshold: it leaves out clocks further than this from
	// the median (default 2 × Skew, at least 10 ms).
	Outlier time.Duration
	Bug     bugs.Bug
}

// node is what the three algorithms share: a clock, its records, and the sampling timer.
type node struct {
	Clock   Clock
	Faulty  bool
	drawn   bool
	cfg     *Config
	Samples []time.Duration // Samples[k]: the offset at (k+1) × cfg.Sample, Missing while down
	Syncs   []Sync
}

type sampleTimer struct{}

// start draws the clock (once: a restart keeps it) and starts sampling.
func (n *node) start(ctx actor.Context, reference bool) {
	if !n.drawn {
		n.drawn = true
		uniform := func() float64 { return float64(ctx.Choose(2001)-1000) / 1000 }
		if !reference {
			n.Clock.DriftPPM = uniform() * n.cfg.DriftPPM
			n.Clock.Skew = time.Duration(uniform() * float64(n.cfg.Skew))
		}
		if n.Faulty {
			n.Clock.Skew = 50 * n.cfg.Skew
		}
	}
	ctx.SetTimer(sampleTimer{}, n.cfg.Sample-ctx.Now()%n.cfg.Sample)
}

// Missing marks a sample not taken: the node was down.
const Missing = time.Duration(math.MinInt64)

// sample records the offset and sets the next sample, on the next multiple of cfg.Sample.
func (n *node) sample(ctx actor.Context) {
	now := ctx.Now()
	k := int(now/n.cfg.Sample) - 1
	for len(n.Samples) < k {
		n.Samples = append(n.Samples, Missing)
	}
	if k >= 0 && k == len(n.Samples) {
		n.Samples = append(n.Samples, n.Clock.Offset(now))
	}
	ctx.SetTimer(sampleTimer{}, n.cfg.Sample-now%n.cfg.Sample)
}

// Clocked is a node with a simulated clock: every node of this package.
type Clocked interface {
	Records() (clock Clock, faulty bool, samples []time.Duration, syncs []Sync)
}

func (n *node) Records() (Clock, bool, []time.Duration, []Sync) {
	return n.Clock, n.Faulty, n.Samples, n.Syncs
}

func (n *node) String() string {
	s := fmt.Sprintf("clock drift %+.1fppm skew %v adjust %v, %d syncs", n.Clock.DriftPPM, n.Clock.Skew, n.Clock.Adjust, len(n.Syncs))
	if k := len(n.Syncs); k > 0 && n.Syncs[k-1].Broken() {
		sy := n.Syncs[k-1]
		s += fmt.Sprintf(", the last at %.3fs outside its bound: error %v, bound ±%v", sy.At.Seconds(), sy.Error, sy.Bound)
	}
	return s
}

// Validate checks the configuration, filling in the defaults, for algorithm alg.
func (c *Config) Validate(alg string) error {
	if c.Period == 0 {
		c.Period = time.Second
	}
	if c.Sample == 0 {
		c.Sample = c.Period / 10
	}
	if c.Outlier == 0 {
		c.Outlier = max(2*c.Skew, 10*time.Millisecond)
	}
	switch {
	case c.Nodes < 2:
		return fmt.Errorf("nodes %d: want at least 2 (a server and a client)", c.Nodes)
	case c.DriftPPM < 0 || c.DriftPPM >= 1e5:
		return fmt.Errorf("drift %g: want 0 to less than 100000 ppm", c.DriftPPM)
	case c.Skew < 0:
		return fmt.Errorf("skew %v: want 0 or more", c.Skew)
	case c.Period <= 0 || c.Sample <= 0:
		return fmt.Errorf("period %v: want a positive duration", c.Period)
	case c.Faulty < 0 || c.Faulty >= c.Nodes-1:
		return fmt.Errorf("faulty %d: want 0 to %d", c.Faulty, c.Nodes-2)
	case c.Faulty > 0 && alg != "berkeley":
		return fmt.Errorf("faulty %d: only the berkeley algorithm has faulty clocks", c.Faulty)
	}
	cat, ok := Catalogs[alg]
	if !ok {
		return fmt.Errorf("algorithm %q: want cristian, berkeley or ntp", alg)
	}
	return cat.Check(c.Bug)
}

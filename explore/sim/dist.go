package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a family of distributions.
type DistKind uint8

// The distributions of durations. Samples below zero (a normal's left tail) count as zero.
const (
	// Constant is always A.
	Constant DistKind = iota
	// Uniform is uniform on [A, B].
	Uniform
	// Normal has mean A and standard deviation B.
	Normal
	// Exponential has mean A.
	Exponential
	// LogNormal has median A and shape B (the standard deviation of its logarithm).
	LogNormal
)

var distNames = [...]string{Constant: "const", Uniform: "uniform", Normal: "normal", Exponential: "exp", LogNormal: "lognormal"}

// String returns the kind's name as ParseDist reads it.
func (k DistKind) String() string {
	if int(k) < len(distNames) {
		return distNames[k]
	}
	return fmt.Sprintf("dist(%d)", uint8(k))
}

// Dist is a distribution of durations: a latency, a downtime, an interval. The zero Dist is the
// constant 0. A and B are in seconds, except a log-normal's shape B, which has no unit.
type Dist struct {
	Kind DistKind
	A, B float64
}

// Const returns the distribution that is always d.
func Const(d time.Duration) Dist { return Dist{Kind: Constant, A: d.Seconds()} }

// UniformDist returns the uniform distribution on [lo, hi].
func UniformDist(lo, hi time.Duration) Dist {
	return Dist{Kind: Uniform, A: lo.Seconds(), B: hi.Seconds()}
}

// NormalDist returns the normal distribution with the given mean and standard deviation.
func NormalDist(mean, stddev time.Duration) Dist {
	return Dist{Kind: Normal, A: mean.Seconds(), B: stddev.Seconds()}
}

// ExpDist returns the exponential distribution with the given mean.
func ExpDist(mean time.Duration) Dist { return Dist{Kind: Exponential, A: mean.Seconds()} }

// LogNormalDist returns the log-normal distribution with the given median and shape (the
// standard deviation of the logarithm; 0.5 is a moderate tail).
func LogNormalDist(median time.Duration, shape float64) Dist {
	return Dist{Kind: LogNormal, A: median.Seconds(), B: shape}
}

// ParseDist reads a distribution of durations:
//
//	50ms                 the constant 50ms (also const:50ms)
//	10ms,200ms           uniform between 10ms and 200ms (also uniform:10ms,200ms)
//	normal:100ms,20ms    normal with mean 100ms and standard deviation 20ms
//	exp:50ms             exponential with mean 50ms (also exponential:50ms)
//	lognormal:50ms,0.5   log-normal with median 50ms and shape 0.5
func ParseDist(s string) (Dist, error) {
	s = strings.TrimSpace(s)
	kind, args, named := strings.Cut(s, ":")
	if !named {
		kind, args = "", s
	}
	parts := strings.Split(args, ",")
	want := func(k DistKind, n int, form string) error {
		if len(parts) != n {
			return fmt.Errorf("distribution %q: %s takes %s", s, k, form)
		}
		return nil
	}
	dur := func(i int, what string) (float64, error) {
		d, err := time.ParseDuration(strings.TrimSpace(parts[i]))
		if err != nil {
			return 0, fmt.Errorf("distribution %q: %s %q is not a duration (e.g. 50ms or 2s)", s, what, parts[i])
		}
		if d < 0 {
			return 0, fmt.Errorf("distribution %q: %s is negative", s, what)
		}
		return d.Seconds(), nil
	}
	var d Dist
	var err error
	switch strings.ToLower(kind) {
	case "":
		if len(parts) == 2 {
			return ParseDist("uniform:" + args)
		}
		if len(parts) != 1 {
			return Dist{}, fmt.Errorf("distribution %q: want a duration, a range min,max or kind:params", s)
		}
		return ParseDist("const:" + args)
	case "const", "constant":
		if err = want(Constant, 1, "one duration (const:50ms)"); err == nil {
			d.Kind = Constant
			d.A, err = dur(0, "value")
		}
	case "uniform":
		if err = want(Uniform, 2, "min,max (uniform:10ms,200ms)"); err != nil {
			break
		}
		d.Kind = Uniform
		if d.A, err = dur(0, "min"); err != nil {
			break
		}
		if d.B, err = dur(1, "max"); err != nil {
			break
		}
		if d.A > d.B {
			err = fmt.Errorf("distribution %q: range min %s > max %s", s, strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]))
		}
	case "normal", "gaussian":
		if err = want(Normal, 2, "mean,stddev (normal:100ms,20ms)"); err != nil {
			break
		}
		d.Kind = Normal
		if d.A, err = dur(0, "mean"); err == nil {
			d.B, err = dur(1, "stddev")
		}
	case "exp", "exponential":
		if err = want(Exponential, 1, "a mean (exp:50ms)"); err != nil {
			break
		}
		d.Kind = Exponential
		if d.A, err = dur(0, "mean"); err == nil && d.A == 0 {
			err = fmt.Errorf("distribution %q: the mean must be positive", s)
		}
	case "lognormal", "log-normal":
		if err = want(LogNormal, 2, "median,shape (lognormal:50ms,0.5)"); err != nil {
			break
		}
		d.Kind = LogNormal
		if d.A, err = dur(0, "median"); err != nil {
			break
		}
		if d.A == 0 {
			err = fmt.Errorf("distribution %q: the median must be positive", s)
			break
		}
		d.B, err = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		if err != nil || d.B < 0 || math.IsInf(d.B, 0) || math.IsNaN(d.B) {
			err = fmt.Errorf("distribution %q: shape %q is not a number ≥ 0", s, parts[1])
		}
	default:
		return Dist{}, fmt.Errorf("unknown distribution %q in %q (want const, uniform, normal, exp or lognormal)", kind, s)
	}
	return d, err
}

// Validate reports a distribution whose parameters make no sense.
func (d Dist) Validate() error {
	bad := func(what string) error { return fmt.Errorf("distribution %s: %s", d, what) }
	switch {
	case d.Kind > LogNormal:
		return bad("unknown kind")
	case math.IsNaN(d.A) || math.IsNaN(d.B) || math.IsInf(d.A, 0) || math.IsInf(d.B, 0):
		return bad("parameters must be finite")
	case d.A < 0 || d.B < 0:
		return bad("parameters must not be negative")
	case d.Kind == Uniform && d.A > d.B:
		return bad("range min > max")
	case d.Kind == Exponential && d.A == 0, d.Kind == LogNormal && d.A == 0:
		return bad("the mean or median must be positive")
	}
	return nil
}

// String returns the distribution in the form ParseDist reads.
func (d Dist) String() string {
	sec := func(x float64) string { return time.Duration(math.Round(x * 1e9)).String() }
	switch d.Kind {
	case Constant:
		return sec(d.A)
	case Uniform:
		return "uniform:" + sec(d.A) + "," + sec(d.B)
	case Normal:
		return "normal:" + sec(d.A) + "," + sec(d.B)
	case Exponential:
		return "exp:" + sec(d.A)
	case LogNormal:
		return "lognormal:" + sec(d.A) + "," + strconv.FormatFloat(d.B, 'g', -1, 64)
	}
	return d.Kind.String()
}

// Mean returns the distribution's mean (before samples below zero are raised to zero).
func (d Dist) Mean() time.Duration {
	var m float64
	switch d.Kind {
	case Constant, Normal, Exponential:
		m = d.A
	case Uniform:
		m = (d.A + d.B) / 2
	case LogNormal:
		m = d.A * math.Exp(d.B*d.B/2)
	}
	return time.Duration(m * 1e9)
}

// sampler draws durations, in nanoseconds, from a distribution.
type sampler interface {
	sample() int64
}

type constSampler int64

func (c constSampler) sample() int64 { return int64(c) }

// randerSampler draws from one of gonum's distributions, in seconds.
type randerSampler struct{ r distuv.Rander }

func (s randerSampler) sample() int64 {
	x := s.r.Rand()
	if !(x > 0) { // also NaN
		return 0
	}
	if x > 1e9 { // 30 years: far beyond any run
		x = 1e9
	}
	return int64(x * 1e9)
}

// sampler returns a sampler of d that draws from src.
func (d Dist) sampler(src rand.Source) sampler {
	switch d.Kind {
	case Uniform:
		if d.A == d.B {
			return constSampler(d.A * 1e9)
		}
		return randerSampler{distuv.Uniform{Min: d.A, Max: d.B, Src: src}}
	case Normal:
		if d.B == 0 {
			return constSampler(math.Max(d.A, 0) * 1e9)
		}
		return randerSampler{distuv.Normal{Mu: d.A, Sigma: d.B, Src: src}}
	case Exponential:
		return randerSampler{distuv.Exponential{Rate: 1 / d.A, Src: src}}
	case LogNormal:
		return randerSampler{distuv.LogNormal{Mu: math.Log(d.A), Sigma: d.B, Src: src}}
	}
	return constSampler(d.A * 1e9)
}

// Param is a parameter of a random disruption: a distribution sampled every time it is needed,
// or, with PerPeer, sampled once for each peer (a constant is a Const distribution).
type Param struct {
	Dist    Dist
	PerPeer bool
}

// ParseParam reads a Param: a distribution as ParseDist reads it, sampled every time, or
// prefixed with "per-peer:" to sample it once for each peer (per-peer:uniform:10s,60s).
func ParseParam(s string) (Param, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "per-peer:"); ok {
		d, err := ParseDist(rest)
		return Param{Dist: d, PerPeer: true}, err
	}
	d, err := ParseDist(s)
	return Param{Dist: d}, err
}

// String returns the parameter in the form ParseParam reads.
func (p Param) String() string {
	if p.PerPeer {
		return "per-peer:" + p.Dist.String()
	}
	return p.Dist.String()
}

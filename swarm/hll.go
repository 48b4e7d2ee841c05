package swarm

import (
	"fmt"
	"math"
	"math/bits"
)

// sketchBits is the number of hash bits that pick a register: 2^12 registers, a standard error
// of about 1.04/√4096 ≈ 1.6%.
const sketchBits = 12

// Sketch is a HyperLogLog sketch (Flajolet, Fusy, Gandouet and Meunier, 2007) of 64-bit
// fingerprints, which are hashes already: it estimates how many distinct ones were added, in
// 4 KB, and two sketches merge into the sketch of the union. The zero value is not ready: use
// NewSketch.
type Sketch struct {
	// Registers holds, per register, the largest rank seen (exported for JSON).
	Registers []uint8 `json:"registers"`
}

// NewSketch returns an empty sketch.
func NewSketch() *Sketch { return &Sketch{Registers: make([]uint8, 1<<sketchBits)} }

// Add adds fingerprint fp.
func (s *Sketch) Add(fp uint64) {
	fp = mix(fp) // fingerprints of small models can be small integers
	i := fp >> (64 - sketchBits)
	rank := uint8(bits.LeadingZeros64(fp<<sketchBits|1<<(sketchBits-1)) + 1)
	if rank > s.Registers[i] {
		s.Registers[i] = rank
	}
}

// mix is the finalizer of SplitMix64: it spreads every input bit over the output.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// Merge adds every fingerprint o has seen to s.
func (s *Sketch) Merge(o *Sketch) error {
	if len(o.Registers) != len(s.Registers) {
		return fmt.Errorf("swarm: sketch has %d registers, want %d", len(o.Registers), len(s.Registers))
	}
	for i, r := range o.Registers {
		s.Registers[i] = max(s.Registers[i], r)
	}
	return nil
}

// Estimate returns the estimated number of distinct fingerprints added, with the small-range
// correction (linear counting while registers are still empty).
func (s *Sketch) Estimate() float64 {
	m := float64(len(s.Registers))
	sum, zeros := 0.0, 0
	for _, r := range s.Registers {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	e := 0.7213 / (1 + 1.079/m) * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		return m * math.Log(m/float64(zeros))
	}
	return e
}

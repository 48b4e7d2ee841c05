package clockstest_test

import (
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/clocks/clockstest"
)

// Logical clocks written from Lamport's paper and Coulouris et al.'s rules, independently of
// package clocks, as a student would, with mistakes students make to switch on.

type flaw int

const (
	correct flaw = iota
	// maxWithoutIncrement sets the Lamport clock to max(own, stamp) on receipt, without
	// adding one: a receipt can have the time of its send.
	maxWithoutIncrement
	// noTickOnLocal returns the Lamport clock as it is for a local event.
	noTickOnLocal
	// overwriteOnReceive replaces the vector clock with the stamp on receipt, instead of
	// taking the element-wise maximum, and then counts the receipt.
	overwriteOnReceive
	// lessAllStrict orders vectors only when every entry is strictly smaller.
	lessAllStrict
	// lessBySum orders vectors by their sums, as if they were Lamport clocks.
	lessBySum
)

func (f flaw) String() string {
	return [...]string{"correct", "max-without-increment", "no-tick-on-local", "overwrite-on-receive",
		"less-all-strict", "less-by-sum"}[f]
}

type studentLamport struct {
	Time int
	flaw flaw `distcheck:"-"`
}

func (c *studentLamport) Tick() int {
	if c.flaw != noTickOnLocal {
		c.Time++
	}
	return c.Time
}

func (c *studentLamport) Send() int {
	c.Time++
	return c.Time
}

func (c *studentLamport) Receive(stamp int) int {
	if stamp > c.Time {
		c.Time = stamp
	}
	if c.flaw != maxWithoutIncrement {
		c.Time++
	}
	return c.Time
}

type studentVector struct {
	Counts []int
	Me     int  `distcheck:"-"`
	flaw   flaw `distcheck:"-"`
}

func (v *studentVector) Tick() []int {
	v.Counts[v.Me]++
	return v.Counts
}

func (v *studentVector) Send() []int { return v.Tick() }

func (v *studentVector) Receive(stamp []int) []int {
	for i := range v.Counts {
		if v.flaw == overwriteOnReceive || stamp[i] > v.Counts[i] {
			v.Counts[i] = stamp[i]
		}
	}
	return v.Tick()
}

func studentLess(f flaw) func(a, b []int) bool {
	return func(a, b []int) bool {
		switch f {
		case lessAllStrict:
			for i := range a {
				if a[i] >= b[i] {
					return false
				}
			}
			return true
		case lessBySum:
			sa, sb := 0, 0
			for i := range a {
				sa, sb = sa+a[i], sb+b[i]
			}
			return sa < sb
		}
		strictly := false
		for i := range a {
			if a[i] > b[i] {
				return false
			}
			strictly = strictly || a[i] < b[i]
		}
		return strictly
	}
}

func student(f flaw) clockstest.Implementation {
	return clockstest.Implementation{Name: "student-" + f.String(),
		NewLamport: func() clockstest.LamportClock { return &studentLamport{flaw: f} },
		NewVector: func(n int, self model.NodeID) clockstest.VectorClock {
			return &studentVector{Counts: make([]int, n), Me: int(self), flaw: f}
		},
		Less: studentLess(f),
	}
}

package routing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// The named buggy variants.
const (
	// BugNoSplitHorizon advertises every route to every neighbour, even back to the neighbour
	// it goes through.
	BugNoSplitHorizon bugs.Bug = "no-split-horizon"
	// BugNoPoisonedReverse leaves such routes out (split horizon) instead of advertising them
	// as unreachable, so a neighbour keeps an old one until it expires.
	BugNoPoisonedReverse bugs.Bug = "no-poisoned-reverse"
	// BugIgnoreSeq installs whichever LSA arrives last, whatever its sequence number.
	BugIgnoreSeq bugs.Bug = "ignore-seq"
)

// DVCatalog lists the distance-vector router's named bugs.
var DVCatalog = bugs.Catalog{Protocol: "dv", Variants: []bugs.Variant{
	{Bug: BugNoSplitHorizon, Summary: "no split horizon: after a link failure two routers count to infinity through each other (SimpleRoutes)"},
	{Bug: BugNoPoisonedReverse, Summary: "split horizon without poisoned reverse: an old route through a neighbour lingers until it expires, so tables settle up to 3 periods later"},
}}

// LSCatalog lists the link-state router's named bugs.
var LSCatalog = bugs.Catalog{Protocol: "linkstate", Variants: []bugs.Variant{
	{Bug: BugIgnoreSeq, Summary: "ignores sequence numbers: an old LSA from a reconnecting router overwrites a newer one (NewestLSA)"},
}}

// Infinity is the distance of an unreachable destination (RIP's 16) unless Config says.
const Infinity = 16

// Config configures a router.
type Config struct {
	// Period is the time between a router's periodic messages (default 1 s); Dead is how long
	// a neighbour may be silent before it is declared down (default 3 × Period).
	Period, Dead time.Duration
	// Infinity is the distance of an unreachable destination (default 16).
	Infinity int
	// Bug names a buggy variant (DVCatalog, LSCatalog).
	Bug bugs.Bug `distcheck:"-"`
}

func (c Config) period() time.Duration {
	if c.Period <= 0 {
		return time.Second
	}
	return c.Period
}

func (c Config) dead() time.Duration {
	if c.Dead <= 0 {
		return 3 * c.period()
	}
	return c.Dead
}

func (c Config) infinity() int {
	if c.Infinity <= 0 {
		return Infinity
	}
	return c.Infinity
}

// Validate checks the configuration against the catalog of the router it is for.
func (c Config) Validate(catalog bugs.Catalog) error {
	switch {
	case c.Period < 0:
		return fmt.Errorf("period %v is negative", c.Period)
	case c.Dead < 0:
		return fmt.Errorf("dead %v is negative", c.Dead)
	case c.Dead > 0 && c.Dead <= c.period():
		return fmt.Errorf("dead %v: want more than the period %v, or a live neighbour is declared down", c.Dead, c.period())
	case c.Infinity < 0 || c.Infinity == 1:
		return fmt.Errorf("infinity %d: want at least 2", c.Infinity)
	}
	return catalog.Check(c.Bug)
}

// Router is implemented by both routers: their routing tables, by destination.
type Router interface {
	// Table returns, by destination, the next hop (-1: none) and the distance (Infinity:
	// unreachable).
	Table() (next []model.NodeID, dist []int)
	// Unreachable returns the router's infinity.
	Unreachable() int
	// LastChange returns when the table last changed, and MaxRoute the longest finite route
	// it ever held.
	LastChange() time.Duration
	MaxRoute() int
}

// Timers of a router.
type (
	// Tick is the periodic timer.
	Tick struct{}
	// Dead fires when neighbour NB has been silent for Config.Dead.
	Dead struct{ NB model.NodeID }
)

// table is a routing table and its history; neighbours tracks which neighbours are up.
type table struct {
	Next    []model.NodeID
	Dist    []int
	Changed time.Duration
	Longest int
	// Up are the neighbours heard from within Dead.
	Up []model.NodeID
}

// Table returns the next hop and the distance by destination.
func (t *table) Table() ([]model.NodeID, []int) { return t.Next, t.Dist }

// LastChange returns when the table last changed.
func (t *table) LastChange() time.Duration { return t.Changed }

// MaxRoute returns the longest finite route the router ever held.
func (t *table) MaxRoute() int { return t.Longest }

func (t *table) init(ctx actor.Context, inf int) {
	n := len(ctx.Nodes())
	t.Next, t.Dist = make([]model.NodeID, n), make([]int, n)
	for d := range n {
		t.Next[d], t.Dist[d] = -1, inf
	}
	t.Next[ctx.ID()], t.Dist[ctx.ID()] = ctx.ID(), 0
}

// set installs the route to d and reports whether it changed.
func (t *table) set(ctx actor.Context, d model.NodeID, next model.NodeID, dist, inf int) bool {
	if dist >= inf {
		next, dist = -1, inf
	}
	if t.Next[d] == next && t.Dist[d] == dist {
		return false
	}
	t.Next[d], t.Dist[d], t.Changed = next, dist, ctx.Now()
	if dist < inf {
		t.Longest = max(t.Longest, dist)
	}
	return true
}

// heard records a message from nb and reports whether nb was down before.
func (t *table) heard(ctx actor.Context, nb model.NodeID, dead time.Duration) bool {
	ctx.SetTimer(Dead{nb}, dead)
	if slices.Contains(t.Up, nb) {
		return false
	}
	t.Up = append(t.Up, nb)
	slices.Sort(t.Up)
	return true
}

// down records that nb was declared down.
func (t *table) down(nb model.NodeID) {
	t.Up = slices.DeleteFunc(t.Up, func(x model.NodeID) bool { return x == nb })
}

// The properties' names.
const (
	SimpleRoutes = "SimpleRoutes"
	NewestLSA    = "NewestLSA"
)

// Properties returns the routers' safety properties, judged on every step of a simulation.
func Properties() []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always(SimpleRoutes, simpleRoutes),
		properties.Always(NewestLSA, newestLSA),
	}
}

// simpleRoutes: no router holds a finite route longer than n−1 hops.
func simpleRoutes(s *actor.State) bool {
	n := s.NumNodes()
	for _, node := range s.Nodes() {
		r, ok := node.(Router)
		if !ok {
			continue
		}
		_, dist := r.Table()
		for _, d := range dist {
			if d < r.Unreachable() && d > n-1 {
				return false
			}
		}
	}
	return true
}

// newestLSA: each link-state router holds, per origin, the newest LSA it received.
func newestLSA(s *actor.State) bool {
	for _, node := range s.Nodes() {
		if ls, ok := node.(*LinkState); ok {
			for o, l := range ls.DB {
				if l.Seq < ls.Newest[o] {
					return false
				}
			}
		}
	}
	return true
}

// String names the timer in traces.
func (Tick) String() string { return "tick" }

// String names the timer in traces.
func (d Dead) String() string { return fmt.Sprintf("dead n%d", d.NB) }

// String shows the table in traces: by destination, distance via next hop.
func (t *table) String() string {
	var b strings.Builder
	for d := range t.Dist {
		if d > 0 {
			b.WriteString(" ")
		}
		if t.Next[d] < 0 {
			fmt.Fprintf(&b, "n%d:-", d)
		} else {
			fmt.Fprintf(&b, "n%d:%d/n%d", d, t.Dist[d], t.Next[d])
		}
	}
	return b.String()
}

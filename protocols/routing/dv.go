package routing

import (
	"fmt"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// Vector is a DV router's distance vector as sent to one neighbour: by destination, the
// distance, or -1 for a route left out (split horizon).
type Vector struct{ Dist []int }

// Size is the message's size on the wire: 4 bytes a destination.
func (v Vector) Size() int { return 8 + 4*len(v.Dist) }

// heardEntry is a distance a neighbour advertised and when it last did.
type heardEntry struct {
	Dist int
	At   time.Duration
}

// DV is a distance-vector router.
type DV struct {
	Cfg Config
	table
	// Heard are the neighbours' last vectors, entry by entry.
	Heard map[model.NodeID][]heardEntry
}

// NewDV returns a distance-vector router.
func NewDV(cfg Config) *DV { return &DV{Cfg: cfg, Heard: map[model.NodeID][]heardEntry{}} }

// Unreachable returns the router's infinity.
func (r *DV) Unreachable() int { return r.Cfg.infinity() }

// Init sets up the table (itself only) and starts the periodic vectors.
func (r *DV) Init(ctx actor.Context) {
	r.init(ctx, r.Cfg.infinity())
	r.send(ctx)
	ctx.SetTimer(Tick{}, r.Cfg.period())
}

// Timeout sends the vector each period (after dropping expired entries) and declares a
// silent neighbour down.
func (r *DV) Timeout(ctx actor.Context, t actor.Timer) {
	switch t := t.(type) {
	case Tick:
		r.recompute(ctx)
		r.send(ctx)
		ctx.SetTimer(Tick{}, r.Cfg.period())
	case Dead:
		r.down(t.NB)
		delete(r.Heard, t.NB)
		if r.recompute(ctx) {
			r.send(ctx)
		}
	}
}

// Handle takes a neighbour's vector.
func (r *DV) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	v, ok := msg.(Vector)
	if !ok {
		return
	}
	r.heard(ctx, from, r.Cfg.dead())
	h := r.Heard[from]
	if h == nil {
		h = make([]heardEntry, len(r.Dist))
		for d := range h {
			h[d] = heardEntry{Dist: r.Cfg.infinity(), At: -1}
		}
		r.Heard[from] = h
	}
	for d, dist := range v.Dist {
		if dist >= 0 && d < len(h) {
			h[d] = heardEntry{Dist: dist, At: ctx.Now()}
		}
	}
	if r.recompute(ctx) {
		r.send(ctx)
	}
}

// recompute runs one Bellman–Ford step: each destination through the neighbour that offers
// it most cheaply (the lowest ID among equals), over entries heard within Dead. It reports
// whether the table changed.
func (r *DV) recompute(ctx actor.Context) bool {
	inf, me, now := r.Cfg.infinity(), ctx.ID(), ctx.Now()
	changed := false
	for d := range r.Dist {
		if model.NodeID(d) == me {
			continue
		}
		best, next := inf, model.NodeID(-1)
		for _, nb := range r.Up {
			e := r.Heard[nb]
			if e == nil || e[d].At < 0 || now-e[d].At > r.Cfg.dead() {
				continue
			}
			if c := min(1+e[d].Dist, inf); c < best {
				best, next = c, nb
			}
		}
		changed = r.set(ctx, model.NodeID(d), next, best, inf) || changed
	}
	return changed
}

// send sends each neighbour the vector, with the routes through it left out (split
// horizon) or advertised as unreachable (poisoned reverse).
func (r *DV) send(ctx actor.Context) {
	inf := r.Cfg.infinity()
	for _, nb := range ctx.Peers() {
		v := make([]int, len(r.Dist))
		for d, dist := range r.Dist {
			v[d] = dist
			if r.Next[d] != nb || model.NodeID(d) == nb {
				continue
			}
			switch r.Cfg.Bug {
			case BugNoSplitHorizon:
			case BugNoPoisonedReverse:
				v[d] = -1
			default:
				v[d] = inf
			}
		}
		ctx.Send(nb, Vector{v})
	}
}

// String shows the vector in traces.
func (v Vector) String() string { return fmt.Sprintf("vector %v", v.Dist) }

// String shows the router in traces: its table (destination:distance/next hop).
func (r *DV) String() string { return "dv " + r.table.String() }

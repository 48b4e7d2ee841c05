package routing

import (
	"fmt"
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// LSA is a link-state advertisement: a router's live links, numbered by its sequence.
type LSA struct {
	Origin model.NodeID
	Seq    int
	Links  []model.NodeID
}

// Size is the message's size on the wire.
func (l LSA) Size() int { return 16 + 4*len(l.Links) }

// Hello tells a neighbour that the link is up.
type Hello struct{}

// Size is the message's size on the wire.
func (Hello) Size() int { return 8 }

// LinkState is a link-state router.
type LinkState struct {
	Cfg Config
	table
	Seq int
	// DB is the LSA of each origin it holds; Newest the highest sequence number it received
	// of each origin (for NewestLSA).
	DB     map[model.NodeID]LSA
	Newest map[model.NodeID]int
	// Flooded are the (origin, sequence) pairs it passed on already (BugIgnoreSeq floods
	// each once).
	Flooded map[lsaKey]bool `distcheck:"-"`
}

// lsaKey names an LSA by origin and sequence number.
type lsaKey struct {
	Origin model.NodeID
	Seq    int
}

// NewLinkState returns a link-state router.
func NewLinkState(cfg Config) *LinkState {
	return &LinkState{Cfg: cfg, DB: map[model.NodeID]LSA{}, Newest: map[model.NodeID]int{}}
}

// Unreachable returns the router's infinity.
func (r *LinkState) Unreachable() int { return r.Cfg.infinity() }

// Init sets up the table, originates an LSA with no links and starts the hellos.
func (r *LinkState) Init(ctx actor.Context) {
	r.init(ctx, r.Cfg.infinity())
	r.originate(ctx)
	r.hello(ctx)
}

func (r *LinkState) hello(ctx actor.Context) {
	for _, nb := range ctx.Peers() {
		ctx.Send(nb, Hello{})
	}
	ctx.SetTimer(Tick{}, r.Cfg.period())
}

// Timeout sends the hellos and declares a silent neighbour down.
func (r *LinkState) Timeout(ctx actor.Context, t actor.Timer) {
	switch t := t.(type) {
	case Tick:
		r.hello(ctx)
	case Dead:
		r.down(t.NB)
		r.originate(ctx)
	}
}

// Handle takes hellos and LSAs; a neighbour that comes up gets the whole database.
func (r *LinkState) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	if r.heard(ctx, from, r.Cfg.dead()) {
		for _, o := range sortedKeys(r.DB) {
			ctx.Send(from, r.DB[o])
		}
		r.originate(ctx)
	}
	l, ok := msg.(LSA)
	if !ok || l.Origin == ctx.ID() {
		return
	}
	r.Newest[l.Origin] = max(r.Newest[l.Origin], l.Seq)
	old, held := r.DB[l.Origin]
	if r.Cfg.Bug == BugIgnoreSeq {
		if held && old.Seq == l.Seq {
			return
		}
		r.DB[l.Origin] = l
		if r.Flooded == nil {
			r.Flooded = map[lsaKey]bool{}
		}
		key := lsaKey{l.Origin, l.Seq}
		if !r.Flooded[key] {
			r.Flooded[key] = true
			r.flood(ctx, l, from)
		}
		r.dijkstra(ctx)
		return
	}
	if held && l.Seq <= old.Seq {
		return
	}
	r.DB[l.Origin] = l
	r.flood(ctx, l, from)
	r.dijkstra(ctx)
}

// originate makes and floods a new LSA of the live links.
func (r *LinkState) originate(ctx actor.Context) {
	r.Seq++
	l := LSA{Origin: ctx.ID(), Seq: r.Seq, Links: slices.Clone(r.Up)}
	r.DB[l.Origin], r.Newest[l.Origin] = l, l.Seq
	r.flood(ctx, l, -1)
	r.dijkstra(ctx)
}

// flood sends l to every live neighbour but from.
func (r *LinkState) flood(ctx actor.Context, l LSA, from model.NodeID) {
	for _, nb := range r.Up {
		if nb != from {
			ctx.Send(nb, l)
		}
	}
}

// dijkstra computes the routes over the links the LSAs report (every link costs 1, so a
// breadth-first search is Dijkstra's algorithm): the first hop of the shortest path found
// first, neighbours taken in order of ID.
func (r *LinkState) dijkstra(ctx actor.Context) {
	inf, me := r.Cfg.infinity(), ctx.ID()
	n := len(r.Dist)
	dist := make([]int, n)
	first := make([]model.NodeID, n)
	for i := range dist {
		dist[i], first[i] = inf, -1
	}
	dist[me], first[me] = 0, me
	queue := []model.NodeID{me}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		links := r.DB[u].Links
		if u == me {
			links = r.Up
		}
		for _, v := range links {
			if int(v) >= n || dist[v] <= dist[u]+1 {
				continue
			}
			dist[v], first[v] = dist[u]+1, first[u]
			if u == me {
				first[v] = v
			}
			queue = append(queue, v)
		}
	}
	for d := range n {
		if model.NodeID(d) != me {
			r.set(ctx, model.NodeID(d), first[d], dist[d], inf)
		}
	}
}

func sortedKeys[V any](m map[model.NodeID]V) []model.NodeID {
	keys := make([]model.NodeID, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// String names the message in traces.
func (Hello) String() string { return "hello" }

// String shows the LSA in traces.
func (l LSA) String() string { return fmt.Sprintf("lsa n%d#%d links %v", l.Origin, l.Seq, l.Links) }

// String shows the router in traces: its table (destination:distance/next hop).
func (r *LinkState) String() string { return "linkstate " + r.table.String() }

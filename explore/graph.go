package explore

import (
	"sync"
	"sync/atomic"
)

// paged is an array indexed by dense state id that workers fill concurrently: fixed-size pages
// allocated on first use, so it grows without moving what was written.
type paged[T any] struct {
	mu    sync.Mutex
	pages [1 << 16]atomic.Pointer[[pageSize]T]
}

const pageBits = 16
const pageSize = 1 << pageBits

func (p *paged[T]) page(i uint32) *[pageSize]T {
	k := i >> pageBits
	if pg := p.pages[k].Load(); pg != nil {
		return pg
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if pg := p.pages[k].Load(); pg != nil {
		return pg
	}
	pg := new([pageSize]T)
	p.pages[k].Store(pg)
	return pg
}

// set stores x at i. Different goroutines may set different indexes at once.
func (p *paged[T]) set(i uint32, x T) { p.page(i)[i&(pageSize-1)] = x }

// get returns the value at i; call it once every writer is done.
func (p *paged[T]) get(i uint32) T { return p.page(i)[i&(pageSize-1)] }

// bytes returns the memory held by the pages allocated.
func (p *paged[T]) bytes(elem int) int64 {
	var n int64
	for k := range p.pages {
		if p.pages[k].Load() != nil {
			n += pageSize * int64(elem)
		}
	}
	return n
}

// edge is a transition of the recorded state graph: from state u to state v by an action of
// fairness class class (0 when the action is not subject to fairness).
type edge struct {
	u, v  uint32
	class uint64
}

// edgeLog is a block of a worker's log of edges and, under symmetry reduction, beside each the
// renaming that maps the state it reached to its orbit's canonical state (an index into
// symLive's table): kept apart so that an edge stays 16 bytes without symmetry.
type edgeLog struct {
	edges []edge
	perms []uint32
}

// State flags of the recorded graph.
const (
	flagInit uint8 = 1 << iota
	// flagEnds marks a state in which nothing but faults can happen: a behaviour may end there.
	flagEnds
)

// graph is the state graph recorded by an exhaustive search for liveness checks: per state its
// fingerprint, the values of the liveness predicates and flags, and the transitions, which are
// logged per worker during the search and compacted into CSR form after it.
type graph struct {
	fps   paged[uint64]
	bits  paged[uint64]
	flags paged[uint8]

	mu   sync.Mutex
	logs []edgeLog

	n   int
	off []uint32 // off[u]..off[u+1] index the edges out of u
	dst []uint32
	cls []uint64
	// prm holds the edges' perm, under symmetry reduction (withPerms) only.
	prm       []uint32
	withPerms bool
}

// addLog hands a block of a worker's edge log to the graph.
func (g *graph) addLog(l edgeLog) {
	if len(l.edges) == 0 {
		return
	}
	g.mu.Lock()
	g.logs = append(g.logs, l)
	g.mu.Unlock()
}

// logBlock is the number of edges a worker logs before handing the block to the graph: blocks
// of a fixed size are never copied to grow.
const logBlock = 1 << 16

// logEdge appends e, and its perm under symmetry reduction, to a worker's current block,
// handing the block over when it is full.
func (g *graph) logEdge(block *edgeLog, e edge, perm uint32) {
	if block.edges == nil {
		block.edges = make([]edge, 0, logBlock)
		if g.withPerms {
			block.perms = make([]uint32, 0, logBlock)
		}
	}
	block.edges = append(block.edges, e)
	if g.withPerms {
		block.perms = append(block.perms, perm)
	}
	if len(block.edges) == logBlock {
		g.addLog(*block)
		*block = edgeLog{}
	}
}

// finish builds the CSR form of the n states' edges and drops the logs.
func (g *graph) finish(n int) {
	g.n = n
	g.off = make([]uint32, n+1)
	m := 0
	for _, l := range g.logs {
		for _, e := range l.edges {
			g.off[e.u+1]++
		}
		m += len(l.edges)
	}
	for i := range n {
		g.off[i+1] += g.off[i]
	}
	g.dst = make([]uint32, m)
	g.cls = make([]uint64, m)
	if g.withPerms {
		g.prm = make([]uint32, m)
	}
	pos := make([]uint32, n)
	copy(pos, g.off[:n])
	for k, l := range g.logs {
		for i, e := range l.edges {
			j := pos[e.u]
			pos[e.u]++
			g.dst[j], g.cls[j] = e.v, e.class
			if g.withPerms {
				g.prm[j] = l.perms[i]
			}
		}
		g.logs[k] = edgeLog{}
	}
	g.logs = nil
}

// out returns the range of u's edges in dst and cls.
func (g *graph) out(u uint32) (lo, hi uint32) { return g.off[u], g.off[u+1] }

// bytes returns the memory the graph holds.
func (g *graph) bytes() int64 {
	return g.fps.bytes(8) + g.bits.bytes(8) + g.flags.bytes(1) +
		int64(len(g.off))*4 + int64(len(g.dst))*4 + int64(len(g.cls))*8 + int64(len(g.prm))*4
}

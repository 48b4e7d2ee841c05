// Package p2p holds what the peer-to-peer protocols under it share: data items (Tx) signed by
// the peer they originate at, the production of items at a rate, a store of held items with
// per-origin counters, clients that hand their items to several peers, and Malicious, which
// turns any of these protocols' peers into a malicious one (hiding, bogus data, equivocation,
// Sybil identities).
//
// The protocols are model.Nodes: they run under the model checker and in the timed simulator
// (package explore/sim), where they report the items they produce and see through sim.Produced
// and sim.Seen.
package p2p

import (
	"slices"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// TxHeader is the size on the wire of a Tx without its payload: its ID, content digest,
// signature and framing.
const TxHeader = 40

// Tx is a data item — a transaction, a chat message: its ID (origin and the origin's
// counter), its content (Data, which stands for a payload of Bytes bytes), and its origin's
// signature of both.
type Tx struct {
	ID    sim.ItemID
	Data  uint64
	Bytes int
	Sig   actor.Signature
}

// body is what the origin signs.
type body struct {
	ID   sim.ItemID
	Data uint64
}

// Size is the Tx's size on the wire.
func (t Tx) Size() int { return TxHeader + t.Bytes }

// Signed returns t signed by ctx's node.
func (t Tx) Signed(ctx actor.Context) Tx {
	t.Sig = ctx.Sign(body{t.ID, t.Data})
	return t
}

// SignedAs returns t signed by identity as, through the adversary's keys.
func (t Tx) SignedAs(adv sim.Adversary, as model.NodeID) Tx {
	t.Sig = adv.SignAs(as, body{t.ID, t.Data})
	return t
}

// Valid reports whether t carries its origin's signature of its ID and content.
func (t Tx) Valid() bool {
	return t.Sig.Signer == t.ID.Origin && actor.Verify(body{t.ID, t.Data}, t.Sig)
}

// Content returns the genuine content of item id: what an honest origin produces.
func Content(id sim.ItemID) uint64 {
	return value.Finalize(value.Mix(value.Mix(0xc0ffee, uint64(id.Origin)), uint64(id.Seq)))
}

// ProduceTimer is the timer of a Production.
type ProduceTimer struct{}

// Production says how a peer produces items: one every Every, the first at Start, none after
// Until (0: no end) or beyond Max items (0: no limit), each with a payload of Size bytes.
type Production struct {
	Every time.Duration
	Start time.Duration
	Until time.Duration
	Max   int
	Size  int
}

// On reports whether the production makes anything.
func (p Production) On() bool { return p.Every > 0 || p.Max > 0 }

// Begin starts the production.
func (p Production) Begin(ctx actor.Context) {
	if p.On() {
		ctx.SetTimer(ProduceTimer{}, p.Start)
	}
}

// Next produces the next item when ProduceTimer fires: it signs it, records it, counts it in
// *seq and sets the timer again. It returns false when the production is over.
func (p Production) Next(ctx actor.Context, seq *int) (Tx, bool) {
	if p.Max > 0 && *seq >= p.Max || p.Until > 0 && ctx.Now() > p.Until {
		return Tx{}, false
	}
	id := sim.ItemID{Origin: ctx.ID(), Seq: *seq}
	tx := Tx{ID: id, Data: Content(id), Bytes: p.Size}.Signed(ctx)
	*seq++
	sim.Produced(ctx, id, tx.Data)
	if p.Every > 0 {
		ctx.SetTimer(ProduceTimer{}, p.Every)
	}
	return tx, true
}

// Range is a ranged index entry: a peer holds Origin's items 0 to Next-1.
type Range struct {
	Origin model.NodeID
	Next   int
}

// Store is the items a peer holds, with, for each origin, how many of its items it holds
// without a gap (for ranged indices) and the highest counter seen.
type Store struct {
	Items map[sim.ItemID]Tx
	Next  map[model.NodeID]int
	Top   map[model.NodeID]int
}

// Has reports whether the store holds item id.
func (s *Store) Has(id sim.ItemID) bool {
	_, ok := s.Items[id]
	return ok
}

// Len returns the number of items held.
func (s *Store) Len() int { return len(s.Items) }

// Add adds tx and reports whether it is new.
func (s *Store) Add(tx Tx) bool {
	if s.Has(tx.ID) {
		return false
	}
	if s.Items == nil {
		s.Items, s.Next, s.Top = map[sim.ItemID]Tx{}, map[model.NodeID]int{}, map[model.NodeID]int{}
	}
	s.Items[tx.ID] = tx
	o := tx.ID.Origin
	s.Top[o] = max(s.Top[o], tx.ID.Seq+1)
	next := s.Next[o]
	for s.Has(sim.ItemID{Origin: o, Seq: next}) {
		next++
	}
	s.Next[o] = next
	return true
}

// Index returns the IDs of the items held, in order.
func (s *Store) Index() []sim.ItemID {
	out := make([]sim.ItemID, 0, len(s.Items))
	for id := range s.Items {
		out = append(out, id)
	}
	slices.SortFunc(out, compareIDs)
	return out
}

// Ranges returns the ranged index: for each origin, how many of its items are held without a
// gap, in order of origin.
func (s *Store) Ranges() []Range {
	out := make([]Range, 0, len(s.Next))
	for o, n := range s.Next {
		out = append(out, Range{o, n})
	}
	slices.SortFunc(out, func(a, b Range) int { return int(a.Origin - b.Origin) })
	return out
}

// Missing returns the items held whose IDs are not in index (sorted), in order.
func (s *Store) Missing(index []sim.ItemID) []Tx {
	var out []Tx
	for _, id := range s.Index() {
		if _, found := slices.BinarySearchFunc(index, id, compareIDs); !found {
			out = append(out, s.Items[id])
		}
	}
	return out
}

// After returns the items held beyond a ranged index: for each origin, those from its Next on
// (all of an origin's that ranges does not name), in order.
func (s *Store) After(ranges []Range) []Tx {
	var out []Tx
	origins := make([]model.NodeID, 0, len(s.Top))
	for o := range s.Top {
		origins = append(origins, o)
	}
	slices.Sort(origins)
	for _, o := range origins {
		from := 0
		if i, found := slices.BinarySearchFunc(ranges, o, func(r Range, o model.NodeID) int { return int(r.Origin - o) }); found {
			from = ranges[i].Next
		}
		for seq := from; seq < s.Top[o]; seq++ {
			if tx, ok := s.Items[sim.ItemID{Origin: o, Seq: seq}]; ok {
				out = append(out, tx)
			}
		}
	}
	return out
}

func compareIDs(a, b sim.ItemID) int {
	if a.Origin != b.Origin {
		return int(a.Origin - b.Origin)
	}
	return a.Seq - b.Seq
}

// Sample returns k of peers, except the one given, chosen through ctx.Choose (all of them,
// in order, when there are no more than k).
func Sample(ctx actor.Context, peers []model.NodeID, k int, except model.NodeID) []model.NodeID {
	pool := make([]model.NodeID, 0, len(peers))
	for _, p := range peers {
		if p != except {
			pool = append(pool, p)
		}
	}
	if len(pool) <= k {
		return pool
	}
	for i := range k {
		j := i + ctx.Choose(len(pool)-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	return pool[:k]
}

package explore

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/distcheck/distcheck/model"
)

// StateEncoder is implemented by models whose states can be written to disk. A BFS with a
// memory budget (Options.MaxMemory) writes blocks of its frontier to disk, encoded by it, when
// its memory passes half the budget; without it the frontier stays in memory and only the
// visited set spills. Encoding must be exact: ReadState(AppendState(nil, s)) has s's
// fingerprint and successors.
type StateEncoder[S any] interface {
	// AppendState appends the encoding of s to buf and returns the extended buffer.
	AppendState(buf []byte, s S) []byte
	// ReadState decodes the state at the front of buf and returns it and the rest of buf. The
	// state must not keep buf, which is reused.
	ReadState(buf []byte) (S, []byte, error)
}

// FrontierEncoder is implemented by a StateEncoder whose encoding is much smaller than its
// states in memory (say, because parts that many states share are interned and written as
// ids): when EncodeFrontier says so, a BFS keeps every full block of its frontier encoded in
// memory, with or without a memory budget, and decodes it when it expands it. That costs an
// encoding and a decoding per state, and saves the memory of the states waiting in the
// frontier and the garbage collector's work of scanning them.
type FrontierEncoder interface {
	// EncodeFrontier reports whether a BFS should keep its frontier encoded.
	EncodeFrontier() bool
}

// spill is what a BFS with a memory budget keeps on disk, in a directory of its own that
// is removed when the search ends: the visited set's older fingerprints (disk), and blocks
// of the frontier (see the package documentation, "Searches larger than memory").
//
// Once part of the visited set is on disk, a successor missing from the in-memory table may
// still be known. Such successors are inserted into the table and queued unchecked, as
// candidates; when the level ends their fingerprints are sorted and looked up on disk in one
// pass (dups), and the next level skips the candidates found there and checks the others'
// properties before expanding them. So each distinct state is still checked and expanded
// once, and the counts are those of the search in memory.
type spill[S any] struct {
	parent string // where dir is made: Options.SpillDir, or os.TempDir()
	dir    string // "" until something is spilled
	disk   diskSet
	// extra counts the keys of the in-memory table that are also on disk.
	extra atomic.Int64
	// at is the memory use above which the frontier goes to disk and, at the end of a level,
	// the table is merged into the disk set; hot says whether the last check passed it.
	at    int64
	hot   atomic.Bool
	force bool // merge at the end of every level and write every frontier block (tests)
	enc   StateEncoder[S]
	// dups are the fingerprints of the candidates of the level being expanded that were known.
	dups map[uint64]struct{}

	mu sync.Mutex
	// cur holds the blocks of the level being expanded that were written to disk; next
	// those of the level being built, at offset nextOff.
	cur, next *os.File
	nextOff   int64
	err       error
	files     int

	// For Stats, read while the search runs: merges of the table into the disk set, keys on
	// disk, bytes of keys written, frontier states and bytes written.
	merges       atomic.Int32
	onDisk       atomic.Int64
	visitedBytes atomic.Int64
	states       atomic.Int64
	stateBytes   atomic.Int64
}

// newSpill returns the spill of a BFS whose budget is opts.MaxMemory, or nil when the search
// cannot spill: no explicit budget, or it records the state graph or reduces partial orders,
// which keep per-state data in memory.
func newSpill[S any](r *run[S]) *spill[S] {
	o := r.opts
	if o.MaxMemory <= 0 || o.Strategy != BFS || r.graph != nil || r.por != nil {
		return nil
	}
	sp := &spill[S]{parent: o.SpillDir, at: o.MaxMemory / 2, force: o.spillEveryLevel}
	if sp.parent == "" {
		sp.parent = os.TempDir()
	}
	sp.enc = encoder(r.m)
	return sp
}

// encoder returns m as a StateEncoder, or nil.
func encoder[S any](m model.Model[S]) StateEncoder[S] {
	if sm, ok := m.(symModel[S]); ok {
		m = sm.Model
	}
	enc, _ := m.(StateEncoder[S])
	return enc
}

// packer returns the encoder with which a BFS keeps its frontier encoded in memory, or nil:
// the model's, if it is a FrontierEncoder that asks for it.
func packer[S any](r *run[S]) StateEncoder[S] {
	enc := encoder(r.m)
	if f, ok := enc.(FrontierEncoder); !ok || !f.EncodeFrontier() {
		return nil
	}
	return enc
}

// mkdir makes the spill's directory if it does not exist yet.
func (sp *spill[S]) mkdir() error {
	if sp.dir != "" {
		return nil
	}
	dir, err := os.MkdirTemp(sp.parent, "distcheck-spill-")
	if err != nil {
		return fmt.Errorf("explore: spilling to disk: %w", err)
	}
	sp.dir, sp.disk.dir = dir, dir
	return nil
}

// close removes everything the spill wrote.
func (sp *spill[S]) close() {
	if sp == nil {
		return
	}
	sp.disk.close()
	for _, f := range []*os.File{sp.cur, sp.next} {
		if f != nil {
			f.Close()
		}
	}
	if sp.dir != "" {
		os.RemoveAll(sp.dir)
	}
}

// spillFailed records the first error of the spill (or of decoding the frontier kept in
// memory) and stops the search; Run returns it.
func (r *run[S]) spillFailed(err error) {
	if sp := r.spill; sp != nil {
		sp.mu.Lock()
		if sp.err == nil {
			sp.err = err
		}
		sp.mu.Unlock()
	} else {
		r.mu.Lock()
		if r.frontierErr == nil {
			r.frontierErr = err
		}
		r.mu.Unlock()
	}
	r.stop(StopCanceled)
}

// spilling reports whether a full block of the next level should go to disk.
func (sp *spill[S]) spilling() bool {
	return sp != nil && sp.enc != nil && (sp.force || sp.hot.Load())
}

// writeBlock encodes b's states into buf, appends them to the next level's file and drops
// them from b, which keeps their fingerprints.
func (r *run[S]) writeBlock(b *block[S], buf *[]byte) {
	sp := r.spill
	enc := (*buf)[:0]
	for _, s := range b.states {
		enc = sp.enc.AppendState(enc, s)
	}
	*buf = enc
	n := len(b.states)
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.err != nil {
		return
	}
	if sp.next == nil {
		if err := sp.mkdir(); err != nil {
			sp.err = err
			return
		}
		sp.files++
		f, err := os.Create(filepath.Join(sp.dir, fmt.Sprintf("frontier-%d", sp.files)))
		if err != nil {
			sp.err = fmt.Errorf("explore: spilling the frontier: %w", err)
			return
		}
		sp.next, sp.nextOff = f, 0
	}
	if _, err := sp.next.WriteAt(enc, sp.nextOff); err != nil {
		sp.err = fmt.Errorf("explore: spilling the frontier: %w", err)
		return
	}
	clear(b.states)
	b.off, b.bytes, b.n, b.states = sp.nextOff, len(enc), n, nil
	sp.nextOff += int64(len(enc))
	sp.states.Add(int64(n))
	sp.stateBytes.Add(int64(len(enc)))
}

// packBlock encodes b's states into memory, when the model keeps its frontier encoded (see
// FrontierEncoder); buf is a buffer for the encoding.
func (r *run[S]) packBlock(b *block[S], buf *[]byte) {
	enc := (*buf)[:0]
	for _, s := range b.states {
		enc = r.packed.AppendState(enc, s)
	}
	*buf = enc
	clear(b.states)
	b.data, b.n, b.states = append([]byte(nil), enc...), len(b.states), nil
}

// readBlock decodes the states of a block encoded by packBlock or written by writeBlock into
// out.
func (r *run[S]) readBlock(b *block[S], buf *[]byte, out *[]S) ([]S, error) {
	raw, enc, where := b.data, r.packed, "the frontier"
	if raw == nil {
		sp := r.spill
		if cap(*buf) < b.bytes {
			*buf = make([]byte, b.bytes)
		}
		raw, enc, where = (*buf)[:b.bytes], sp.enc, "the spilled frontier"
		if _, err := sp.cur.ReadAt(raw, b.off); err != nil {
			return nil, fmt.Errorf("explore: reading %s: %w", where, err)
		}
	}
	states := (*out)[:0]
	for range b.n {
		s, rest, err := enc.ReadState(raw)
		if err != nil {
			return nil, fmt.Errorf("explore: reading %s: %w", where, err)
		}
		states, raw = append(states, s), rest
	}
	*out = states
	return states, nil
}

// endLevel is called between levels with the blocks of the level just built; unchecked says
// whether they were queued as candidates. It finds the candidates already known (sp.dups),
// merges the in-memory table into the disk set when memory is short, and returns the number
// of states to expand and whether they are candidates (unchecked, passed on).
func (r *run[S]) endLevel(blocks []block[S], queued int64, unchecked bool) (int64, bool) {
	sp := r.spill
	sp.mu.Lock()
	if sp.cur != nil {
		sp.cur.Close()
		os.Remove(sp.cur.Name())
	}
	sp.cur, sp.next = sp.next, nil
	err := sp.err
	sp.mu.Unlock()
	if err != nil {
		return 0, false
	}
	sp.dups = nil
	if unchecked && sp.disk.n > 0 {
		hs := make([]uint64, 0, queued)
		for _, b := range blocks {
			for _, fp := range b.fps {
				hs = append(hs, mix(fp))
			}
		}
		slices.Sort(hs)
		found, err := sp.disk.contains(hs)
		if err != nil {
			r.spillFailed(err)
			return 0, false
		}
		sp.dups = make(map[uint64]struct{}, len(found))
		for _, h := range found {
			sp.dups[unmix(h)] = struct{}{}
		}
		sp.extra.Add(int64(len(found)))
		queued -= int64(len(found))
	}
	if queued > 0 && (sp.force || memoryUsed() > sp.at) {
		if err := r.mergeVisited(blocks); err != nil {
			r.spillFailed(err)
			return 0, false
		}
	}
	return queued, unchecked
}

// mergeVisited merges the in-memory table into the disk set and empties it, keeping the
// fingerprints of the level about to be expanded (blocks), whose successors often lead back
// to it.
func (r *run[S]) mergeVisited(blocks []block[S]) error {
	sp := r.spill
	if err := sp.mkdir(); err != nil {
		return err
	}
	if err := sp.disk.merge(r.seen); err != nil {
		return fmt.Errorf("explore: %w", err)
	}
	sp.merges.Add(1)
	// Every key in memory is on disk now; the order of these stores keeps the count of
	// distinct states that Progress reads right meanwhile.
	sp.extra.Store(r.seen.len())
	sp.onDisk.Store(sp.disk.n)
	sp.visitedBytes.Store(sp.disk.written)
	var keep int64
	for _, b := range blocks {
		keep += int64(len(b.fps))
	}
	r.seen.reset(keep)
	sp.extra.Store(0)
	if !sp.force {
		// Return the old table's memory now, or memory use stays above sp.at until the
		// collector runs, and the next level spills for nothing.
		debug.FreeOSMemory()
	}
	for _, b := range blocks {
		for _, fp := range b.fps {
			if _, dup := sp.dups[fp]; dup {
				continue
			}
			if r.seen.full() {
				r.seen.grow()
			}
			if r.seen.insert(fp, 0) {
				sp.extra.Add(1)
			}
		}
	}
	return nil
}

// admit is called before expanding a candidate: it reports whether the state is new (not
// in dups) and passes its properties' checks, which a candidate has not had yet.
func (r *run[S]) admit(s S, fp uint64) bool {
	if _, dup := r.spill.dups[fp]; dup {
		return false
	}
	return r.checkNew(s, fp, "", nil)
}

// checkCandidates checks the candidates of a level that will not be expanded (the depth
// bound), so that their properties are checked as in a search in memory.
func (r *run[S]) checkCandidates(blocks []block[S]) {
	var buf []byte
	var states []S
	for _, b := range blocks {
		list := b.states
		if list == nil && b.n > 0 {
			var err error
			if list, err = r.readBlock(&b, &buf, &states); err != nil {
				r.spillFailed(err)
				return
			}
		}
		for i, s := range list {
			r.admit(s, b.fps[i])
			if r.stopped.Load() {
				return
			}
		}
	}
}

// distinct returns the number of distinct states found.
func (r *run[S]) distinct() int64 {
	if r.spill == nil {
		return r.seen.len()
	}
	return r.seen.len() + r.spill.onDisk.Load() - r.spill.extra.Load()
}

// eachVisited calls f with the fingerprint of every distinct state, on disk or in memory.
func (r *run[S]) eachVisited(f func(uint64)) error {
	if r.spill == nil || r.spill.disk.n == 0 {
		r.seen.each(f)
		return nil
	}
	if err := r.spill.disk.merge(r.seen); err != nil {
		return fmt.Errorf("explore: %w", err)
	}
	r.spill.onDisk.Store(r.spill.disk.n)
	r.seen.reset(0)
	r.spill.extra.Store(0)
	return r.spill.disk.each(f)
}

package explore

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// diskSet is the part of a BFS's visited set written to disk: one file of fingerprints,
// sorted by their mixed value (mix), 8 bytes each, and in memory the first key of every page
// of pageKeys keys. Membership is asked in sorted batches (contains), so each page is read at
// most once a batch, in file order; new keys come in by merging the in-memory table into the
// file (merge), shard by shard: a shard holds the keys of one range of mixed values, so the
// merge needs one shard's keys sorted at a time and never a copy of the table.
type diskSet struct {
	dir   string
	file  *os.File
	n     int64    // keys in file
	index []uint64 // first key of each page
	gen   int      // files written, to name the next
	// written counts the bytes written to disk in all.
	written int64
}

// pageKeys is the number of keys in a page of a diskSet's file: 4 KiB.
const pageKeys = 512

// mix is the visited set's hash of a fingerprint (see visited.home): a bijection, whose top
// byte is the key's shard.
func mix(fp uint64) uint64 { return fp * 0x9e3779b97f4a7c15 }

// unmix is the inverse of mix: 0xf1de83e19937733d is the inverse of 0x9e3779b97f4a7c15
// modulo 2⁶⁴.
func unmix(h uint64) uint64 { return h * 0xf1de83e19937733d }

// merge writes a new file holding the keys of the current one and those of mem, and replaces
// the current one with it. mem is not changed; no insert may run meanwhile.
func (d *diskSet) merge(mem *visited) error {
	d.gen++
	name := filepath.Join(d.dir, fmt.Sprintf("visited-%d", d.gen))
	out, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("spilling the visited set: %w", err)
	}
	w := bufio.NewWriterSize(out, 1<<16)
	var old *bufio.Reader
	if d.file != nil {
		if _, err := d.file.Seek(0, io.SeekStart); err != nil {
			out.Close()
			return fmt.Errorf("spilling the visited set: %w", err)
		}
		old = bufio.NewReaderSize(d.file, 1<<16)
	}
	var (
		buf     [8]byte
		n       int64
		index   []uint64
		last    uint64
		werr    error
		oldLeft = d.n
		oldNext uint64
		hasOld  bool
	)
	put := func(h uint64) {
		if n > 0 && h == last {
			return // in both the file and the table
		}
		if n%pageKeys == 0 {
			index = append(index, h)
		}
		binary.LittleEndian.PutUint64(buf[:], h)
		if _, err := w.Write(buf[:]); err != nil && werr == nil {
			werr = err
		}
		n, last = n+1, h
	}
	readOld := func() {
		hasOld = false
		if oldLeft == 0 {
			return
		}
		if _, err := io.ReadFull(old, buf[:]); err != nil {
			if werr == nil {
				werr = err
			}
			return
		}
		oldLeft--
		oldNext, hasOld = binary.LittleEndian.Uint64(buf[:]), true
	}
	readOld()
	var keys []uint64
	for s := range mem.shards {
		keys = keys[:0]
		for _, k := range mem.shards[s].keys {
			if k != 0 {
				keys = append(keys, mix(k))
			}
		}
		slices.Sort(keys)
		for _, h := range keys {
			for hasOld && oldNext <= h {
				put(oldNext)
				readOld()
			}
			put(h)
		}
	}
	for hasOld {
		put(oldNext)
		readOld()
	}
	if err := w.Flush(); err != nil && werr == nil {
		werr = err
	}
	if werr != nil {
		out.Close()
		os.Remove(name)
		return fmt.Errorf("spilling the visited set: %w", werr)
	}
	d.close()
	d.file, d.n, d.index = out, n, index
	d.written += n * 8
	return nil
}

// contains returns the keys of hs (mixed fingerprints, sorted) that are in the file.
func (d *diskSet) contains(hs []uint64) ([]uint64, error) {
	if d.n == 0 {
		return nil, nil
	}
	var found []uint64
	page := make([]uint64, 0, pageKeys)
	raw := make([]byte, pageKeys*8)
	loaded := -1
	for _, h := range hs {
		// The last page whose first key is ≤ h.
		p := sort.Search(len(d.index), func(i int) bool { return d.index[i] > h }) - 1
		if p < 0 {
			continue
		}
		if p != loaded {
			keys := min(int64(pageKeys), d.n-int64(p)*pageKeys)
			b := raw[:keys*8]
			if _, err := d.file.ReadAt(b, int64(p)*pageKeys*8); err != nil {
				return nil, fmt.Errorf("reading the spilled visited set: %w", err)
			}
			page = page[:0]
			for i := 0; i < len(b); i += 8 {
				page = append(page, binary.LittleEndian.Uint64(b[i:]))
			}
			loaded = p
		}
		if _, ok := slices.BinarySearch(page, h); ok {
			found = append(found, h)
		}
	}
	return found, nil
}

// each calls f with every fingerprint in the file.
func (d *diskSet) each(f func(fp uint64)) error {
	if d.file == nil {
		return nil
	}
	if _, err := d.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("reading the spilled visited set: %w", err)
	}
	rd := bufio.NewReaderSize(d.file, 1<<16)
	var buf [8]byte
	for i := int64(0); i < d.n; i++ {
		if _, err := io.ReadFull(rd, buf[:]); err != nil {
			return fmt.Errorf("reading the spilled visited set: %w", err)
		}
		f(unmix(binary.LittleEndian.Uint64(buf[:])))
	}
	return nil
}

// close closes and removes the file.
func (d *diskSet) close() {
	if d.file != nil {
		d.file.Close()
		os.Remove(d.file.Name())
		d.file = nil
	}
}

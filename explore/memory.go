package explore

import (
	"bufio"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memoryLimit returns the memory budget for opts: MaxMemory if positive, none if negative, and
// by default three quarters of the machine's memory (none if it cannot be read).
func memoryLimit(opts Options) int64 {
	switch {
	case opts.MaxMemory > 0:
		return opts.MaxMemory
	case opts.MaxMemory < 0:
		return 0
	}
	return DefaultMaxMemory()
}

var (
	physOnce sync.Once
	physMem  int64
)

// DefaultMaxMemory returns the memory budget searches get by default: three quarters of the
// machine's memory, or 0 (no budget) where that cannot be read.
func DefaultMaxMemory() int64 {
	physOnce.Do(func() { physMem = physicalMemory() })
	return physMem / 4 * 3
}

// physicalMemory reads MemTotal from /proc/meminfo, or returns 0.
func physicalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// memorySamples are the runtime metrics memoryUsed reads: all the memory the Go runtime has
// mapped, and the part of it returned to the operating system.
var memorySamples = [2]metrics.Sample{
	{Name: "/memory/classes/total:bytes"},
	{Name: "/memory/classes/heap/released:bytes"},
}

// memoryUsed returns the memory the Go runtime holds, in bytes: what it has mapped less what it
// has returned to the operating system (close to the process's resident memory, and unlike the
// mapped total it falls when a collection returns memory).
func memoryUsed() int64 {
	s := memorySamples
	metrics.Read(s[:])
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	used := int64(s[0].Value.Uint64())
	if s[1].Value.Kind() == metrics.KindUint64 {
		used -= int64(s[1].Value.Uint64())
	}
	return used
}

// overMemory reports whether the search has passed its memory budget. It reads the runtime's
// metrics at most every 50ms, whoever calls.
func (r *run[S]) overMemory() bool {
	if r.memLimit <= 0 {
		return false
	}
	now := time.Now().UnixNano()
	last := r.memChecked.Load()
	if now-last < int64(50*time.Millisecond) || !r.memChecked.CompareAndSwap(last, now) {
		return false
	}
	used := memoryUsed()
	if r.spill != nil {
		r.spill.hot.Store(used > r.spill.at)
	}
	return used > r.memLimit
}

// limitGC lowers the Go runtime's soft memory limit (debug.SetMemoryLimit) to 90% of an
// explicit memory budget (the rest is headroom for what the runtime maps besides the heap) for
// the time of a search, and returns the function that restores the previous limit. By default the heap may grow to twice what is live before the garbage
// collector runs (GOGC=100), so a search whose live states fit in its budget could pass the
// budget with garbage and stop; under the limit the collector runs harder as the heap nears
// it instead, and the budget stops only a search whose live states do not fit. Where several
// searches run at once, the lowest budget holds until the search that set it ends.
func limitGC(opts Options) (restore func()) {
	if opts.MaxMemory <= 0 {
		return func() {}
	}
	limit := opts.MaxMemory / 10 * 9
	prev := debug.SetMemoryLimit(-1)
	if prev <= limit || limit <= memoryUsed() {
		// A budget already spent stops the search at its first check: no limit then, or
		// the collector would run without pause until it does.
		return func() {}
	}
	debug.SetMemoryLimit(limit)
	return func() {
		// Restore only if no other search changed the limit meanwhile.
		if debug.SetMemoryLimit(-1) == limit {
			debug.SetMemoryLimit(prev)
		}
	}
}

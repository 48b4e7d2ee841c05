package sim

// eventKind says what an event does.
type eventKind uint8

const (
	evMessage eventKind = iota
	evTimer
	evDownStart
	evDownEnd
	evSlowStart
	evSlowEnd
)

// event is a scheduled happening. Events are ordered by time, then by the order they were
// scheduled in (seq), which makes a run deterministic.
type event struct {
	at   int64  // virtual time, ns
	seq  uint64 // scheduling order; also a timer's generation
	val  any    // the message, or the timer
	to   int32  // the identity a message is for; the peer of other events
	from int32  // the identity a message is from
	arg  int32  // a message's size in bytes; a disruption's index
	kind eventKind
}

// slot is a queue entry: when, and where the event's body is. It holds no pointers, so moving
// it costs no write barriers.
type slot struct {
	at  int64
	seq uint64
	idx int32
}

func (a *slot) before(b *slot) bool {
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

// queue is a 4-ary min-heap of slots over a free-listed store of event bodies: shallower than
// a binary heap, with no interface calls and no allocation per event once warm.
type queue struct {
	h    []slot
	body []event
	free []int32
}

func (q *queue) len() int { return len(q.h) }

// next returns the time of the earliest event; the queue must not be empty.
func (q *queue) next() int64 { return q.h[0].at }

func (q *queue) push(e event) {
	var idx int32
	if n := len(q.free); n > 0 {
		idx = q.free[n-1]
		q.free = q.free[:n-1]
		q.body[idx] = e
	} else {
		idx = int32(len(q.body))
		q.body = append(q.body, e)
	}
	s := slot{at: e.at, seq: e.seq, idx: idx}
	q.h = append(q.h, s)
	h := q.h
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !s.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = s
}

// pop removes the earliest event and returns it.
func (q *queue) pop() event {
	h := q.h
	top := h[0]
	last := len(h) - 1
	s := h[last]
	h = h[:last]
	q.h = h
	if last > 0 {
		i := 0
		for {
			c := 4*i + 1
			if c >= last {
				break
			}
			m := c
			end := min(c+4, last)
			for k := c + 1; k < end; k++ {
				if h[k].before(&h[m]) {
					m = k
				}
			}
			if !h[m].before(&s) {
				break
			}
			h[i] = h[m]
			i = m
		}
		h[i] = s
	}
	e := q.body[top.idx]
	q.body[top.idx] = event{}
	q.free = append(q.free, top.idx)
	return e
}

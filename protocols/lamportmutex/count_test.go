package lamportmutex_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/internal/reach"
	"github.com/distcheck/distcheck/protocols/lamportmutex"
)

// The explorer's count without reductions equals an independent brute-force enumeration of
// Lamport's rules (written here, not with the package's code): 2 nodes entering once reach 68
// states, twice 1,432. (3 nodes entering once: both say 727,329, but the enumeration takes
// 12 s, too long for every test run.)
func TestLamportMutexCountsMatchBruteForce(t *testing.T) {
	for _, c := range []lamportmutex.Config{{Nodes: 2, Entries: 1}, {Nodes: 2, Entries: 2}} {
		t.Run(fmt.Sprintf("nodes=%d,entries=%d", c.Nodes, c.Entries), func(t *testing.T) {
			reach.Explorer(t, actortest.System(t, lamportmutex.New, c), lamportStates(c.Nodes, c.Entries))
		})
	}
}

const maxLamportNodes = 3

// lNode is a process of Lamport (1978): where it is (0 released, 1 waiting, 2 inside), its
// clock, its request queue (queue[k] is k's request's timestamp, 0 for none), the latest
// timestamp heard from each process, its entries left and made, and its pending timers.
type lNode struct {
	where, clock, left, entered int
	queue, latest               [maxLamportNodes]int
	want, exit                  bool
}

// lState is the system: the processes and a FIFO queue per directed channel, each message two
// bytes (kind, timestamp).
type lState struct {
	p    [maxLamportNodes]lNode
	link [maxLamportNodes][maxLamportNodes]string
}

// lamportStates enumerates the states of n processes entering e times each.
func lamportStates(n, e int) int {
	var init lState
	for i := range n {
		init.p[i] = lNode{left: e, want: true}
	}
	const request, ack, release = 'q', 'a', 'r'
	send := func(s *lState, i, j int, kind byte, ts int) { s.link[i][j] += string([]byte{kind, byte(ts)}) }
	// Rule 5: i enters when its request precedes every other queued one (ties to the lower
	// index) and it has heard from everyone later than its request.
	enter := func(s *lState, i int) {
		me := &s.p[i]
		if me.where != 1 {
			return
		}
		mine := me.queue[i]
		for k := range n {
			if k == i {
				continue
			}
			q := me.queue[k]
			if me.latest[k] <= mine || q != 0 && (q < mine || q == mine && k < i) {
				return
			}
		}
		me.where, me.entered, me.exit = 2, me.entered+1, true
	}
	return reach.Count(init, func(s lState) []lState {
		var out []lState
		for i := range n {
			if s.p[i].want { // rule 1: request, stamped, to every other process and to its own queue
				t := s
				me := &t.p[i]
				me.want, me.where = false, 1
				me.clock++
				me.queue[i] = me.clock
				for j := range n {
					if j != i {
						send(&t, i, j, request, me.clock)
					}
				}
				enter(&t, i)
				out = append(out, t)
			}
			if s.p[i].exit { // rule 3: leave, dequeue, tell everyone
				t := s
				me := &t.p[i]
				me.exit, me.where, me.queue[i] = false, 0, 0
				me.clock++
				for j := range n {
					if j != i {
						send(&t, i, j, release, me.clock)
					}
				}
				me.left--
				me.want = me.left > 0
				out = append(out, t)
			}
			for j := range n {
				if s.link[j][i] == "" {
					continue
				}
				t := s
				kind, ts := t.link[j][i][0], int(t.link[j][i][1])
				t.link[j][i] = t.link[j][i][2:]
				me := &t.p[i]
				me.clock = max(me.clock, ts) + 1
				me.latest[j] = max(me.latest[j], ts)
				switch kind {
				case request: // rule 2: queue it and acknowledge, stamped
					me.queue[j] = ts
					me.clock++
					send(&t, i, j, ack, me.clock)
				case release: // rule 4
					me.queue[j] = 0
				}
				enter(&t, i)
				out = append(out, t)
			}
		}
		return out
	})
}

package snapshot_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/internal/reach"
	"github.com/distcheck/distcheck/protocols/snapshot"
)

// The explorer's count without reductions equals an independent brute-force enumeration of
// Chandy and Lamport's rules on the bank (written here, not with the package's code): 2
// branches sending 1 transfer each reach 65 states, 2 transfers 436, 3 branches 1 transfer 21,385.
func TestSnapshotCountsMatchBruteForce(t *testing.T) {
	for _, c := range []snapshot.Config{{Nodes: 2, Transfers: 1}, {Nodes: 2, Transfers: 2}, {Nodes: 3, Transfers: 1}} {
		t.Run(fmt.Sprintf("nodes=%d,transfers=%d", c.Nodes, c.Transfers), func(t *testing.T) {
			reach.Explorer(t, actortest.System(t, snapshot.New, c), snapshotStates(c.Nodes, c.Transfers))
		})
	}
}

// Two branches sending one transfer each reach 65 states, counted by hand as well. Branch 0
// sends t (T0) and starts the snapshot (S: records, sends its marker); branch 1 sends u (T1);
// t and the marker reach branch 1 in the order they were sent (t, then R: branch 1 records and
// sends its marker back), u and branch 1's marker reach branch 0 likewise (u, M). A state is the
// set of these events that happened and the orders it records: T0 before S or not (branch 0's
// recorded balance and sent count, and the order on the channel to branch 1), T1 before R or
// not (branch 1's), u before S or not (branch 0's recorded receipts, or u in the channel's
// recording). Count by how far the snapshot got:
//
//	S not yet:  on branch 0's side {}, {T0}, {T0, t delivered}: 3; on branch 1's
//	            {}, {T1}, {T1, u delivered}: 3                                      3·3 = 9
//	S, not R:   {S}, {T0, S} in either order, {T0, t, S}: 4; on branch 1's {}, {T1},
//	            {T1, u} with u before or after S: 4                                  4·4 = 16
//	R:          {S, R}, {T0, S, R} (T0 after S, since t was not delivered before R),
//	            {T0, t, S, R} in either order: 4; on branch 1's {}, {M}, {T1} before
//	            or after R (2), {T1, M} (T1 after R: u behind the marker), {T1, u} (T1
//	            before R) with u before or after S (2), {T1, u, M}: T1 before R with u
//	            before or after S, or T1 after R (3): 10                            4·10 = 40
func TestSnapshotCountIsHandCounted(t *testing.T) {
	reach.Explorer(t, actortest.System(t, snapshot.New, snapshot.Config{Nodes: 2, Transfers: 1}), 3*3+4*4+4*10)
}

const maxBranches = 3

// branch is a bank branch: its balance, transfers left, money sent to and received from each
// branch, its recorded state (balance, sent, received), which incoming channels it records and
// what they hold, which markers arrived, and its pending timers.
type branch struct {
	balance, left, recBalance      int
	sent, recv, recSent, recRecv   [maxBranches]int
	channel                        [maxBranches]int
	recorded                       bool
	recording, closed              [maxBranches]bool
	transferTimer, snapshotPending bool
}

// bank is the system: the branches and a FIFO queue per directed channel ('t' a transfer, 'm'
// a marker).
type bank struct {
	b    [maxBranches]branch
	link [maxBranches][maxBranches]string
}

// snapshotStates enumerates the states of n branches sending k transfers each, branch 0
// starting the snapshot.
func snapshotStates(n, k int) int {
	var init bank
	for i := range n {
		init.b[i] = branch{balance: snapshot.Balance, left: k, transferTimer: true, snapshotPending: i == 0}
	}
	// The marker sending rule: record the state, record every incoming channel but the
	// marker's (from < 0: none), send a marker on every outgoing channel.
	record := func(s *bank, i, from int) {
		me := &s.b[i]
		me.recorded, me.recBalance, me.recSent, me.recRecv = true, me.balance, me.sent, me.recv
		for j := range n {
			if j != i {
				me.recording[j] = j != from
				s.link[i][j] += "m"
			}
		}
	}
	return reach.Count(init, func(s bank) []bank {
		var out []bank
		for i := range n {
			if s.b[i].transferTimer {
				for to := range n {
					if to == i {
						continue
					}
					t := s
					me := &t.b[i]
					if me.balance > 0 {
						me.balance--
						me.sent[to]++
						t.link[i][to] += "t"
					}
					me.left--
					me.transferTimer = me.left > 0
					out = append(out, t)
				}
			}
			if s.b[i].snapshotPending {
				t := s
				t.b[i].snapshotPending = false
				record(&t, i, -1)
				out = append(out, t)
			}
			for j := range n {
				if s.link[j][i] == "" {
					continue
				}
				t := s
				msg := t.link[j][i][0]
				t.link[j][i] = t.link[j][i][1:]
				me := &t.b[i]
				if msg == 't' {
					me.balance++
					me.recv[j]++
					if me.recording[j] {
						me.channel[j]++
					}
				} else { // the marker receiving rule
					if !me.recorded {
						record(&t, i, j)
					}
					me.recording[j], me.closed[j] = false, true
				}
				out = append(out, t)
			}
		}
		return out
	})
}

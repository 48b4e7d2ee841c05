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

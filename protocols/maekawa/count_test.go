package maekawa_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/internal/reach"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/maekawa"
)

// The explorer's count without reductions equals an independent brute-force enumeration of
// Maekawa's algorithm (written here from the paper's rules, not with the package's code), for
// Figure 15.6 of Coulouris et al. alone (no-inquire) and with Failed, Inquire and Relinquish:
// 2 nodes entering once reach 484 states (231 without), twice 10,241, and 3 nodes entering once
// 21,502 (5,663 without, where exploring every state goes on past the deadlock).
func TestMaekawaCountsMatchBruteForce(t *testing.T) {
	for _, c := range []maekawa.Config{
		{Nodes: 2, Entries: 1}, {Nodes: 2, Entries: 1, Bug: maekawa.BugNoInquire},
		{Nodes: 2, Entries: 2}, {Nodes: 3, Entries: 1}, {Nodes: 3, Entries: 1, Bug: maekawa.BugNoInquire},
	} {
		t.Run(fmt.Sprintf("nodes=%d,entries=%d,bug=%s", c.Nodes, c.Entries, c.Bug), func(t *testing.T) {
			reach.Explorer(t, actortest.System(t, maekawa.New, c), maekawaStates(c.Nodes, c.Entries, c.Bug),
				distcheck.ExpectViolation(expected(c.Bug)), distcheck.CollectAll(), distcheck.TraceDir(t.TempDir()))
		})
	}
}

// expected is the property the variant breaks, "" for none.
func expected(bug bugs.Bug) string {
	if bug == maekawa.BugNoInquire {
		return "EveryoneEnters"
	}
	return ""
}

const maxVoters = 3

// mNode is a node of Maekawa's algorithm. As a requester: where it is (0 released, 1 waiting,
// 2 inside), its clock and request's timestamp, the votes it holds, whether it was told
// Failed, which voters inquired. As a voter: whom it voted for (-1 none) and that request's
// timestamp, the queued requests' timestamps (0 none) and whether each was told Failed, and
// whether it inquired. Its entries left and made, and its pending timers.
type mNode struct {
	where, clock, reqTS, left, entered, votedFor, votedTS int
	votes, inquired, told                                 [maxVoters]bool
	queue                                                 [maxVoters]int
	failed, asked, want, exit                             bool
}

// mState is the system: the nodes and a FIFO queue per directed channel (a node's messages to
// itself included), each message two bytes (kind, timestamp).
type mState struct {
	p    [maxVoters]mNode
	link [maxVoters][maxVoters]string
}

// maekawaStates enumerates the states of n nodes (voting sets: everyone for 2, the pairs
// {0,1} {1,2} {0,2} for 3) entering e times each.
func maekawaStates(n, e int, bug bugs.Bug) int {
	sets := [][]int{{0, 1}, {0, 1}}
	if n == 3 {
		sets = [][]int{{0, 1}, {1, 2}, {0, 2}}
	}
	var init mState
	for i := range n {
		init.p[i] = mNode{left: e, want: true, votedFor: -1}
	}
	const request, locked, release, failed, inquire, relinquish = 'q', 'l', 'r', 'f', 'i', 'g'
	send := func(s *mState, i, j int, kind byte, ts int) { s.link[i][j] += string([]byte{kind, byte(ts)}) }
	earlier := func(a, i, b, j int) bool { return a < b || a == b && i < j }
	// grant votes for the earliest queued request.
	grant := func(s *mState, v int) {
		me, best := &s.p[v], -1
		for i := range n {
			if me.queue[i] != 0 && (best < 0 || earlier(me.queue[i], i, me.queue[best], best)) {
				best = i
			}
		}
		if best >= 0 {
			me.votedFor, me.votedTS, me.asked = best, me.queue[best], false
			me.queue[best], me.told[best] = 0, false
			send(s, v, best, locked, me.votedTS)
		}
	}
	// giveBack returns, once failed, every inquired vote.
	giveBack := func(s *mState, i int) {
		me := &s.p[i]
		for j := range n {
			if me.failed && me.inquired[j] {
				me.inquired[j], me.votes[j] = false, false
				send(s, i, j, relinquish, me.reqTS)
			}
		}
	}
	// queueRequest queues j's request at voter v that has voted, tells Failed to the queued
	// requests behind an earlier one, and inquires when this one precedes the vote.
	queueRequest := func(s *mState, v, j, ts int) {
		me := &s.p[v]
		me.queue[j], me.told[j] = ts, false
		if bug == maekawa.BugNoInquire {
			return
		}
		for i := range n {
			q := me.queue[i]
			if q == 0 || me.told[i] {
				continue
			}
			first := earlier(q, i, me.votedTS, me.votedFor)
			for k := range n {
				first = first && (k == i || me.queue[k] == 0 || earlier(q, i, me.queue[k], k))
			}
			if !first {
				me.told[i] = true
				send(s, v, i, failed, q)
			}
		}
		if !me.asked && earlier(ts, j, me.votedTS, me.votedFor) {
			me.asked = true
			send(s, v, me.votedFor, inquire, me.votedTS)
		}
	}
	deliver := func(s *mState, j, i int, kind byte, ts int) {
		me := &s.p[i]
		current := me.where == 1 && ts == me.reqTS
		switch kind {
		case request:
			me.clock = max(me.clock, ts) + 1
			if me.votedFor < 0 {
				me.votedFor, me.votedTS, me.asked = j, ts, false
				send(s, i, j, locked, ts)
			} else {
				queueRequest(s, i, j, ts)
			}
		case release, relinquish:
			if me.votedFor == j && me.votedTS == ts {
				if kind == relinquish {
					me.queue[j], me.told[j] = ts, true
				}
				me.votedFor = -1
				grant(s, i)
			}
		case locked:
			if current {
				me.votes[j] = true
				all := true
				for _, v := range sets[i] {
					all = all && me.votes[v]
				}
				if all {
					me.where, me.entered, me.exit, me.inquired = 2, me.entered+1, true, [maxVoters]bool{}
				}
			}
		case failed:
			if current {
				me.failed = true
				giveBack(s, i)
			}
		case inquire:
			if current && me.votes[j] {
				me.inquired[j] = true
				giveBack(s, i)
			}
		}
	}
	return reach.Count(init, func(s mState) []mState {
		var out []mState
		for i := range n {
			if s.p[i].want {
				t := s
				me := &t.p[i]
				me.want, me.where, me.failed = false, 1, false
				me.clock++
				me.reqTS = me.clock
				me.votes, me.inquired = [maxVoters]bool{}, [maxVoters]bool{}
				for _, v := range sets[i] {
					send(&t, i, v, request, me.reqTS)
				}
				out = append(out, t)
			}
			if s.p[i].exit {
				t := s
				me := &t.p[i]
				me.exit, me.where = false, 0
				for _, v := range sets[i] {
					send(&t, i, v, release, me.reqTS)
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
				deliver(&t, j, i, kind, ts)
				out = append(out, t)
			}
		}
		return out
	})
}

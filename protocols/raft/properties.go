package raft

import (
	"slices"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// The properties of Figure 3 ("Raft guarantees that each of these properties is true at all
// times"), checked in every reachable state, and a reachability property that keeps the
// checks from passing vacuously. The states of servers that are down count as they were when
// they crashed.
const (
	// ElectionSafety: at most one leader can be elected in a given term (§5.2).
	ElectionSafety = "ElectionSafety"
	// LogMatching: if two logs contain an entry with the same index and term, then the logs
	// are identical in all entries up through the given index (§5.3).
	LogMatching = "LogMatching"
	// LeaderCompleteness: if a log entry is committed in a given term, then that entry will
	// be present in the logs of the leaders for all higher-numbered terms (§5.4). Checked
	// for the entries servers have applied: an entry a server applied in term T is in the log
	// of every leader of term T or later.
	LeaderCompleteness = "LeaderCompleteness"
	// StateMachineSafety: if a server has applied a log entry at a given index to its state
	// machine, no other server will ever apply a different log entry for the same index
	// (§5.4.3) — and no server's committed entries disagree with what any server applied.
	StateMachineSafety = "StateMachineSafety"
	// CommittedSurvives: every entry a server has applied is in the log of every server that
	// could still win an election — whose log is at least as up-to-date as the logs of a
	// majority (§5.4.1), itself included. It is the lemma in the proof of Leader Completeness
	// (§5.4.3), and fails at the moment an entry is committed unsafely, before a leader shows
	// it (Figure 8).
	CommittedSurvives = "CommittedSurvives"
	// CommandCommitted (sometimes): some server commits a client command.
	CommandCommitted = "CommandCommitted"
)

// PropertyNames lists the properties in the order Properties returns them.
var PropertyNames = []string{ElectionSafety, LogMatching, LeaderCompleteness, StateMachineSafety, CommittedSurvives, CommandCommitted}

// Properties returns the properties checked on a system of New.
func Properties() []model.Property[*actor.State] {
	return []model.Property[*actor.State]{
		properties.Always(ElectionSafety, electionSafety),
		properties.Always(LogMatching, logMatching),
		properties.Always(LeaderCompleteness, leaderCompleteness),
		properties.Always(StateMachineSafety, stateMachineSafety),
		properties.Always(CommittedSurvives, committedSurvives),
		properties.Sometimes(CommandCommitted, func(s *actor.State) bool {
			for i := range s.NumNodes() {
				if len(AppliedBy(s, model.NodeID(i))) > 0 {
					return true
				}
			}
			return false
		}),
	}
}

// PeerOf returns server i's state in s, a state of a system of New. Read it, never
// modify it.
func PeerOf(s *actor.State, i model.NodeID) Peer { return actor.NodeAs[*host](s, i).P }

// AppliedBy returns the entries server i has applied in s, in log order.
func AppliedBy(s *actor.State, i model.NodeID) []Applied { return actor.NodeAs[*host](s, i).Applied }

// Leaders returns the servers that are leaders in s, in order.
func Leaders(s *actor.State) []model.NodeID {
	var out []model.NodeID
	for i := range s.NumNodes() {
		if PeerOf(s, model.NodeID(i)).Role() == Leader {
			out = append(out, model.NodeID(i))
		}
	}
	return out
}

func electionSafety(s *actor.State) bool {
	n := s.NumNodes()
	for i := range n {
		a := PeerOf(s, model.NodeID(i))
		if a.Role() != Leader {
			continue
		}
		for j := i + 1; j < n; j++ {
			if b := PeerOf(s, model.NodeID(j)); b.Role() == Leader && b.Term() == a.Term() {
				return false
			}
		}
	}
	return true
}

func logMatching(s *actor.State) bool {
	n := s.NumNodes()
	for i := range n {
		a := PeerOf(s, model.NodeID(i)).Log()
		for j := i + 1; j < n; j++ {
			b := PeerOf(s, model.NodeID(j)).Log()
			// The last index where both logs hold an entry of the same term: the logs
			// must agree up to it.
			for k := min(len(a), len(b)) - 1; k >= 0; k-- {
				if a[k].Term == b[k].Term {
					if !slices.Equal(a[:k+1], b[:k+1]) {
						return false
					}
					break
				}
			}
		}
	}
	return true
}

func leaderCompleteness(s *actor.State) bool {
	n := s.NumNodes()
	for l := range n {
		p := PeerOf(s, model.NodeID(l))
		if p.Role() != Leader {
			continue
		}
		log := p.Log()
		for i := range n {
			for k, a := range AppliedBy(s, model.NodeID(i)) {
				if p.Term() >= a.InTerm && (k >= len(log) || log[k] != a.Entry) {
					return false
				}
			}
		}
	}
	return true
}

func stateMachineSafety(s *actor.State) bool {
	n := s.NumNodes()
	for i := range n {
		applied := AppliedBy(s, model.NodeID(i))
		if len(applied) == 0 {
			continue
		}
		for j := range n {
			// What j applied, and what j has committed now, agree with what i applied.
			for k, a := range AppliedBy(s, model.NodeID(j)) {
				if k < len(applied) && applied[k].Entry != a.Entry {
					return false
				}
			}
			p := PeerOf(s, model.NodeID(j))
			log := p.Log()
			for k := range min(p.CommitIndex(), len(log), len(applied)) {
				if log[k] != applied[k].Entry {
					return false
				}
			}
		}
	}
	return true
}

func committedSurvives(s *actor.State) bool {
	// The longest sequence applied anywhere: StateMachineSafety checks that the others are
	// prefixes of it.
	n := s.NumNodes()
	var applied []Applied
	for i := range n {
		if a := AppliedBy(s, model.NodeID(i)); len(a) > len(applied) {
			applied = a
		}
	}
	if len(applied) == 0 {
		return true
	}
	for v := range n {
		log := PeerOf(s, model.NodeID(v)).Log()
		if holds(log, applied) {
			continue
		}
		voters := 0
		for u := range n {
			if atLeastAsUpToDate(log, PeerOf(s, model.NodeID(u)).Log()) {
				voters++
			}
		}
		if voters >= majority(n) {
			return false
		}
	}
	return true
}

// holds reports whether log begins with the applied entries.
func holds(log []Entry, applied []Applied) bool {
	if len(log) < len(applied) {
		return false
	}
	for k, a := range applied {
		if log[k] != a.Entry {
			return false
		}
	}
	return true
}

// atLeastAsUpToDate reports whether log a is at least as up-to-date as log b (§5.4.1).
func atLeastAsUpToDate(a, b []Entry) bool {
	ta, tb := lastTerm(a), lastTerm(b)
	if ta != tb {
		return ta > tb
	}
	return len(a) >= len(b)
}

func lastTerm(log []Entry) int {
	if len(log) == 0 {
		return 0
	}
	return log[len(log)-1].Term
}

// Feature abstracts a state of a system of New for coverage-guided walks
// (explore.Options.Feature): each server's role, term, log length, the term of its last entry
// and its commit index, in server order. Walks then seek new combinations of those rather than
// new states, most of which differ only in messages in flight.
func Feature(state any) uint64 {
	s, ok := state.(*actor.State)
	if !ok {
		return 0
	}
	h := uint64(14695981039346656037)
	mix := func(x int) {
		h ^= uint64(x)
		h *= 1099511628211
	}
	for i := range s.NumNodes() {
		p := PeerOf(s, model.NodeID(i))
		log := p.Log()
		last := 0
		if len(log) > 0 {
			last = log[len(log)-1].Term
		}
		mix(int(p.Role()))
		mix(p.Term())
		mix(len(log))
		mix(last)
		mix(p.CommitIndex())
	}
	return h
}

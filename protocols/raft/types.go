package raft

import (
	"strconv"
	"strings"
)

// Role is a server's role (§5.1): at any time each server is a follower, a candidate or the
// leader.
type Role uint8

// The roles.
const (
	Follower Role = iota
	Candidate
	Leader
)

// String returns "follower", "candidate" or "leader".
func (r Role) String() string {
	switch r {
	case Follower:
		return "follower"
	case Candidate:
		return "candidate"
	case Leader:
		return "leader"
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// Entry is a log entry (§5.3): a client command and the term in which the leader received it.
// Log indexes start at 1: entry i of a log is the slice element i-1.
type Entry struct {
	Term int
	Cmd  int
}

// String shows the entry as c<command>@t<term>, e.g. "c1@t2".
func (e Entry) String() string { return "c" + strconv.Itoa(e.Cmd) + "@t" + strconv.Itoa(e.Term) }

// formatLog shows a log as [c1@t1 c2@t3].
func formatLog(log []Entry) string {
	parts := make([]string, len(log))
	for i, e := range log {
		parts[i] = e.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// The RPCs of Figure 2, as messages: a request's sender is the candidate or the leader, and a
// reply goes back to the sender of the request.
type (
	// RequestVote is invoked by candidates to gather votes (§5.2).
	RequestVote struct {
		Term         int // candidate's term
		LastLogIndex int // index of candidate's last log entry (§5.4)
		LastLogTerm  int // term of candidate's last log entry (§5.4)
	}
	// RequestVoteReply answers a RequestVote.
	RequestVoteReply struct {
		Term    int  // currentTerm, for the candidate to update itself
		Granted bool // true means the candidate received the vote
	}
	// AppendEntries is invoked by the leader to replicate log entries (§5.3); with no entries
	// it is a heartbeat (§5.2).
	AppendEntries struct {
		Term         int     // leader's term
		PrevLogIndex int     // index of the log entry immediately preceding the new ones
		PrevLogTerm  int     // term of the PrevLogIndex entry
		Entries      []Entry // log entries to store (empty for a heartbeat)
		LeaderCommit int     // leader's commitIndex
	}
	// AppendEntriesReply answers an AppendEntries. Index is not in Figure 2: since the network
	// may reorder and duplicate messages, the reply says which request it answers — on
	// success, the index of the last entry the follower now matches (PrevLogIndex +
	// len(Entries)); on failure, the PrevLogIndex that did not match.
	AppendEntriesReply struct {
		Term    int  // currentTerm, for the leader to update itself
		Success bool // true if the follower held an entry matching PrevLogIndex and PrevLogTerm
		Index   int
	}
)

// String shows the request for diagrams: RequestVote(t2 last=1/t1) asks for votes in term 2
// with a log whose last entry has index 1 and term 1.
func (m RequestVote) String() string {
	return "RequestVote(t" + strconv.Itoa(m.Term) + " last=" + strconv.Itoa(m.LastLogIndex) + "/t" + strconv.Itoa(m.LastLogTerm) + ")"
}

// String shows the reply for diagrams: RequestVoteReply(t2 granted).
func (m RequestVoteReply) String() string {
	if m.Granted {
		return "RequestVoteReply(t" + strconv.Itoa(m.Term) + " granted)"
	}
	return "RequestVoteReply(t" + strconv.Itoa(m.Term) + " denied)"
}

// String shows the request for diagrams: AppendEntries(t3 prev=1/t1 [c2@t3] commit=1) sends
// the entries after the one at index 1 of term 1.
func (m AppendEntries) String() string {
	return "AppendEntries(t" + strconv.Itoa(m.Term) + " prev=" + strconv.Itoa(m.PrevLogIndex) + "/t" + strconv.Itoa(m.PrevLogTerm) +
		" " + formatLog(m.Entries) + " commit=" + strconv.Itoa(m.LeaderCommit) + ")"
}

// String shows the reply for diagrams: AppendEntriesReply(t3 success index=2).
func (m AppendEntriesReply) String() string {
	outcome := " failure"
	if m.Success {
		outcome = " success"
	}
	return "AppendEntriesReply(t" + strconv.Itoa(m.Term) + outcome + " index=" + strconv.Itoa(m.Index) + ")"
}

// Timers of a server. The system lets a pending timer fire once no message can be delivered
// (see New): a timeout is longer than a message's delay (§5.6).
const (
	// ElectionTimer is pending at every follower and candidate; when it fires, the server
	// starts an election.
	ElectionTimer = "election"
	// RetryTimer is pending at a leader while some follower is not known to hold its whole
	// log; when it fires, the leader sends those followers AppendEntries again.
	RetryTimer = "retry"
)

// majority returns the size of a majority of n servers.
func majority(n int) int { return n/2 + 1 }

func nodeName(id int) string {
	if id < 0 {
		return "none"
	}
	return "n" + strconv.Itoa(id)
}

// roleLabel names a role in diagrams, where a leader stands out.
func roleLabel(r Role) string {
	switch r {
	case Candidate:
		return "candidate"
	case Leader:
		return "LEADER"
	}
	return "follower"
}

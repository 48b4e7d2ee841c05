package raft

import (
	"slices"
	"strconv"
	"strings"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// Server is a Raft server as Figure 2 of the paper ("In Search of an Understandable Consensus
// Algorithm", Ongaro and Ousterhout, 2014) describes it, minus the state machine: the system
// around it (New) applies committed entries and submits client commands through Propose.
//
// Its fields are the state of Figure 2. The persistent ones are tagged `distcheck:"durable"`:
// they survive a crash, and the server writes them before it answers (every step's changes are
// in place before the messages it sends leave). The rest is volatile and starts again from
// zero when a crashed server recovers and Init runs.
type Server struct {
	// Persistent state on all servers.

	// CurrentTerm is the latest term the server has seen (initialized to 0, increases
	// monotonically).
	CurrentTerm int `distcheck:"durable"`
	// VotedFor is the candidate that received the server's vote in the current term, or
	// model.NoNode.
	VotedFor model.NodeID `distcheck:"durable"`
	// Entries is the log; entry i is Entries[i-1].
	Entries []Entry `distcheck:"durable"`

	// Volatile state on all servers.

	// State is the server's role.
	State Role
	// Commit is commitIndex: the index of the highest log entry known to be committed.
	Commit int

	// Volatile state on candidates: Votes[i] says server i granted its vote in this term.
	Votes []bool `distcheck:"bynode"`

	// Volatile state on leaders, reinitialized after each election: for each server, the
	// index of the next log entry to send to it, and the index of the highest log entry known
	// to be replicated on it.
	NextIndex  []int `distcheck:"bynode"`
	MatchIndex []int `distcheck:"bynode"`

	// forgotVote holds the vote instead of VotedFor in the buggy variant BugForgetVote: it is
	// not durable, so a server that restarts has forgotten whom it voted for.
	forgotVote model.NodeID

	bug bugs.Bug `distcheck:"-"`
	// heartbeat keeps a leader's RetryTimer pending for as long as it leads, and sends every
	// follower AppendEntries when it fires — the heartbeats of §5.2 — for timed simulations,
	// where followers' election timers run out unless a live leader is heard from. The model
	// checker's servers leave it off: a follower's election timer fires only when the network
	// is quiet, and a retry timer that stays pending would only add states.
	heartbeat bool `distcheck:"-"`
}

// NewServer returns a correct server, ready for Init. It is a NewPeer, the constructor that
// Config.NewPeer and rafttest.Implementation take.
func NewServer(model.NodeID, []model.NodeID) Peer { return newServer(bugs.None) }

func newServer(bug bugs.Bug) *Server {
	return &Server{VotedFor: model.NoNode, forgotVote: model.NoNode, bug: bug}
}

// Term returns CurrentTerm.
func (s *Server) Term() int { return s.CurrentTerm }

// Role returns the server's role.
func (s *Server) Role() Role { return s.State }

// Log returns the log. The slice is the server's: do not modify it.
func (s *Server) Log() []Entry { return s.Entries }

// CommitIndex returns commitIndex.
func (s *Server) CommitIndex() int { return s.Commit }

// votedFor returns where the server keeps its vote: VotedFor, or the volatile forgotVote in
// the buggy variant BugForgetVote.
func (s *Server) votedFor() *model.NodeID {
	if s.bug == BugForgetVote {
		return &s.forgotVote
	}
	return &s.VotedFor
}

func (s *Server) lastLogIndex() int { return len(s.Entries) }

// termAt returns the term of the entry at index i, or 0 for index 0.
func (s *Server) termAt(i int) int {
	if i == 0 {
		return 0
	}
	return s.Entries[i-1].Term
}

func (s *Server) lastLogTerm() int { return s.termAt(len(s.Entries)) }

// Init starts (or restarts, after a crash) the server as a follower with its election timer
// running (§5.2: "When servers start up, they begin as followers").
func (s *Server) Init(ctx actor.Context) {
	s.State, s.Commit = Follower, 0
	s.Votes, s.NextIndex, s.MatchIndex = nil, nil, nil
	ctx.SetTimer(ElectionTimer, 0)
}

// Timeout handles the server's timers: an election timeout makes a follower or candidate
// start an election (§5.2), a retry timeout makes a leader send AppendEntries again to the
// followers not known to hold its whole log (§5.3).
func (s *Server) Timeout(ctx actor.Context, t actor.Timer) {
	switch {
	case t == ElectionTimer && s.State != Leader:
		s.startElection(ctx)
	case t == RetryTimer && s.State == Leader:
		for _, p := range ctx.Peers() {
			if s.MatchIndex[p] < s.lastLogIndex() || s.heartbeat {
				s.sendAppendEntries(ctx, p)
			}
		}
		s.setRetryTimer(ctx)
	}
}

// startElection: "On conversion to candidate, start election: increment currentTerm, vote for
// self, reset election timer, send RequestVote RPCs to all other servers" (Figure 2).
func (s *Server) startElection(ctx actor.Context) {
	s.CurrentTerm++
	s.State = Candidate
	*s.votedFor() = ctx.ID()
	s.Votes = make([]bool, len(ctx.Nodes()))
	s.Votes[ctx.ID()] = true
	ctx.SetTimer(ElectionTimer, 0)
	ctx.Broadcast(RequestVote{Term: s.CurrentTerm, LastLogIndex: s.lastLogIndex(), LastLogTerm: s.lastLogTerm()})
	s.countVotes(ctx) // a single server is its own majority
}

// Handle processes an RPC request or reply.
func (s *Server) Handle(ctx actor.Context, from model.NodeID, msg actor.Message) {
	// Rules for all servers (Figure 2): "If RPC request or response contains term T >
	// currentTerm: set currentTerm = T, convert to follower (§5.1)".
	if t := msgTerm(msg); t > s.CurrentTerm {
		s.CurrentTerm = t
		*s.votedFor() = model.NoNode
		s.becomeFollower(ctx)
	}
	switch m := msg.(type) {
	case RequestVote:
		s.handleRequestVote(ctx, from, m)
	case RequestVoteReply:
		s.handleRequestVoteReply(ctx, from, m)
	case AppendEntries:
		s.handleAppendEntries(ctx, from, m)
	case AppendEntriesReply:
		s.handleAppendEntriesReply(ctx, from, m)
	}
}

// msgTerm returns the term a message carries.
func msgTerm(msg actor.Message) int {
	switch m := msg.(type) {
	case RequestVote:
		return m.Term
	case RequestVoteReply:
		return m.Term
	case AppendEntries:
		return m.Term
	case AppendEntriesReply:
		return m.Term
	}
	return 0
}

func (s *Server) becomeFollower(ctx actor.Context) {
	s.State = Follower
	s.Votes, s.NextIndex, s.MatchIndex = nil, nil, nil
	ctx.CancelTimer(RetryTimer)
	ctx.SetTimer(ElectionTimer, 0)
}

// handleRequestVote is the RequestVote receiver of Figure 2: "1. Reply false if term <
// currentTerm (§5.1). 2. If votedFor is null or candidateId, and candidate's log is at least as
// up-to-date as receiver's log, grant vote (§5.2, §5.4)."
func (s *Server) handleRequestVote(ctx actor.Context, from model.NodeID, m RequestVote) {
	vote := s.votedFor()
	granted := m.Term == s.CurrentTerm &&
		(*vote == model.NoNode || *vote == from) &&
		(s.bug == BugNoLogCheck || s.upToDate(m.LastLogIndex, m.LastLogTerm))
	if granted {
		*vote = from
		ctx.SetTimer(ElectionTimer, 0) // granting a vote resets the election timer (Figure 2)
	}
	ctx.Send(from, RequestVoteReply{Term: s.CurrentTerm, Granted: granted})
}

// upToDate reports whether a log ending with an entry at index lastIndex of term lastTerm is at
// least as up-to-date as the server's (§5.4.1): "If the logs have last entries with different
// terms, then the log with the later term is more up-to-date. If the logs end with the same
// term, then whichever log is longer is more up-to-date."
func (s *Server) upToDate(lastIndex, lastTerm int) bool {
	if lastTerm != s.lastLogTerm() {
		return lastTerm > s.lastLogTerm()
	}
	return lastIndex >= s.lastLogIndex()
}

// handleRequestVoteReply counts a vote: "If votes received from majority of servers: become
// leader" (Figure 2). A reply from an earlier term answers an earlier election and does not
// count.
func (s *Server) handleRequestVoteReply(ctx actor.Context, from model.NodeID, m RequestVoteReply) {
	if s.State != Candidate || !m.Granted || (m.Term != s.CurrentTerm && s.bug != BugStaleVotes) {
		return
	}
	s.Votes[from] = true
	s.countVotes(ctx)
}

func (s *Server) countVotes(ctx actor.Context) {
	n := 0
	for _, v := range s.Votes {
		if v {
			n++
		}
	}
	if n >= majority(len(s.Votes)) {
		s.becomeLeader(ctx)
	}
}

// becomeLeader: "Upon election: send initial empty AppendEntries RPCs (heartbeat) to each
// server" (Figure 2), with nextIndex initialized to the leader's last log index + 1 and
// matchIndex to 0.
func (s *Server) becomeLeader(ctx actor.Context) {
	n := len(ctx.Nodes())
	s.State = Leader
	s.Votes = nil
	s.NextIndex, s.MatchIndex = make([]int, n), make([]int, n)
	for i := range n {
		s.NextIndex[i] = s.lastLogIndex() + 1
	}
	s.MatchIndex[ctx.ID()] = s.lastLogIndex()
	ctx.CancelTimer(ElectionTimer)
	for _, p := range ctx.Peers() {
		s.sendAppendEntries(ctx, p)
	}
	s.setRetryTimer(ctx)
}

// setRetryTimer keeps a leader's RetryTimer pending while some follower is not known to hold
// the leader's whole log: "the leader retries AppendEntries RPCs indefinitely ... until all
// followers eventually store all log entries" (§5.3).
func (s *Server) setRetryTimer(ctx actor.Context) {
	if s.heartbeat {
		ctx.SetTimer(RetryTimer, 0)
		return
	}
	for _, m := range s.MatchIndex {
		if m < s.lastLogIndex() {
			ctx.SetTimer(RetryTimer, 0)
			return
		}
	}
	ctx.CancelTimer(RetryTimer)
}

// Propose appends a client command to a leader's log and sends it to the followers (§5.3:
// "The leader appends the command to its log as a new entry, then issues AppendEntries RPCs in
// parallel to each of the other servers to replicate the entry"). A server that is not the
// leader ignores it.
func (s *Server) Propose(ctx actor.Context, cmd int) {
	if s.State != Leader {
		return
	}
	s.Entries = append(s.Entries, Entry{Term: s.CurrentTerm, Cmd: cmd})
	s.MatchIndex[ctx.ID()] = s.lastLogIndex()
	s.advanceCommit()
	for _, p := range ctx.Peers() {
		s.sendAppendEntries(ctx, p)
	}
	s.setRetryTimer(ctx)
}

// sendAppendEntries sends server to the entries of the log from its nextIndex on, and the
// index and term of the entry that precedes them (§5.3).
func (s *Server) sendAppendEntries(ctx actor.Context, to model.NodeID) {
	prev := s.NextIndex[to] - 1
	ctx.Send(to, AppendEntries{
		Term:         s.CurrentTerm,
		PrevLogIndex: prev,
		PrevLogTerm:  s.termAt(prev),
		Entries:      slices.Clone(s.Entries[prev:]),
		LeaderCommit: s.Commit,
	})
}

// handleAppendEntries is the AppendEntries receiver of Figure 2.
func (s *Server) handleAppendEntries(ctx actor.Context, from model.NodeID, m AppendEntries) {
	// "1. Reply false if term < currentTerm (§5.1)."
	if m.Term < s.CurrentTerm {
		ctx.Send(from, AppendEntriesReply{Term: s.CurrentTerm, Index: m.PrevLogIndex})
		return
	}
	switch s.State {
	case Leader:
		return // another leader of the same term: only a broken election gets here
	case Candidate:
		// "If AppendEntries RPC received from new leader: convert to follower."
		s.becomeFollower(ctx)
	default:
		ctx.SetTimer(ElectionTimer, 0) // the leader is alive: reset the election timer
	}
	// "2. Reply false if log doesn't contain an entry at prevLogIndex whose term matches
	// prevLogTerm (§5.3)."
	// (The bug no-prev-term-check checks only the index.)
	if m.PrevLogIndex > s.lastLogIndex() || (s.termAt(m.PrevLogIndex) != m.PrevLogTerm && s.bug != BugNoPrevTermCheck) {
		ctx.Send(from, AppendEntriesReply{Term: s.CurrentTerm, Index: m.PrevLogIndex})
		return
	}
	if s.bug == BugAlwaysTruncate {
		// The log is made the request's prefix and entries, whatever follows.
		s.Entries = append(s.Entries[:m.PrevLogIndex:m.PrevLogIndex], m.Entries...)
	}
	entries := m.Entries
	if s.bug == BugAppendAtEnd {
		// A conflict is cut off as rule 3 says, but then the whole request is appended,
		// entries the follower already holds included.
		for k, e := range m.Entries {
			if i := m.PrevLogIndex + 1 + k; i <= s.lastLogIndex() && s.termAt(i) != e.Term {
				s.Entries = s.Entries[:i-1]
				break
			}
		}
		s.Entries = append(s.Entries, m.Entries...)
		entries = nil
	}
	for k, e := range entries {
		i := m.PrevLogIndex + 1 + k
		if i <= s.lastLogIndex() {
			if s.termAt(i) == e.Term || s.bug == BugNoTruncate {
				continue // already there (or, with the bug, a conflict left in place)
			}
			// "3. If an existing entry conflicts with a new one (same index but different
			// terms), delete the existing entry and all that follow it (§5.3)."
			s.Entries = s.Entries[:i-1]
		}
		// "4. Append any new entries not already in the log."
		s.Entries = append(s.Entries, e)
	}
	// "5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new
	// entry)." A reordered, older request may name a smaller index: commitIndex never goes
	// back.
	last := m.PrevLogIndex + len(m.Entries)
	if c := min(m.LeaderCommit, last); c > s.Commit {
		s.Commit = c
	}
	if s.bug == BugAckLogLength {
		last = s.lastLogIndex()
	}
	ctx.Send(from, AppendEntriesReply{Term: s.CurrentTerm, Success: true, Index: last})
}

// handleAppendEntriesReply: "If successful: update nextIndex and matchIndex for follower
// (§5.3). If AppendEntries fails because of log inconsistency: decrement nextIndex and retry
// (§5.3)." A reply from an earlier term answers an earlier leader and does not count.
func (s *Server) handleAppendEntriesReply(ctx actor.Context, from model.NodeID, m AppendEntriesReply) {
	if s.State != Leader || m.Term != s.CurrentTerm {
		return
	}
	if m.Success {
		if m.Index > s.MatchIndex[from] {
			s.MatchIndex[from] = m.Index
			s.NextIndex[from] = max(s.NextIndex[from], m.Index+1)
			if s.advanceCommit() {
				// Tell the followers at once, rather than with the next AppendEntries.
				for _, p := range ctx.Peers() {
					s.sendAppendEntries(ctx, p)
				}
			}
			s.setRetryTimer(ctx)
		}
		return
	}
	// The follower has no entry matching m.Index: next, try the one before it (never below
	// what it is known to match).
	if next := max(m.Index, s.MatchIndex[from]+1, 1); next < s.NextIndex[from] {
		s.NextIndex[from] = next
		s.sendAppendEntries(ctx, from)
	}
}

// advanceCommit: "If there exists an N such that N > commitIndex, a majority of matchIndex[i]
// ≥ N, and log[N].term == currentTerm: set commitIndex = N (§5.3, §5.4)." The last condition is
// §5.4.2: a leader never commits an entry of an earlier term by counting replicas (Figure 8).
// It reports whether commitIndex advanced.
func (s *Server) advanceCommit() bool {
	for n := s.lastLogIndex(); n > s.Commit; n-- {
		if s.termAt(n) != s.CurrentTerm && s.bug != BugCommitOldTerm {
			return false // earlier entries are of earlier terms too
		}
		replicas := 0
		for _, m := range s.MatchIndex {
			if m >= n {
				replicas++
			}
		}
		quorum := majority(len(s.MatchIndex))
		if s.bug == BugFixedQuorum {
			quorum = 2
		}
		if replicas >= quorum {
			s.Commit = n
			return true
		}
	}
	return false
}

// String shows the server's state for diagrams, e.g. "LEADER t2 voted n0 log [c1@t1] commit 1".
func (s *Server) String() string {
	var b strings.Builder
	b.WriteString(roleLabel(s.State) + " t" + strconv.Itoa(s.CurrentTerm))
	b.WriteString(" voted " + nodeName(int(*s.votedFor())))
	b.WriteString(" log " + formatLog(s.Entries))
	if s.Commit > 0 {
		b.WriteString(" commit " + strconv.Itoa(s.Commit))
	}
	if s.State == Leader {
		b.WriteString(" match " + formatInts(s.MatchIndex))
	}
	return b.String()
}

func formatInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

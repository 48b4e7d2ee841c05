package raft_test

// One test per rule of Figure 2 of the paper ("In Search of an Understandable Consensus
// Algorithm", Ongaro and Ousterhout, 2014), in the manner of etcd's raft_paper_test.go: each
// drives one Server through a handler with a recording context (actortest) and checks what the
// rule says it must do. A named bug is listed beside the rule it breaks, and the test checks that
// the buggy variant breaks it — so each bug is shown at the rule, not only in a whole-system
// search (raft_test.go).

import (
	"fmt"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/raft"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// server returns a started server with the given bug (bugs.None for the correct one) as node
// id of n, and its context.
func server(t *testing.T, bug bugs.Bug, id model.NodeID, n int) (*raft.Server, *actortest.Context) {
	t.Helper()
	newPeer, err := raft.Variant(bug)
	require.NoError(t, err)
	s, ok := newPeer(id, nil).(*raft.Server)
	require.True(t, ok, "raft.Variant builds *raft.Server")
	ctx := actortest.NewContext(id, n)
	s.Init(ctx)
	return s, ctx
}

// follower returns a correct follower at term with the given log.
func follower(t *testing.T, bug bugs.Bug, id model.NodeID, n, term int, log ...raft.Entry) (*raft.Server, *actortest.Context) {
	t.Helper()
	s, ctx := server(t, bug, id, n)
	s.CurrentTerm, s.Entries = term, log
	return s, ctx
}

// leader returns a server that won the election of term term among n servers, with the given
// log (entries of terms before term), its heartbeats taken.
func leader(t *testing.T, bug bugs.Bug, n, term int, log ...raft.Entry) (*raft.Server, *actortest.Context) {
	t.Helper()
	s, ctx := follower(t, bug, 0, n, term-1, log...)
	s.Timeout(ctx, raft.ElectionTimer)
	for p := 1; p < n/2+1; p++ {
		s.Handle(ctx, model.NodeID(p), raft.RequestVoteReply{Term: term, Granted: true})
	}
	require.Equal(t, raft.Leader, s.State)
	ctx.Take()
	return s, ctx
}

// variant names a server variant in subtests.
func variant(b bugs.Bug) string {
	if b == bugs.None {
		return "correct"
	}
	return string(b)
}

func e(cmd, term int) raft.Entry { return raft.Entry{Cmd: cmd, Term: term} }

func sentTo(sent []actortest.Sent, to model.NodeID) []actor.Message {
	var out []actor.Message
	for _, s := range sent {
		if s.To == to {
			out = append(out, s.Msg)
		}
	}
	return out
}

// Persistent state on all servers: "(Updated on stable storage before responding to RPCs)
// currentTerm, votedFor, log[]". Broken by forget-vote: a server that votes, crashes and
// restarts in the same term votes again.
func TestPersistentStateSurvivesACrash(t *testing.T) {
	for _, tc := range []struct {
		bug        bugs.Bug
		votesTwice bool
	}{{bugs.None, false}, {raft.BugForgetVote, true}} {
		t.Run(variant(tc.bug), func(t *testing.T) {
			s, ctx := follower(t, tc.bug, 2, 3, 0, e(1, 1))
			s.Handle(ctx, 0, raft.RequestVote{Term: 2, LastLogIndex: 1, LastLogTerm: 1})
			require.Equal(t, []actortest.Sent{{To: 0, Msg: raft.RequestVoteReply{Term: 2, Granted: true}}}, ctx.Take())

			fresh, ctx := server(t, tc.bug, 2, 3)
			restarted := actor.RestoreDurable(fresh, s)
			restarted.Init(ctx)
			assert.Equal(t, 2, restarted.CurrentTerm)
			assert.Equal(t, []raft.Entry{e(1, 1)}, restarted.Entries)

			restarted.Handle(ctx, 1, raft.RequestVote{Term: 2, LastLogIndex: 1, LastLogTerm: 1})
			assert.Equal(t, []actortest.Sent{{To: 1, Msg: raft.RequestVoteReply{Term: 2, Granted: tc.votesTwice}}}, ctx.Take())
		})
	}
}

// Rules for all servers: "If RPC request or response contains term T > currentTerm: set
// currentTerm = T, convert to follower (§5.1)."
func TestAllServersAdoptAHigherTermAndBecomeFollowers(t *testing.T) {
	messages := []actor.Message{
		raft.RequestVote{Term: 5},
		raft.RequestVoteReply{Term: 5},
		raft.AppendEntries{Term: 5},
		raft.AppendEntriesReply{Term: 5},
	}
	for _, msg := range messages {
		for _, role := range []raft.Role{raft.Follower, raft.Candidate, raft.Leader} {
			t.Run(role.String()+"/"+msgName(msg), func(t *testing.T) {
				var s *raft.Server
				var ctx *actortest.Context
				switch role {
				case raft.Leader:
					s, ctx = leader(t, bugs.None, 3, 2)
				default:
					s, ctx = follower(t, bugs.None, 0, 3, 1)
					if role == raft.Candidate {
						s.Timeout(ctx, raft.ElectionTimer)
					}
				}
				require.Equal(t, role, s.State)
				s.Handle(ctx, 1, msg)
				assert.Equal(t, 5, s.CurrentTerm)
				assert.Equal(t, raft.Follower, s.State)
				assert.True(t, ctx.Pending(raft.ElectionTimer), "a follower's election timer runs")
				assert.False(t, ctx.Pending(raft.RetryTimer), "only a leader retries")
			})
		}
	}
}

func msgName(m actor.Message) string {
	switch m.(type) {
	case raft.RequestVote:
		return "RequestVote"
	case raft.RequestVoteReply:
		return "RequestVoteReply"
	case raft.AppendEntries:
		return "AppendEntries"
	}
	return "AppendEntriesReply"
}

// Followers: "If election timeout elapses without receiving AppendEntries RPC from current
// leader or granting vote to candidate: convert to candidate." Candidates: "On conversion to
// candidate, start election: increment currentTerm, vote for self, reset election timer, send
// RequestVote RPCs to all other servers."
func TestFollowersStartAnElectionWhenTheElectionTimeoutElapses(t *testing.T) {
	s, ctx := follower(t, bugs.None, 1, 3, 2, e(1, 1), e(2, 2))
	require.True(t, ctx.Pending(raft.ElectionTimer), "§5.2: servers start up as followers with an election timer")
	s.Timeout(ctx, raft.ElectionTimer)
	assert.Equal(t, raft.Candidate, s.State)
	assert.Equal(t, 3, s.CurrentTerm)
	assert.Equal(t, model.NodeID(1), s.VotedFor)
	assert.True(t, ctx.Pending(raft.ElectionTimer))
	want := raft.RequestVote{Term: 3, LastLogIndex: 2, LastLogTerm: 2}
	assert.Equal(t, []actortest.Sent{{To: 0, Msg: want}, {To: 2, Msg: want}}, ctx.Take())
}

// Followers: "Respond to RPCs from candidates and leaders" — and a request from the current
// leader resets the election timer.
func TestFollowersResetTheirElectionTimerOnAppendEntries(t *testing.T) {
	s, ctx := follower(t, bugs.None, 1, 3, 2)
	ctx.CancelTimer(raft.ElectionTimer)
	s.Handle(ctx, 0, raft.AppendEntries{Term: 2})
	assert.True(t, ctx.Pending(raft.ElectionTimer))
	assert.Equal(t, []actortest.Sent{{To: 0, Msg: raft.AppendEntriesReply{Term: 2, Success: true}}}, ctx.Take())
}

// Candidates: "If votes received from majority of servers: become leader."
func TestCandidatesBecomeLeaderWithVotesFromAMajority(t *testing.T) {
	s, ctx := follower(t, bugs.None, 0, 5, 0)
	s.Timeout(ctx, raft.ElectionTimer)
	s.Handle(ctx, 1, raft.RequestVoteReply{Term: 1, Granted: true})
	s.Handle(ctx, 2, raft.RequestVoteReply{Term: 1, Granted: false})
	s.Handle(ctx, 1, raft.RequestVoteReply{Term: 1, Granted: true}) // a duplicate counts once
	assert.Equal(t, raft.Candidate, s.State, "two votes of five are no majority")
	s.Handle(ctx, 3, raft.RequestVoteReply{Term: 1, Granted: true})
	assert.Equal(t, raft.Leader, s.State, "three votes of five are a majority")
}

// Candidates count the votes of the current election only: a vote granted in an earlier term
// may since have gone to another candidate. Broken by stale-votes.
func TestCandidatesCountOnlyVotesOfTheirCurrentTerm(t *testing.T) {
	for _, tc := range []struct {
		bug     bugs.Bug
		becomes raft.Role
	}{{bugs.None, raft.Candidate}, {raft.BugStaleVotes, raft.Leader}} {
		t.Run(variant(tc.bug), func(t *testing.T) {
			s, ctx := follower(t, tc.bug, 0, 3, 0)
			s.Timeout(ctx, raft.ElectionTimer) // term 1
			s.Timeout(ctx, raft.ElectionTimer) // term 2
			s.Handle(ctx, 1, raft.RequestVoteReply{Term: 1, Granted: true})
			assert.Equal(t, tc.becomes, s.State)
		})
	}
}

// Candidates: "If AppendEntries RPC received from new leader: convert to follower."
func TestCandidatesBecomeFollowersOnAppendEntriesFromTheNewLeader(t *testing.T) {
	s, ctx := follower(t, bugs.None, 0, 3, 1)
	s.Timeout(ctx, raft.ElectionTimer)
	require.Equal(t, raft.Candidate, s.State)
	s.Handle(ctx, 1, raft.AppendEntries{Term: 2})
	assert.Equal(t, raft.Follower, s.State)
	assert.Equal(t, 2, s.CurrentTerm)
}

// Candidates: "If election timeout elapses: start new election."
func TestCandidatesStartANewElectionWhenTheElectionTimeoutElapses(t *testing.T) {
	s, ctx := follower(t, bugs.None, 0, 3, 0)
	s.Timeout(ctx, raft.ElectionTimer)
	ctx.Take()
	s.Timeout(ctx, raft.ElectionTimer)
	assert.Equal(t, raft.Candidate, s.State)
	assert.Equal(t, 2, s.CurrentTerm)
	want := raft.RequestVote{Term: 2}
	assert.Equal(t, []actortest.Sent{{To: 1, Msg: want}, {To: 2, Msg: want}}, ctx.Take())
}

// Leaders: "Upon election: send initial empty AppendEntries RPCs (heartbeat) to each server";
// nextIndex starts at the leader's last log index + 1, matchIndex at 0.
func TestLeadersSendHeartbeatsUponElection(t *testing.T) {
	s, ctx := follower(t, bugs.None, 0, 3, 1, e(1, 1))
	s.Timeout(ctx, raft.ElectionTimer)
	ctx.Take()
	s.Handle(ctx, 1, raft.RequestVoteReply{Term: 2, Granted: true})
	require.Equal(t, raft.Leader, s.State)
	want := raft.AppendEntries{Term: 2, PrevLogIndex: 1, PrevLogTerm: 1}
	got := ctx.Take()
	for _, p := range []model.NodeID{1, 2} {
		msgs := sentTo(got, p)
		require.Len(t, msgs, 1)
		ae, ok := msgs[0].(raft.AppendEntries)
		require.True(t, ok)
		assert.Empty(t, ae.Entries)
		ae.Entries = nil
		assert.Equal(t, want, ae)
	}
	assert.Equal(t, []int{2, 2, 2}, s.NextIndex)
	assert.Equal(t, []int{1, 0, 0}, s.MatchIndex)
}

// Leaders: "If command received from client: append entry to local log", then replicate it
// (§5.3).
func TestLeadersAppendClientCommandsToTheirLog(t *testing.T) {
	s, ctx := leader(t, bugs.None, 3, 2, e(1, 1))
	s.Propose(ctx, 7)
	assert.Equal(t, []raft.Entry{e(1, 1), e(7, 2)}, s.Entries)
	want := raft.AppendEntries{Term: 2, PrevLogIndex: 1, PrevLogTerm: 1, Entries: []raft.Entry{e(7, 2)}}
	assert.Equal(t, []actortest.Sent{{To: 1, Msg: want}, {To: 2, Msg: want}}, ctx.Take())
}

// Leaders: "If last log index ≥ nextIndex for a follower: send AppendEntries RPC with log
// entries starting at nextIndex."
func TestLeadersSendEntriesStartingAtNextIndex(t *testing.T) {
	s, ctx := leader(t, bugs.None, 3, 3, e(1, 1), e(2, 2))
	s.NextIndex[1] = 2
	s.Propose(ctx, 3)
	got := sentTo(ctx.Take(), 1)
	require.Len(t, got, 1)
	assert.Equal(t, raft.AppendEntries{Term: 3, PrevLogIndex: 1, PrevLogTerm: 1, Entries: []raft.Entry{e(2, 2), e(3, 3)}}, got[0])
	got = sentTo(ctx.Take(), 2)
	assert.Empty(t, got, "Take forgets what it returned")
}

// Leaders: "If successful: update nextIndex and matchIndex for follower (§5.3)."
func TestLeadersUpdateNextIndexAndMatchIndexOnSuccess(t *testing.T) {
	s, ctx := leader(t, bugs.None, 3, 2, e(1, 1))
	s.Propose(ctx, 2)
	s.Handle(ctx, 1, raft.AppendEntriesReply{Term: 2, Success: true, Index: 2})
	assert.Equal(t, 2, s.MatchIndex[1])
	assert.Equal(t, 3, s.NextIndex[1])
	s.Handle(ctx, 1, raft.AppendEntriesReply{Term: 2, Success: true, Index: 1}) // reordered, older
	assert.Equal(t, 2, s.MatchIndex[1], "matchIndex never goes back")
}

// Leaders: "If AppendEntries fails because of log inconsistency: decrement nextIndex and retry
// (§5.3)."
func TestLeadersDecrementNextIndexAndRetryOnFailure(t *testing.T) {
	s, ctx := leader(t, bugs.None, 3, 3, e(1, 1), e(2, 2))
	require.Equal(t, 3, s.NextIndex[1])
	s.Handle(ctx, 1, raft.AppendEntriesReply{Term: 3, Success: false, Index: 2})
	assert.Equal(t, 2, s.NextIndex[1])
	got := sentTo(ctx.Take(), 1)
	require.Len(t, got, 1)
	assert.Equal(t, raft.AppendEntries{Term: 3, PrevLogIndex: 1, PrevLogTerm: 1, Entries: []raft.Entry{e(2, 2)}}, got[0])
}

// Leaders: "If there exists an N such that N > commitIndex, a majority of matchIndex[i] ≥ N,
// and log[N].term == currentTerm: set commitIndex = N (§5.3, §5.4)." Broken by fixed-quorum,
// which counts two replicas as a majority whatever the cluster's size.
func TestLeadersCommitEntriesOfTheirTermOnAMajority(t *testing.T) {
	for _, tc := range []struct {
		bug            bugs.Bug
		commitAfterTwo int
	}{{bugs.None, 0}, {raft.BugFixedQuorum, 2}} {
		t.Run(variant(tc.bug), func(t *testing.T) {
			s, ctx := leader(t, tc.bug, 5, 2, e(1, 1))
			s.Propose(ctx, 2)
			s.Handle(ctx, 1, raft.AppendEntriesReply{Term: 2, Success: true, Index: 2})
			assert.Equal(t, tc.commitAfterTwo, s.Commit, "two replicas of five are no majority")
			s.Handle(ctx, 3, raft.AppendEntriesReply{Term: 2, Success: true, Index: 2})
			assert.Equal(t, 2, s.Commit, "three of five are, and the earlier entry is committed with it")
		})
	}
}

// The last condition of the rule above, §5.4.2 and Figure 8: "Raft never commits log entries
// from previous terms by counting replicas." Broken by commit-old-term.
func TestLeadersDoNotCommitEntriesOfEarlierTermsByCountingReplicas(t *testing.T) {
	for _, tc := range []struct {
		bug    bugs.Bug
		commit int
	}{{bugs.None, 0}, {raft.BugCommitOldTerm, 1}} {
		t.Run(variant(tc.bug), func(t *testing.T) {
			s, ctx := leader(t, tc.bug, 3, 4, e(1, 2))
			s.Handle(ctx, 1, raft.AppendEntriesReply{Term: 4, Success: true, Index: 1})
			assert.Equal(t, tc.commit, s.Commit)
		})
	}
}

// RequestVote receiver: "1. Reply false if term < currentTerm (§5.1)."
func TestRequestVoteRepliesFalseToAnOlderTerm(t *testing.T) {
	s, ctx := follower(t, bugs.None, 1, 3, 3)
	s.Handle(ctx, 0, raft.RequestVote{Term: 2})
	assert.Equal(t, []actortest.Sent{{To: 0, Msg: raft.RequestVoteReply{Term: 3}}}, ctx.Take())
	assert.Equal(t, model.NoNode, s.VotedFor)
}

// RequestVote receiver: "2. If votedFor is null or candidateId, and candidate's log is at least
// as up-to-date as receiver's log, grant vote (§5.2, §5.4)" — one vote per term.
func TestRequestVoteGrantsOneVotePerTerm(t *testing.T) {
	s, ctx := follower(t, bugs.None, 2, 3, 0)
	for _, tc := range []struct {
		from    model.NodeID
		granted bool
	}{{0, true}, {1, false}, {0, true}} {
		s.Handle(ctx, tc.from, raft.RequestVote{Term: 1})
		assert.Equal(t, []actortest.Sent{{To: tc.from, Msg: raft.RequestVoteReply{Term: 1, Granted: tc.granted}}}, ctx.Take(),
			"request from n%d", tc.from)
	}
}

// §5.4.1, the election restriction: "If the logs have last entries with different terms, then
// the log with the later term is more up-to-date. If the logs end with the same term, then
// whichever log is longer is more up-to-date." Broken by no-log-check, which grants them all.
func TestRequestVoteGrantsOnlyToALogAtLeastAsUpToDate(t *testing.T) {
	voterLog := []raft.Entry{e(1, 1), e(2, 2), e(3, 2)} // last entry: index 3, term 2
	cases := []struct {
		name                string
		lastIndex, lastTerm int
		upToDate            bool
	}{
		{"later last term, shorter", 1, 3, true},
		{"earlier last term, longer", 5, 1, false},
		{"same last term, longer", 4, 2, true},
		{"same last term, same length", 3, 2, true},
		{"same last term, shorter", 2, 2, false},
		{"empty log", 0, 0, false},
	}
	for _, bug := range []bugs.Bug{bugs.None, raft.BugNoLogCheck} {
		for _, tc := range cases {
			t.Run(variant(bug)+"/"+tc.name, func(t *testing.T) {
				s, ctx := follower(t, bug, 1, 3, 2, voterLog...)
				s.Handle(ctx, 0, raft.RequestVote{Term: 3, LastLogIndex: tc.lastIndex, LastLogTerm: tc.lastTerm})
				want := tc.upToDate || bug == raft.BugNoLogCheck
				assert.Equal(t, []actortest.Sent{{To: 0, Msg: raft.RequestVoteReply{Term: 3, Granted: want}}}, ctx.Take())
			})
		}
	}
}

// AppendEntries receiver: "1. Reply false if term < currentTerm (§5.1)."
func TestAppendEntriesRepliesFalseToAnOlderTerm(t *testing.T) {
	s, ctx := follower(t, bugs.None, 1, 3, 3)
	s.Handle(ctx, 0, raft.AppendEntries{Term: 2, Entries: []raft.Entry{e(1, 2)}})
	assert.Equal(t, []actortest.Sent{{To: 0, Msg: raft.AppendEntriesReply{Term: 3}}}, ctx.Take())
	assert.Empty(t, s.Entries)
}

// AppendEntries receiver: "2. Reply false if log doesn't contain an entry at prevLogIndex whose
// term matches prevLogTerm (§5.3)." no-prev-term-check checks only that the index is there.
func TestAppendEntriesRepliesFalseWithoutAMatchingPreviousEntry(t *testing.T) {
	log := []raft.Entry{e(1, 1), e(2, 1)}
	for _, tc := range []struct {
		name                string
		prevIndex, prevTerm int
		success             bool
	}{
		{"matching", 2, 1, true},
		{"start of the log", 0, 0, true},
		{"beyond the log", 3, 1, false},
		{"term differs", 2, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ctx := follower(t, bugs.None, 1, 3, 2, log...)
			s.Handle(ctx, 0, raft.AppendEntries{Term: 2, PrevLogIndex: tc.prevIndex, PrevLogTerm: tc.prevTerm})
			got := ctx.Take()
			require.Len(t, got, 1)
			assert.Equal(t, tc.success, got[0].Msg.(raft.AppendEntriesReply).Success)
			assert.Equal(t, log, s.Entries, "a request with no entries changes no log")
		})
	}
}

// The bug no-prev-term-check accepts a request whose prevLogTerm differs from the term at
// prevLogIndex and appends its entries after the conflicting entry.
func TestNoPrevTermCheckAppendsAfterAConflictingEntry(t *testing.T) {
	s, ctx := follower(t, raft.BugNoPrevTermCheck, 1, 3, 3, e(1, 1))
	s.Handle(ctx, 0, raft.AppendEntries{Term: 3, PrevLogIndex: 1, PrevLogTerm: 2, Entries: []raft.Entry{e(3, 3)}})
	assert.Equal(t, []raft.Entry{e(1, 1), e(3, 3)}, s.Entries)
	assert.Equal(t, []actortest.Sent{{To: 0, Msg: raft.AppendEntriesReply{Term: 3, Success: true, Index: 2}}}, ctx.Take())
}

// AppendEntries receiver: "3. If an existing entry conflicts with a new one (same index but
// different terms), delete the existing entry and all that follow it (§5.3)." Broken by
// no-truncate, which keeps the conflicting entries and acknowledges anyway.
func TestAppendEntriesDeletesConflictingEntriesAndAllThatFollow(t *testing.T) {
	for _, tc := range []struct {
		bug  bugs.Bug
		want []raft.Entry
	}{
		{bugs.None, []raft.Entry{e(1, 1), e(4, 2)}},
		{raft.BugNoTruncate, []raft.Entry{e(1, 1), e(2, 1), e(3, 1)}},
	} {
		t.Run(variant(tc.bug), func(t *testing.T) {
			s, ctx := follower(t, tc.bug, 1, 3, 1, e(1, 1), e(2, 1), e(3, 1))
			s.Handle(ctx, 0, raft.AppendEntries{Term: 2, PrevLogIndex: 1, PrevLogTerm: 1, Entries: []raft.Entry{e(4, 2)}})
			assert.Equal(t, tc.want, s.Entries)
			assert.Equal(t, []actortest.Sent{{To: 0, Msg: raft.AppendEntriesReply{Term: 2, Success: true, Index: 2}}}, ctx.Take())
		})
	}
}

// AppendEntries receiver: "4. Append any new entries not already in the log." A request the
// network delayed or duplicated must not cut off entries that followed it, and its reply
// vouches only for the entries it carried (AppendEntriesReply.Index). Broken by
// always-truncate, which replaces everything after prevLogIndex, by ack-log-length, which
// acknowledges the follower's whole log, stale entries included, and by append-at-end, which
// appends the request's entries again at the end.
func TestAppendEntriesAppendsOnlyEntriesNotAlreadyInTheLog(t *testing.T) {
	for _, tc := range []struct {
		bug   bugs.Bug
		log   []raft.Entry
		index int
	}{
		{bugs.None, []raft.Entry{e(1, 1), e(2, 1)}, 1},
		{raft.BugAlwaysTruncate, []raft.Entry{e(1, 1)}, 1},
		{raft.BugAckLogLength, []raft.Entry{e(1, 1), e(2, 1)}, 2},
		{raft.BugAppendAtEnd, []raft.Entry{e(1, 1), e(2, 1), e(1, 1)}, 1},
	} {
		t.Run(variant(tc.bug), func(t *testing.T) {
			s, ctx := follower(t, tc.bug, 1, 3, 1, e(1, 1), e(2, 1))
			s.Handle(ctx, 0, raft.AppendEntries{Term: 1, Entries: []raft.Entry{e(1, 1)}})
			assert.Equal(t, tc.log, s.Entries)
			assert.Equal(t, []actortest.Sent{{To: 0, Msg: raft.AppendEntriesReply{Term: 1, Success: true, Index: tc.index}}}, ctx.Take())
		})
	}
	s, ctx := follower(t, bugs.None, 1, 3, 1, e(1, 1), e(2, 1))
	s.Handle(ctx, 0, raft.AppendEntries{Term: 1, PrevLogIndex: 1, PrevLogTerm: 1, Entries: []raft.Entry{e(2, 1), e(3, 1)}})
	assert.Equal(t, []raft.Entry{e(1, 1), e(2, 1), e(3, 1)}, s.Entries)
}

// AppendEntries receiver: "5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit,
// index of last new entry)."
func TestAppendEntriesAdvancesCommitIndexToTheLastNewEntryAtMost(t *testing.T) {
	s, ctx := follower(t, bugs.None, 1, 3, 1, e(1, 1), e(2, 1), e(3, 1))
	s.Handle(ctx, 0, raft.AppendEntries{Term: 1, PrevLogIndex: 0, Entries: []raft.Entry{e(1, 1)}, LeaderCommit: 3})
	assert.Equal(t, 1, s.Commit, "the request vouches only for entries up to index 1")
	s.Handle(ctx, 0, raft.AppendEntries{Term: 1, PrevLogIndex: 3, PrevLogTerm: 1, LeaderCommit: 2})
	assert.Equal(t, 2, s.Commit)
	s.Handle(ctx, 0, raft.AppendEntries{Term: 1, PrevLogIndex: 1, PrevLogTerm: 1, LeaderCommit: 1})
	assert.Equal(t, 2, s.Commit, "commitIndex never goes back")
}

// Followers: the election timeout elapses "without receiving AppendEntries RPC from current
// leader or granting vote to candidate" — granting a vote resets the timer; refusing one (a
// candidate whose log is behind) does not.
func TestFollowersResetTheirElectionTimerWhenTheyGrantAVote(t *testing.T) {
	for _, tc := range []struct {
		name            string
		lastIndex, term int
		granted         bool
	}{{"granted", 2, 2, true}, {"refused", 1, 1, false}} {
		t.Run(tc.name, func(t *testing.T) {
			s, ctx := follower(t, bugs.None, 1, 3, 2, e(1, 1), e(2, 2))
			ctx.CancelTimer(raft.ElectionTimer)
			s.Handle(ctx, 2, raft.RequestVote{Term: 2, LastLogIndex: tc.lastIndex, LastLogTerm: tc.term})
			assert.Equal(t, []actortest.Sent{{To: 2, Msg: raft.RequestVoteReply{Term: 2, Granted: tc.granted}}}, ctx.Take())
			assert.Equal(t, tc.granted, ctx.Pending(raft.ElectionTimer))
		})
	}
}

// Leaders: send AppendEntries "repeat during idle periods", and §5.3: "the leader retries
// AppendEntries RPCs indefinitely ... until all followers eventually store all log entries".
// The model has no periodic heartbeat: its RetryTimer is pending exactly while a follower is
// not known to hold the whole log, and firing it resends to the followers that lag.
func TestLeadersRetryAppendEntriesWhileAFollowerLags(t *testing.T) {
	s, ctx := leader(t, bugs.None, 3, 2, e(1, 1))
	s.Propose(ctx, 5)
	ctx.Take()
	require.True(t, ctx.Pending(raft.RetryTimer))
	s.Handle(ctx, 1, raft.AppendEntriesReply{Term: 2, Success: true, Index: 2})
	require.True(t, ctx.Pending(raft.RetryTimer), "follower 2 has not acknowledged")
	ctx.Take()

	s.Timeout(ctx, raft.RetryTimer)
	want := raft.AppendEntries{Term: 2, PrevLogIndex: 1, PrevLogTerm: 1, Entries: []raft.Entry{e(5, 2)}, LeaderCommit: 2}
	assert.Equal(t, []actortest.Sent{{To: 2, Msg: want}}, ctx.Take(), "only the follower that lags")
	assert.True(t, ctx.Pending(raft.RetryTimer))

	s.Handle(ctx, 2, raft.AppendEntriesReply{Term: 2, Success: true, Index: 2})
	assert.False(t, ctx.Pending(raft.RetryTimer), "every follower holds the whole log")
}

// All servers: "If commitIndex > lastApplied: increment lastApplied, apply log[lastApplied]
// to state machine (§5.3)." The system's harness around each server (raft.New) applies; a
// server's node in the system, driven alone, applies what is committed, in log order, once.
func TestAllServersApplyCommittedEntriesInLogOrder(t *testing.T) {
	sys := actortest.System(t, raft.New, raft.Config{Nodes: 3, MaxTerm: 2, Commands: 2})
	node := sys.Nodes[1]
	ctx := actortest.NewContext(1, 3)
	node.Init(ctx)
	two := raft.AppendEntries{Term: 1, Entries: []raft.Entry{e(7, 1), e(8, 1)}}
	node.Handle(ctx, 0, two)
	assert.NotContains(t, fmt.Sprint(node), "applied", "nothing is committed")
	node.Handle(ctx, 0, raft.AppendEntries{Term: 1, PrevLogIndex: 2, PrevLogTerm: 1, LeaderCommit: 1})
	assert.True(t, strings.HasSuffix(fmt.Sprint(node), " applied [c7@t1]"), fmt.Sprint(node))
	two.LeaderCommit = 2 // a duplicate of the first request, now with the commit index
	node.Handle(ctx, 0, two)
	node.Handle(ctx, 0, two)
	assert.True(t, strings.HasSuffix(fmt.Sprint(node), " applied [c7@t1 c8@t1]"), fmt.Sprint(node))
}

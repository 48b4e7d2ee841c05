package raft

import (
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// The named buggy variants.
const (
	// BugForgetVote keeps votedFor in volatile memory, against Figure 2's "persistent state
	// ... updated on stable storage before responding to RPCs": a server that votes, crashes
	// and restarts in the same term votes again, and two candidates win the same term.
	// Breaks ElectionSafety (needs one crash and one recovery).
	BugForgetVote bugs.Bug = "forget-vote"
	// BugNoLogCheck grants votes without the election restriction of §5.4.1 (the candidate's
	// log must be at least as up-to-date as the voter's): a server that lacks a committed
	// entry can win an election. Breaks LeaderCompleteness.
	BugNoLogCheck bugs.Bug = "no-log-check"
	// BugCommitOldTerm lets a leader commit an entry of an earlier term by counting its
	// replicas, the mistake of Figure 8 that §5.4.2 forbids: a server whose log is more
	// up-to-date can still be elected and overwrite the "committed" entry. Breaks
	// CommittedSurvives at once (and LeaderCompleteness once that server leads, a term later).
	BugCommitOldTerm bugs.Bug = "commit-old-term"
	// BugNoTruncate makes a follower keep its own entry where an AppendEntries brings a
	// conflicting one (same index, different term) — Figure 2's receiver rule 3 left out —
	// and acknowledge anyway, so the leader counts a replica that is not there. Breaks
	// CommittedSurvives (and then LeaderCompleteness and StateMachineSafety).
	BugNoTruncate bugs.Bug = "no-truncate"
	// BugStaleVotes counts a vote granted in an earlier term towards the current election: a
	// candidate that times out and starts again wins with votes its voters have since given
	// to another candidate. Breaks ElectionSafety.
	BugStaleVotes bugs.Bug = "stale-votes"
	// BugFixedQuorum commits an entry once two servers hold it: a quorum written for three
	// servers. With four, the two servers without the entry still cannot win an election; with
	// five, three can. Breaks CommittedSurvives (needs ≥ 5 servers).
	BugFixedQuorum bugs.Bug = "fixed-quorum"
	// BugAckLogLength makes a follower acknowledge a successful AppendEntries with the length
	// of its log instead of the last index the request covered (prevLogIndex + entries): a
	// follower that still holds an entry of an old term after the request's entries claims
	// it, and the leader counts it as a replica of its own entry at that index. Needs a
	// follower holding an entry of an old term past the request — a leader change, and a
	// partition or lost message to leave it there. Breaks CommittedSurvives (or, when the
	// acknowledged index passes the end of the leader's log, the leader panics slicing it).
	BugAckLogLength bugs.Bug = "ack-log-length"
	// BugAlwaysTruncate makes a follower replace everything after prevLogIndex with the
	// request's entries, instead of deleting only entries that conflict (Figure 2's receiver
	// rule 3: "If an existing entry conflicts with a new one"): an old, shorter request that
	// arrives late — duplicated or held back — erases an entry the follower has acknowledged
	// and the leader has counted (a late heartbeat of a deposed leader does it too). Breaks
	// CommittedSurvives.
	BugAlwaysTruncate bugs.Bug = "always-truncate"
	// BugNoPrevTermCheck makes a follower check only that its log reaches prevLogIndex, not
	// that the entry there has prevLogTerm (Figure 2's receiver rule 2 half done): it appends
	// the leader's entries after an entry of its own that conflicts, and commits it when the
	// leader's commitIndex passes it. It needs a leader whose nextIndex for the follower lies
	// past such an entry: one elected with a log written in earlier terms by other leaders —
	// two leader changes. Breaks LeaderCompleteness or LogMatching (whichever a walk meets first).
	BugNoPrevTermCheck bugs.Bug = "no-prev-term-check"
	// BugAppendAtEnd makes a follower cut its log at a conflicting entry, as Figure 2's
	// receiver rule 3 says, but then append the whole request at the end of its log, entries
	// it already holds included (rule 4's "not already in the log" left out): a request the
	// leader retries, or one duplicated, doubles entries. With one command every entry is that
	// command and the logs still agree; with two, a follower holds the first command where the
	// leader has the second. Breaks LogMatching (and StateMachineSafety once committed).
	BugAppendAtEnd bugs.Bug = "append-at-end"
)

// Catalog lists the named buggy variants, each with a line on what it gets wrong, the
// flags of distcheck check that show it and the property that breaks.
var Catalog = bugs.Catalog{Protocol: "raft", Variants: []bugs.Variant{
	{Bug: BugForgetVote, Summary: "votedFor is not durable: a restarted server votes twice in a term (--crashes 1 --recoveries 1 --lose-while-down --drops 2: two leaders, ElectionSafety)"},
	{Bug: BugNoLogCheck, Summary: "votes are granted without the up-to-date-log check of §5.4.1 (--drops 4, or --partitions 1: a leader lacks a committed entry, LeaderCompleteness)"},
	{Bug: BugCommitOldTerm, Summary: "a leader commits an entry of an earlier term by counting replicas, Figure 8 (--drops 4: a server that can still be elected lacks it, CommittedSurvives)"},
	{Bug: BugNoTruncate, Summary: "a follower keeps a conflicting entry instead of truncating its log, and acknowledges (--drops 2: the leader commits an entry a follower lacks, CommittedSurvives)"},
	{Bug: BugStaleVotes, Summary: "a candidate counts votes granted in an earlier term (--partitions 1: two leaders, ElectionSafety)"},
	{Bug: BugFixedQuorum, Summary: "a leader commits once two servers hold an entry, a quorum right only for three (--nodes 5: an entry on two servers is committed, CommittedSurvives)"},
	{Bug: BugAckLogLength, Summary: "a follower acknowledges AppendEntries with its log's length, stale entries included (--drops 1 --partitions 1: a stale entry counts as a replica, CommittedSurvives)"},
	{Bug: BugAlwaysTruncate, Summary: "a follower replaces its log after prevLogIndex with the request's entries, conflicting or not (--drops 1 --partitions 1: a late request erases a counted entry, CommittedSurvives)"},
	{Bug: BugNoPrevTermCheck, Summary: "a follower checks that its log reaches prevLogIndex but not the term there (--commands 2 --drops 2 --partitions 1 --strategy pct: two leader changes, LeaderCompleteness)"},
	{Bug: BugAppendAtEnd, Summary: "a follower appends a request's entries at the end of its log, those it holds included (--commands 2: a retried request doubles an entry, LogMatching)"},
}}

// Variant returns the constructor of Servers with the given bug (bugs.None: the correct
// one), or an error if Catalog does not list it: for a suite that runs a named bug as an
// implementation (rafttest.Buggy) and for tests of one server. A system of them is New's,
// with Config.Bug.
func Variant(bug bugs.Bug) (NewPeer, error) {
	if err := Catalog.Check(bug); err != nil {
		return nil, err
	}
	return func(model.NodeID, []model.NodeID) Peer { return newServer(bug) }, nil
}

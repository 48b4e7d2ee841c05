package raft_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/raft"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The configurations the tests explore: the smallest that show each named bug, and the correct
// servers pass each of them.
var (
	// crashRecovery: a server crashes and restarts (its messages are lost meanwhile), and two
	// messages are lost, over two terms.
	crashRecovery = raft.Config{Nodes: 3, MaxTerm: 2, Commands: 1,
		Faults: actor.Faults{Crashes: 1, Recoveries: 1, Drops: 2, LoseWhileDown: true}}
	// lostMessages: four messages are lost over three terms — enough for Figure 8.
	lostMessages = raft.Config{Nodes: 3, MaxTerm: 3, Commands: 1, Faults: actor.Faults{Drops: 4}}
	// partition: the network splits once (and heals) over two terms.
	partition = raft.Config{Nodes: 3, MaxTerm: 2, Commands: 1, Faults: actor.Faults{Partitions: 1}}
	// splitAndLoss: a partition and a lost message over three terms.
	splitAndLoss = raft.Config{Nodes: 3, MaxTerm: 3, Commands: 1, Faults: actor.Faults{Drops: 1, Partitions: 1}}
	// fiveServers: crashes, recoveries, losses and a partition among five servers, for random
	// walks.
	fiveServers = raft.Config{Nodes: 5, MaxTerm: 3, Commands: 2,
		Faults: actor.Faults{Crashes: 2, Recoveries: 2, Drops: 2, Partitions: 1, LoseWhileDown: true}}
)

func withBug(cfg raft.Config, bug bugs.Bug) raft.Config {
	cfg.Bug = bug
	return cfg
}

// count returns the number of actions of kind k on path p.
func count(p explore.Path[*actor.State], k model.ActionKind) int {
	n := 0
	for _, st := range p.Steps {
		if st.Action.Kind == k {
			n++
		}
	}
	return n
}

// Figure 3: Raft guarantees each of its properties at all times — with crash-recovery and lost
// messages, whatever the order messages arrive in — and a command does get committed.
func TestFigure3PropertiesHold(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  raft.Config
	}{
		{"crash-recovery", crashRecovery},
		{"lost-messages", lostMessages},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, raft.New, c.cfg))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// The same across a partition, on every path of up to 12 steps, past the depth at which the
// partition's bugs show (exhaustively, the configuration has millions of states: too many for
// every test run).
func TestFigure3PropertiesHoldAcrossAPartition(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, partition), distcheck.MaxDepth(13))
	require.NotNil(t, res)
	assert.Equal(t, explore.StopComplete, res.Stopped)
}

// Five servers, crashes, recoveries, losses and a partition: 10,000 random walks.
func TestFigure3PropertiesHoldInRandomWalksOfFiveServers(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, fiveServers), distcheck.Strategy(explore.Random),
		distcheck.Walks(10_000), distcheck.MaxDepth(60), distcheck.InShort(distcheck.Walks(2_000)))
	require.NotNil(t, res)
	assert.Equal(t, explore.StopComplete, res.Stopped)
}

// Figure 2, persistent state: votedFor is written to stable storage before the vote is sent.
// A server that forgets it votes twice in a term after a restart, and two candidates win the
// same term.
func TestForgetVoteElectsTwoLeadersInATerm(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(crashRecovery, raft.BugForgetVote)),
		distcheck.ExpectViolation(raft.ElectionSafety), distcheck.Workers(1))
	path := distcheck.Violation(t, res, raft.ElectionSafety).Path
	assert.Equal(t, 1, count(path, model.ActionCrash))
	assert.Equal(t, 1, count(path, model.ActionRecover))
	last := path.Last()
	leaders := raft.Leaders(last)
	require.Len(t, leaders, 2)
	assert.Equal(t, raft.PeerOf(last, leaders[0]).Term(), raft.PeerOf(last, leaders[1]).Term())
}

// Figure 2, RequestVote receiver: a reply counts only in the term it was granted in. A
// candidate that counts a vote from its previous election wins a term another candidate won.
func TestStaleVotesElectTwoLeadersInATerm(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(partition, raft.BugStaleVotes)),
		distcheck.ExpectViolation(raft.ElectionSafety), distcheck.Workers(1))
	path := distcheck.Violation(t, res, raft.ElectionSafety).Path
	assert.Equal(t, 1, count(path, model.ActionPartition))
	assert.Len(t, raft.Leaders(path.Last()), 2)
}

// §5.4.1, the election restriction: a voter denies its vote to a candidate whose log is less
// up-to-date than its own. Without the check, a server that lacks a committed entry leads.
func TestNoLogCheckElectsALeaderWithoutACommittedEntry(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(lostMessages, raft.BugNoLogCheck)),
		distcheck.ExpectViolation(raft.LeaderCompleteness), distcheck.Workers(1))
	last := distcheck.Violation(t, res, raft.LeaderCompleteness).Path.Last()
	var applied []raft.Entry
	for i := range last.NumNodes() {
		for _, a := range raft.AppliedBy(last, model.NodeID(i)) {
			applied = append(applied, a.Entry)
		}
	}
	require.NotEmpty(t, applied, "an entry was committed")
	lacking := false
	for _, l := range raft.Leaders(last) {
		if len(raft.PeerOf(last, l).Log()) == 0 {
			lacking = true
		}
	}
	assert.True(t, lacking, "a leader with an empty log")
}

// §5.4.2 and Figure 8: a leader commits only entries of its own term by counting replicas.
// One that commits an entry of an earlier term leaves it where a server with a more
// up-to-date log — holding an entry of a later term at the same index — can still be elected
// and overwrite it.
func TestCommitOldTermCommitsAnEntryALaterLeaderCanOverwrite(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(lostMessages, raft.BugCommitOldTerm)),
		distcheck.ExpectViolation(raft.CommittedSurvives), distcheck.Workers(1))
	path := distcheck.Violation(t, res, raft.CommittedSurvives).Path
	var committer raft.Peer // the leader of the latest term
	for _, l := range raft.Leaders(path.Last()) {
		if p := raft.PeerOf(path.Last(), l); committer == nil || p.Term() > committer.Term() {
			committer = p
		}
	}
	require.NotNil(t, committer)
	require.Equal(t, 1, committer.CommitIndex())
	assert.Less(t, committer.Log()[0].Term, committer.Term(), "the committed entry is of an earlier term")
	assert.Equal(t, 4, count(path, model.ActionDrop))
}

// Figure 2, AppendEntries receiver rule 3: a follower deletes a conflicting entry and all that
// follow it. One that keeps its own entry and acknowledges lets the leader count a replica
// that is not there.
func TestNoTruncateCommitsAnEntryTheFollowerDoesNotHold(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(lostMessages, raft.BugNoTruncate)),
		distcheck.ExpectViolation(raft.CommittedSurvives), distcheck.Workers(1))
	last := distcheck.Violation(t, res, raft.CommittedSurvives).Path.Last()
	leaders := raft.Leaders(last)
	require.Len(t, leaders, 1)
	committed := raft.PeerOf(last, leaders[0]).Log()[0]
	conflicting := 0
	for i := range last.NumNodes() {
		if log := raft.PeerOf(last, model.NodeID(i)).Log(); len(log) > 0 && log[0] != committed {
			conflicting++
		}
	}
	assert.Equal(t, 1, conflicting, "the follower that acknowledged still holds its own entry")
}

// step returns the successor of s by the action whose text (model.Action.String) is want.
func step(t *testing.T, sys *actor.System, s *actor.State, want string) *actor.State {
	t.Helper()
	var next *actor.State
	var seen []string
	sys.Next(s, func(a model.Action, t *actor.State) {
		seen = append(seen, a.String())
		if next == nil && a.String() == want {
			next = t
		}
	})
	require.NotNil(t, next, "no action %q among %q", want, seen)
	return next
}

// Figure 2: persistent state survives a crash, volatile state does not. A leader that crashes
// and restarts is a follower of the same term that remembers its vote and its log, and has
// forgotten its commitIndex — but not what it applied.
func TestARestartKeepsPersistentStateOnly(t *testing.T) {
	sys := actortest.System(t, raft.New, raft.Config{Nodes: 3, MaxTerm: 2, Commands: 1, Faults: actor.Faults{Crashes: 1, Recoveries: 1}})
	var s *actor.State
	sys.Init(func(i *actor.State) { s = i })
	for _, a := range []string{
		"timeout 0 election",
		"deliver 0→1 RequestVote(t1 last=0/t0)", "deliver 1→0 RequestVoteReply(t1 granted)", // n0 leads term 1
		"deliver 0→1 AppendEntries(t1 prev=0/t0 [] commit=0)", "deliver 1→0 AppendEntriesReply(t1 success index=0)",
		"deliver 0→2 RequestVote(t1 last=0/t0)", "deliver 2→0 RequestVoteReply(t1 granted)",
		"deliver 0→2 AppendEntries(t1 prev=0/t0 [] commit=0)", "deliver 2→0 AppendEntriesReply(t1 success index=0)",
		"timeout 0 client", // n0 appends c1@t1
		"deliver 0→1 AppendEntries(t1 prev=0/t0 [c1@t1] commit=0)", "deliver 1→0 AppendEntriesReply(t1 success index=1)", // and commits it
	} {
		s = step(t, sys, s, a)
	}
	before := raft.PeerOf(s, 0)
	require.Equal(t, raft.Leader, before.Role())
	require.Equal(t, 1, before.CommitIndex())
	s = step(t, sys, step(t, sys, s, "crash 0"), "recover 0")
	after := raft.PeerOf(s, 0).(*raft.Server)
	assert.Equal(t, raft.Follower, after.Role())
	assert.Equal(t, 1, after.Term())
	assert.Equal(t, model.NodeID(0), after.VotedFor)
	assert.Equal(t, []raft.Entry{{Term: 1, Cmd: 1}}, after.Log())
	assert.Zero(t, after.CommitIndex())
	assert.Nil(t, after.MatchIndex)
	assert.Len(t, raft.AppliedBy(s, 0), 1)
	assert.Equal(t, []actor.Timer{raft.ElectionTimer}, s.Timers(0))
}

// fiveQuiet is five servers and no faults: BugFixedQuorum needs nothing else.
var fiveQuiet = raft.Config{Nodes: 5, MaxTerm: 2, Commands: 1}

// §5.3, commitment: "a log entry is committed once the leader that created the entry has
// replicated it on a majority of the servers". A quorum of two, right for three servers, is
// not enough with four (exhaustively, nothing breaks) and breaks with five: three servers
// without the entry can elect one of them.
func TestFixedQuorumCommitsOnTwoOfFiveServers(t *testing.T) {
	four := fiveQuiet
	four.Nodes = 4
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(four, raft.BugFixedQuorum)))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
	res = distcheck.Check(t, actortest.System(t, raft.New, withBug(fiveQuiet, raft.BugFixedQuorum)),
		distcheck.ExpectViolation(raft.CommittedSurvives), distcheck.Strategy(explore.Swarm),
		distcheck.Walks(2000), distcheck.Workers(1))
	last := distcheck.Violation(t, res, raft.CommittedSurvives).Path.Last()
	holders := 0
	for i := range 5 {
		if len(raft.PeerOf(last, model.NodeID(i)).Log()) > 0 {
			holders++
		}
	}
	assert.Less(t, holders, 3, "the committed entry is on fewer than a majority")
}

// Figure 2, AppendEntries results: the follower acknowledges what the request made it hold.
// Acknowledging its log's length instead counts an entry of an earlier term, left past the
// request, as a replica of the leader's.
func TestAckLogLengthCountsAStaleEntryAsAReplica(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(splitAndLoss, raft.BugAckLogLength)),
		distcheck.ExpectViolation(raft.CommittedSurvives), distcheck.Workers(1))
	path := distcheck.Violation(t, res, raft.CommittedSurvives).Path
	assert.Equal(t, 1, count(path, model.ActionPartition))
	assert.GreaterOrEqual(t, path.Last().NumNodes(), 3)
}

// Figure 2, AppendEntries receiver rule 3: only a conflicting entry, and those after it, are
// deleted. A follower that cuts its log at every request loses an acknowledged entry to a late
// request.
func TestAlwaysTruncateLetsALateRequestEraseACountedEntry(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(splitAndLoss, raft.BugAlwaysTruncate)),
		distcheck.ExpectViolation(raft.CommittedSurvives), distcheck.Workers(1))
	distcheck.Violation(t, res, raft.CommittedSurvives)
	// The correct server holds in the same configuration (50,000 orbits of the servers, which
	// Check searches by default, stand for about 300,000 states).
	ok := distcheck.Check(t, actortest.System(t, raft.New, splitAndLoss), distcheck.MaxStates(50_000))
	require.NotNil(t, ok)
}

// Figure 2, AppendEntries receiver rule 2: the entry at prevLogIndex must have prevLogTerm.
// A follower that checks only the index keeps a conflicting entry under the leader's; that
// needs a leader whose nextIndex lies past an entry another leader wrote — leaders in three
// terms. PCT walks find it (uniform random walks rarely do: see the README's strategy table).
func TestNoPrevTermCheckKeepsAConflictingEntryAfterTwoLeaderChanges(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, raft.New, withBug(twoCommandsSplitAndLoss, raft.BugNoPrevTermCheck)),
		distcheck.ExpectViolation(raft.LeaderCompleteness), distcheck.Strategy(explore.PCT),
		distcheck.Seed(2), distcheck.Walks(20_000), distcheck.MaxDepth(80), distcheck.Workers(1))
	path := distcheck.Violation(t, res, raft.LeaderCompleteness).Path
	assert.GreaterOrEqual(t, len(leaderTerms(path)), 3, "leaders in three terms: two leader changes")
}

// oneTermTwoCommands: a leader and two client commands, nothing else.
var oneTermTwoCommands = raft.Config{Nodes: 3, MaxTerm: 1, Commands: 2}

// Figure 2, AppendEntries receiver rules 3 and 4: entries go at prevLogIndex+1 on. A follower
// that appends them at the end of its log doubles an entry when the leader retries a request.
// With one command every entry is that command and the logs agree (exhaustively, even with a
// lost and a duplicated message); with two, a follower holds command 1 at index 2.
func TestAppendAtEndDoublesARetriedEntry(t *testing.T) {
	one := raft.Config{Nodes: 3, MaxTerm: 2, Commands: 1, Faults: actor.Faults{Drops: 1, Duplicates: 1}}
	res, err := explore.Run(context.Background(), actortest.System(t, raft.New, withBug(one, raft.BugAppendAtEnd)), explore.Options{})
	require.NoError(t, err)
	assert.True(t, res.Exhaustive)
	assert.Empty(t, res.Violations)
	res = distcheck.Check(t, actortest.System(t, raft.New, withBug(oneTermTwoCommands, raft.BugAppendAtEnd)), distcheck.ExpectViolation(raft.LogMatching))
	if res == nil {
		return
	}
	last := distcheck.Violation(t, res, raft.LogMatching).Path.Last()
	doubled := false
	for i := range 3 {
		if l := raft.PeerOf(last, model.NodeID(i)).Log(); len(l) >= 2 && l[1] == l[0] {
			doubled = true
		}
	}
	assert.True(t, doubled, "a server holds command 1 at index 2 too")
}

// twoCommandsSplitAndLoss: two client commands, a partition and two lost messages over three
// terms.
var twoCommandsSplitAndLoss = raft.Config{Nodes: 3, MaxTerm: 3, Commands: 2, Faults: actor.Faults{Drops: 2, Partitions: 1}}

// leaderTerms returns the terms in which some server led, along p.
func leaderTerms(p explore.Path[*actor.State]) map[int]bool {
	terms := map[int]bool{}
	states := []*actor.State{p.Init}
	for _, st := range p.Steps {
		states = append(states, st.State)
	}
	for _, s := range states {
		for i := range s.NumNodes() {
			if peer := raft.PeerOf(s, model.NodeID(i)); peer.Role() == raft.Leader {
				terms[peer.Term()] = true
			}
		}
	}
	return terms
}

// The saved counterexamples replay and still show their bugs.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for _, c := range []struct {
		test string
		cfg  raft.Config
	}{
		{"TestForgetVoteElectsTwoLeadersInATerm", withBug(crashRecovery, raft.BugForgetVote)},
		{"TestStaleVotesElectTwoLeadersInATerm", withBug(partition, raft.BugStaleVotes)},
		{"TestNoLogCheckElectsALeaderWithoutACommittedEntry", withBug(lostMessages, raft.BugNoLogCheck)},
		{"TestCommitOldTermCommitsAnEntryALaterLeaderCanOverwrite", withBug(lostMessages, raft.BugCommitOldTerm)},
		{"TestNoTruncateCommitsAnEntryTheFollowerDoesNotHold", withBug(lostMessages, raft.BugNoTruncate)},
		{"TestFixedQuorumCommitsOnTwoOfFiveServers", withBug(fiveQuiet, raft.BugFixedQuorum)},
		{"TestAckLogLengthCountsAStaleEntryAsAReplica", withBug(splitAndLoss, raft.BugAckLogLength)},
		{"TestAlwaysTruncateLetsALateRequestEraseACountedEntry", withBug(splitAndLoss, raft.BugAlwaysTruncate)},
		{"TestNoPrevTermCheckKeepsAConflictingEntryAfterTwoLeaderChanges", withBug(twoCommandsSplitAndLoss, raft.BugNoPrevTermCheck)},
		{"TestAppendAtEndDoublesARetriedEntry", withBug(oneTermTwoCommands, raft.BugAppendAtEnd)},
	} {
		traces, paths, err := counterexamples.LoadDir(filepath.Join(distcheck.DefaultTraceDir, c.test))
		require.NoError(t, err)
		require.Len(t, traces, 1, "%s saves one counterexample", c.test)
		r, err := counterexamples.Replay(actortest.System(t, raft.New, c.cfg), traces[0])
		require.NoError(t, err, paths[0])
		assert.True(t, r.Reproduced, "%s: %s", paths[0], r.Detail)
	}
}

// Every bug is in the Catalog, has a summary, and builds.
func TestEveryBugIsListed(t *testing.T) {
	require.Len(t, raft.Catalog.Bugs(), 10)
	for _, b := range raft.Catalog.Bugs() {
		assert.NotEmpty(t, raft.Catalog.Summary(b), b)
		_, err := raft.New(withBug(lostMessages, b))
		assert.NoError(t, err, b)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]raft.Config{
		"raft: nodes is 1, want at least 2":    {Nodes: 1, MaxTerm: 1},
		"raft: max-term is 0, want at least 1": {Nodes: 3},
		"raft: commands is -1, want 0 or more": {Nodes: 3, MaxTerm: 1, Commands: -1},
		"raft: faults: Drops is -1, want ≥ 0":  {Nodes: 3, MaxTerm: 1, Faults: actor.Faults{Drops: -1}},
		`raft: unknown bug "nope" (known: forget-vote, no-log-check, commit-old-term, no-truncate, stale-votes, fixed-quorum, ack-log-length, always-truncate, no-prev-term-check, append-at-end)`: {Nodes: 3, MaxTerm: 1, Bug: "nope"},
	} {
		_, err := raft.New(cfg)
		assert.EqualError(t, err, want)
	}
	nilServers := crashRecovery
	nilServers.NewPeer = func(model.NodeID, []model.NodeID) raft.Peer { return nil }
	_, err := raft.New(nilServers)
	assert.EqualError(t, err, "raft: the constructor returned a nil server for node 0")
	nilServers.Bug = raft.BugForgetVote
	_, err = raft.New(nilServers)
	assert.EqualError(t, err, `raft: bug "forget-vote" is a variant of Server; it cannot apply to the servers of Config.NewPeer`)
}

// Coverage-guided walks over raft.Feature find a bug that needs a leader change, and the feature tells apart states that differ in what the properties read.
func TestCoverageWalksOverRaftFeaturesFindAckLogLength(t *testing.T) {
	cfg := raft.Config{Nodes: 3, MaxTerm: 3, Commands: 2, Faults: actor.Faults{Drops: 2, Partitions: 1}, Bug: raft.BugAckLogLength}
	sys := actortest.System(t, raft.New, cfg)
	res, err := explore.Run(context.Background(), sys, explore.Options{Strategy: explore.Coverage, Feature: raft.Feature,
		Walks: 20_000, MaxDepth: 80, Workers: 1, Seed: 1})
	require.NoError(t, err)
	require.NotEmpty(t, res.Violations)
	// The stale acknowledgement breaks CommittedSurvives or, when it passes the end of the
	// leader's log, makes the leader's next AppendEntries slice past it.
	assert.Contains(t, []string{raft.CommittedSurvives, model.PanicProperty}, res.Violations[0].Property)
	path := res.Violations[0].Path
	assert.NotEqual(t, raft.Feature(path.Init), raft.Feature(path.Last()))
	assert.Zero(t, raft.Feature(42), "not a raft state")
}

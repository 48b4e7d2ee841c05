package multipaxos_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multipaxos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallest is the smallest interesting configuration: a leader and a standby, three
// acceptors, two slots.
var smallest = multipaxos.Config{Leaders: 2, Acceptors: 3, Slots: 2}

// The configurations whose counterexamples are saved, by test.
var saved = map[string]multipaxos.Config{
	"TestSkipRecoveryOverwritesAChosenCommand":           {Leaders: 2, Acceptors: 3, Slots: 2, Asynchronous: true, Bug: multipaxos.BugSkipRecovery},
	"TestExecuteOutOfOrderExecutesPastAGap":              {Leaders: 1, Acceptors: 3, Slots: 2, Bug: multipaxos.BugExecuteOutOfOrder},
	"TestSkipRecoveryAfterTheLeaderIsDoneToo":            {Leaders: 2, Acceptors: 3, Slots: 2, Bug: multipaxos.BugSkipRecovery},
	"TestExecuteOutOfOrderAfterALeaderChangeToo":         {Leaders: 2, Acceptors: 3, Slots: 2, Bug: multipaxos.BugExecuteOutOfOrder},
	"TestStopAtGapOverwritesACommandPastAnEmptySlot":     {Leaders: 2, Acceptors: 3, Slots: 2, Faults: actor.Faults{Drops: 1}, Bug: multipaxos.BugStopAtGap},
	"TestLastVoteOnlyHidesAChosenCommandOfAnEarlierSlot": {Leaders: 2, Acceptors: 3, Slots: 2, Bug: multipaxos.BugLastVoteOnly},
	"TestSharedAcksCommitsACommandOneAcceptorAccepted":   {Leaders: 1, Acceptors: 3, Slots: 2, Bug: multipaxos.BugSharedAcks},
}

// Phase 1 recovers every slot a promise reports, gaps included. A new leader that stops at
// the first slot no promise reports puts its own command over one accepted (and chosen) in a
// later slot, whose predecessor's accept was lost.
func TestStopAtGapOverwritesACommandPastAnEmptySlot(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, multipaxos.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "Agreement").Path
	drops := 0
	for _, st := range path.Steps {
		if st.Action.Kind == model.ActionDrop {
			drops++
		}
	}
	assert.Equal(t, 1, drops, "the gap is a lost accept")
}

// Phase 1b of Multi-Paxos reports an accepted proposal per slot. An acceptor that keeps only
// the proposal it accepted last — one instance's worth, as in single-decree Paxos — hides the
// command chosen in the other slot from the standby, which fills that slot with NoOp or its
// own command. With one slot (or
// one leader) the bug is harmless: exhaustively, nothing breaks.
func TestLastVoteOnlyHidesAChosenCommandOfAnEarlierSlot(t *testing.T) {
	for _, cfg := range []multipaxos.Config{
		{Leaders: 2, Acceptors: 3, Slots: 1, Bug: multipaxos.BugLastVoteOnly},
		{Leaders: 1, Acceptors: 3, Slots: 2, Bug: multipaxos.BugLastVoteOnly},
	} {
		res, err := explore.Run(context.Background(), actortest.System(t, multipaxos.New, cfg), explore.Options{})
		require.NoError(t, err)
		assert.True(t, res.Exhaustive)
		assert.Empty(t, res.Violations, "leaders %d slots %d", cfg.Leaders, cfg.Slots)
	}
	res := distcheck.Check(t, actortest.System(t, multipaxos.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"))
	if res == nil {
		return
	}
	chosen := multipaxos.Chosen(distcheck.Violation(t, res, "Agreement").Path.Last())
	assert.True(t, len(chosen[0]) > 1 || len(chosen[1]) > 1, "a slot has two commands chosen: %v", chosen)
}

// A slot's command is chosen once a majority accepted it in that slot. A leader that keeps one
// set of acceptances for all slots commits a command only one acceptor accepted; with one slot
// the sets are the same (exhaustively, nothing breaks, a leader change included).
func TestSharedAcksCommitsACommandOneAcceptorAccepted(t *testing.T) {
	one := multipaxos.Config{Leaders: 2, Acceptors: 3, Slots: 1, Faults: actor.Faults{Drops: 1}, Bug: multipaxos.BugSharedAcks}
	res, err := explore.Run(context.Background(), actortest.System(t, multipaxos.New, one), explore.Options{})
	require.NoError(t, err)
	assert.True(t, res.Exhaustive)
	assert.Empty(t, res.Violations)
	distcheck.Check(t, actortest.System(t, multipaxos.New, saved[t.Name()]), distcheck.ExpectViolation("CommitsChosen"))
}

// A stable leader fills the log, and every replica executes it in order.
func TestAStableLeaderFillsTheLog(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, multipaxos.New, multipaxos.Config{Leaders: 1, Acceptors: 3, Slots: 3}), distcheck.CollectAll())
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// A change of leader keeps every chosen command in its slot, when the standby takes over
// after the leader is done, after a lost message, or after a crash — exhaustively.
func TestALeaderChangeKeepsTheChosenLog(t *testing.T) {
	for _, f := range []actor.Faults{{}, {Drops: 1}, {Crashes: 1, LoseWhileDown: true}} {
		t.Run(fmt.Sprintf("drops=%d,crashes=%d", f.Drops, f.Crashes), func(t *testing.T) {
			cfg := smallest
			cfg.Faults = f
			res := distcheck.Check(t, actortest.System(t, multipaxos.New, cfg), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Random walks among five acceptors and three slots, with the standby taking over at any
// moment, crashes and recoveries, a lost and a duplicated message.
func TestRandomWalksAmongFiveAcceptors(t *testing.T) {
	cfg := multipaxos.Config{Leaders: 2, Acceptors: 5, Slots: 3, Asynchronous: true,
		Faults: actor.Faults{Crashes: 2, Recoveries: 2, Drops: 1, Duplicates: 1}}
	res := distcheck.Check(t, actortest.System(t, multipaxos.New, cfg), distcheck.Strategy(explore.Random), distcheck.Walks(10_000),
		distcheck.MaxDepth(60), distcheck.InShort(distcheck.Walks(1_000)))
	require.NotNil(t, res)
	assert.Equal(t, explore.StopComplete, res.Stopped)
}

// A new leader that skips recovery overwrites a chosen command. In the counterexample p0 has
// "b" accepted in slot 2 by a0 and a1 — chosen, with slot 1 still a hole; the standby p1 takes
// over with promises from the same two, which report 1:b in slot 2, and proposes its own "y"
// there anyway. (A correct leader proposes NoOp in slot 1 and "b" in slot 2.)
func TestSkipRecoveryOverwritesAChosenCommand(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, multipaxos.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"))
	if res == nil {
		return // replaying a counterexample given by -distcheck.replay
	}
	v, ok := res.Violation("Agreement")
	require.True(t, ok)
	assert.Equal(t, 13, v.Path.Len())
	assert.Equal(t, []multipaxos.Command{"b", "y"}, multipaxos.Chosen(v.Path.Last())[1])
}

// The same bug, when the standby takes over only once the leader is done: the whole log is
// chosen, committed and executed, and the new leader overwrites both slots.
func TestSkipRecoveryAfterTheLeaderIsDoneToo(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, multipaxos.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"))
	if res == nil {
		return
	}
	v, ok := res.Violation("Agreement")
	require.True(t, ok)
	assert.Equal(t, 27, v.Path.Len())
}

// A replica that executes commands as soon as they are committed executes past a gap: the
// commit of slot 2 overtakes that of slot 1.
func TestExecuteOutOfOrderExecutesPastAGap(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, multipaxos.New, saved[t.Name()]), distcheck.ExpectViolation("ExecutedPrefix"))
	if res == nil {
		return
	}
	v, ok := res.Violation("ExecutedPrefix")
	require.True(t, ok)
	assert.Equal(t, 9, v.Path.Len())
	last := v.Path.Last()
	var executed [][]multipaxos.Command
	for i := range 3 {
		executed = append(executed, actor.NodeAs[*multipaxos.Acceptor](last, model.NodeID(1+i)).Executed)
	}
	assert.Contains(t, executed, []multipaxos.Command{"b"}, "a replica executed slot 2 first")
}

// With a standby, the same.
func TestExecuteOutOfOrderAfterALeaderChangeToo(t *testing.T) {
	distcheck.Check(t, actortest.System(t, multipaxos.New, saved[t.Name()]), distcheck.ExpectViolation("ExecutedPrefix"))
}

// Each bug needs what it breaks: skip-recovery a second leader, execute-out-of-order two
// slots, stop-at-gap both.
func TestBugsNeedWhatTheyBreak(t *testing.T) {
	for _, cfg := range []multipaxos.Config{
		{Leaders: 1, Acceptors: 3, Slots: 2, Bug: multipaxos.BugSkipRecovery},
		{Leaders: 2, Acceptors: 3, Slots: 1, Bug: multipaxos.BugExecuteOutOfOrder},
		{Leaders: 2, Acceptors: 3, Slots: 1, Faults: actor.Faults{Drops: 2}, Bug: multipaxos.BugStopAtGap},
		{Leaders: 1, Acceptors: 3, Slots: 2, Faults: actor.Faults{Drops: 2}, Bug: multipaxos.BugStopAtGap},
	} {
		t.Run(string(cfg.Bug), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, multipaxos.New, cfg))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Random walks find skip-recovery among five acceptors too.
func TestRandomWalksFindSkipRecovery(t *testing.T) {
	cfg := multipaxos.Config{Leaders: 2, Acceptors: 5, Slots: 3, Asynchronous: true, Bug: multipaxos.BugSkipRecovery,
		Faults: actor.Faults{Crashes: 2, Recoveries: 2, Drops: 1, Duplicates: 1}}
	res, err := explore.Run(context.Background(), actortest.System(t, multipaxos.New, cfg), explore.Options{Strategy: explore.Random, Walks: 10_000, MaxDepth: 60, Time: time.Minute})
	require.NoError(t, err)
	_, ok := res.Violation("Agreement")
	assert.True(t, ok)
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, multipaxos.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]multipaxos.Config{
		"multipaxos: leaders is 3, want 1 to 2":   {Leaders: 3, Acceptors: 3, Slots: 2},
		"multipaxos: acceptors is 0, want 1 to 5": {Leaders: 1, Slots: 2},
		"multipaxos: slots is 4, want 1 to 3":     {Leaders: 1, Acceptors: 3, Slots: 4},
		`multipaxos: unknown bug "nope"`:          {Leaders: 1, Acceptors: 3, Slots: 2, Bug: "nope"},
		"multipaxos: faults: Crashes is -1":       {Leaders: 1, Acceptors: 3, Slots: 2, Faults: actor.Faults{Crashes: -1}},
	} {
		_, err := multipaxos.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

// Build makes a system of any roles, and names a node it cannot use: a nil one, or an
// acceptor the properties cannot read.
func TestBuildNamesANodeItCannotUse(t *testing.T) {
	own := multipaxos.OwnRoles(bugs.None)
	nilLeader := own
	nilLeader.Leader = func(c multipaxos.LeaderConfig) actor.Node {
		if c.Index == 1 {
			return nil
		}
		return own.Leader(c)
	}
	_, err := actor.Validated(smallest.Build("mine", nilLeader))
	assert.EqualError(t, err, "system mine: node p1 is nil")

	notReplica := own
	notReplica.Acceptor = func(c multipaxos.AcceptorConfig) actor.Node {
		return multipaxos.NewLeader(multipaxos.LeaderConfig{}, "")
	}
	_, err = smallest.Build("mine", notReplica)
	assert.ErrorContains(t, err, "mine: the a0 made (*multipaxos.Leader) does not implement multipaxos.Replica")

	_, err = multipaxos.Config{Leaders: 3, Acceptors: 3, Slots: 2}.Build("mine", own)
	assert.ErrorContains(t, err, "leaders is 3")

	sys, err := smallest.Build("mine", own)
	require.NoError(t, err)
	assert.Equal(t, "mine", sys.Protocol)
	assert.Equal(t, []string{"p0", "p1", "a0", "a1", "a2"}, sys.Names)
	require.NoError(t, sys.Validate())
}

// replica is a Replica whose vote history is in no order and repeats itself, as a student's
// may.
type replica struct {
	multipaxos.Acceptor
	Votes []multipaxos.Vote
}

func (r *replica) VoteHistory() []multipaxos.Vote { return r.Votes }

// A command is chosen when a majority of acceptors voted for it at one ballot; an acceptor's
// vote counts once, however often its history repeats it, and in whatever order.
func TestChosenCountsEachAcceptorOnce(t *testing.T) {
	b1 := multipaxos.Vote{Slot: 1, Ballot: 1, Command: "a"}
	b2 := multipaxos.Vote{Slot: 2, Ballot: 1, Command: "b"}
	x2 := multipaxos.Vote{Slot: 2, Ballot: 2, Command: "x"}
	for name, c := range map[string]struct {
		votes [3][]multipaxos.Vote
		want  [][]multipaxos.Command
	}{
		"a repeated vote counts once": {[3][]multipaxos.Vote{{b2, b1, b2}, {}, {}}, [][]multipaxos.Command{nil, nil}},
		"a majority chooses":          {[3][]multipaxos.Vote{{b2, b1}, {b1}, {}}, [][]multipaxos.Command{{"a"}, nil}},
		"two ballots in a slot":       {[3][]multipaxos.Vote{{x2, b2}, {b2}, {x2}}, [][]multipaxos.Command{nil, {"b", "x"}}},
	} {
		t.Run(name, func(t *testing.T) {
			var nodes []actor.Node
			for _, v := range c.votes {
				nodes = append(nodes, &replica{Votes: v})
			}
			sys := &actor.System{Nodes: nodes}
			states := 0
			sys.Init(func(s *actor.State) {
				states++
				assert.Equal(t, c.want, multipaxos.Chosen(s))
			})
			assert.Equal(t, 1, states)
		})
	}
}

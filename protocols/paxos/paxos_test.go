package paxos_test

import (
	"context"
	"testing"
	"time"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallest is the smallest interesting configuration: two proposers, so that ballots compete,
// three acceptors, so that majorities overlap in one, a learner, and one round each.
var smallest = paxos.Config{Proposers: 2, Acceptors: 3, Learners: 1, Rounds: 1}

func with(c paxos.Config, f actor.Faults, bug bugs.Bug) paxos.Config {
	c.Faults, c.Bug = f, bug
	return c
}

// The configurations whose counterexamples are saved, by test.
var saved = map[string]paxos.Config{
	"TestForgetPromiseChoosesTwoValuesAfterARecovery": with(smallest, actor.Faults{Crashes: 1, Recoveries: 1}, paxos.BugForgetPromise),
	"TestIgnoreAcceptedOverwritesAChosenValue":        with(smallest, actor.Faults{}, paxos.BugIgnoreAccepted),
	"TestSharedBallotLetsTwoProposersWinOneBallot":    with(smallest, actor.Faults{}, paxos.BugSharedBallot),
}

// agreementViolation returns the counterexample of Agreement in res, after checking that its
// last state has both proposers' values chosen. It reports false when Check ran no search
// (it replayed one counterexample, given by -distcheck.replay).
func agreementViolation(t *testing.T, res *explore.Result[*actor.State]) (explore.Path[*actor.State], bool) {
	t.Helper()
	if res == nil {
		return explore.Path[*actor.State]{}, false
	}
	v, ok := res.Violation("Agreement")
	require.True(t, ok, "Agreement is not violated")
	assert.Equal(t, []paxos.Value{"a", "b"}, paxos.Chosen(v.Path.Last()))
	return v.Path, true
}

// Without faults, every interleaving of two proposers' rounds chooses at most one value, and
// some choose one.
func TestPaxosAgreesUnderAsynchrony(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, paxos.New, smallest), distcheck.CollectAll())
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// The same with a single proposer and five acceptors: a stable proposer always gets its value
// chosen on some path.
func TestPaxosWithOneProposerAndFiveAcceptors(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, paxos.New, paxos.Config{Proposers: 1, Acceptors: 5, Learners: 1, Rounds: 1}), distcheck.CollectAll())
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// Crash-recovery: an acceptor that forgets its promise in a crash accepts a proposal it had
// promised to refuse. The counterexample: a0 promises p0's ballot 1 and then p1's ballot 2;
// p0 gets a1's promise too and has a1 accept 1:"a"; p1 gets a2's, with nothing accepted, and
// has a0 and a2 accept 2:"b" — "b" is chosen. Then a0 crashes and recovers, having forgotten
// that it promised 2, and accepts p0's old accept request 1:"a" — with a1, "a" is chosen too.
func TestForgetPromiseChoosesTwoValuesAfterARecovery(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, paxos.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"))
	path, ok := agreementViolation(t, res)
	if !ok {
		return
	}
	assert.Equal(t, 14, path.Len())
	var crashed, recovered []model.NodeID
	for _, st := range path.Steps {
		switch st.Action.Kind {
		case model.ActionCrash:
			crashed = append(crashed, st.Action.Node)
		case model.ActionRecover:
			recovered = append(recovered, st.Action.Node)
		}
	}
	require.Len(t, crashed, 1)
	assert.Equal(t, crashed, recovered, "the same acceptor crashes and recovers")
	assert.Contains(t, smallest.AcceptorIDs(), crashed[0])
}

// A forgotten promise does no harm while no acceptor comes back.
func TestForgetPromiseHoldsWithoutRecoveries(t *testing.T) {
	if testing.Short() {
		t.Skip("explores 126,000 states")
	}
	res := distcheck.Check(t, actortest.System(t, paxos.New, with(smallest, actor.Faults{Crashes: 1}, paxos.BugForgetPromise)))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// A proposer that ignores the accepted proposal its promises report overwrites a chosen value:
// p0 gets "a" chosen in ballot 1 by a0 and a1; p1's ballot 2 is promised by a1 — which reports
// 1:"a" — and a2, and p1 proposes "b" anyway.
func TestIgnoreAcceptedOverwritesAChosenValue(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, paxos.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"))
	path, ok := agreementViolation(t, res)
	if !ok {
		return
	}
	assert.Equal(t, 12, path.Len())
	reported := false
	for _, st := range path.Steps {
		if p, ok := st.Action.Msg.(paxos.Promise); ok && st.Action.Kind == model.ActionDeliver && p.AcceptedBallot != 0 {
			reported = true
			assert.Equal(t, paxos.Value("a"), p.AcceptedValue)
		}
	}
	assert.True(t, reported, "a promise reported the accepted proposal")
}

// Two proposers that number their rounds alike both collect a majority of promises for
// ballot 1, sharing the acceptor in the middle, and each has its own value accepted in it.
func TestSharedBallotLetsTwoProposersWinOneBallot(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, paxos.New, saved[t.Name()]), distcheck.ExpectViolation("Agreement"))
	path, ok := agreementViolation(t, res)
	if !ok {
		return
	}
	assert.Equal(t, 12, path.Len())
	last := path.Last()
	for _, p := range smallest.ProposerIDs() {
		n := actor.NodeAs[*paxos.Proposer](last, p)
		assert.Equal(t, paxos.Ballot(1), n.Ballot)
		assert.Equal(t, paxos.Accepting, n.Phase)
	}
}

// The proposers' bugs need a second proposer: alone, a proposer's value is the only one.
func TestProposerBugsHoldWithOneProposer(t *testing.T) {
	for _, bug := range []bugs.Bug{paxos.BugIgnoreAccepted, paxos.BugSharedBallot} {
		t.Run(string(bug), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, paxos.New, paxos.Config{Proposers: 1, Acceptors: 3, Learners: 1, Rounds: 2, Bug: bug}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Random walks find the proposers' bugs among five acceptors too, with retries, crashes and
// lost and duplicated messages — the longer traces that random search gives.
func TestRandomWalksFindTheProposerBugsAmongFiveAcceptors(t *testing.T) {
	for _, bug := range []bugs.Bug{paxos.BugIgnoreAccepted, paxos.BugSharedBallot} {
		t.Run(string(bug), func(t *testing.T) {
			cfg := paxos.Config{Proposers: 2, Acceptors: 5, Learners: 1, Rounds: 2, Bug: bug,
				Faults: actor.Faults{Crashes: 1, Recoveries: 1, Drops: 1, Duplicates: 1}}
			res, err := runRandom(actortest.System(t, paxos.New, cfg), 10_000)
			require.NoError(t, err)
			_, ok := res.Violation("Agreement")
			assert.True(t, ok, "random walks find no violation in %d walks", res.Walks)
		})
	}
}

func runRandom(sys *actor.System, walks int64) (*explore.Result[*actor.State], error) {
	return explore.Run(context.Background(), sys, explore.Options{Strategy: explore.Random, Walks: walks, MaxDepth: 60, Time: time.Minute})
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, paxos.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]paxos.Config{
		"paxos: proposers is 0, want 1 to 5": {Acceptors: 3, Learners: 1, Rounds: 1},
		"paxos: acceptors is 8, want 1 to 7": {Proposers: 1, Acceptors: 8, Learners: 1, Rounds: 1},
		"paxos: learners is 0, want 1 to 3":  {Proposers: 1, Acceptors: 3, Rounds: 1},
		"paxos: rounds is 9, want 1 to 4":    {Proposers: 1, Acceptors: 3, Learners: 1, Rounds: 9},
		`paxos: unknown bug "nope"`:          {Proposers: 1, Acceptors: 3, Learners: 1, Rounds: 1, Bug: "nope"},
		"paxos: faults: Drops is -1":         {Proposers: 1, Acceptors: 3, Learners: 1, Rounds: 1, Faults: actor.Faults{Drops: -1}},
	} {
		_, err := paxos.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

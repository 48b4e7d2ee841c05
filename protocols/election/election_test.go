package election_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/election"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// twoLeaders returns the path of the AtMostOneLeader violation in res.
func twoLeaders(t *testing.T, res *explore.Result[*actor.State]) explore.Path[*actor.State] {
	t.Helper()
	require.NotNil(t, res)
	require.Len(t, res.Violations, 1)
	require.Equal(t, "AtMostOneLeader", res.Violations[0].Property)
	return res.Violations[0].Path
}

func faultName(f actor.Faults) string {
	return fmt.Sprintf("crashes=%d,recoveries=%d,partitions=%d,one-way=%t", f.Crashes, f.Recoveries, f.Partitions, f.OneWay)
}

// Majority vote elects at most one leader whatever the timing, with crashes, recoveries and
// partitions, and does elect one on some path.
func TestMajorityVoteElectsAtMostOneLeader(t *testing.T) {
	for _, f := range []actor.Faults{
		{},
		{Crashes: 1},
		{Crashes: 1, Recoveries: 1},
		{Crashes: 2, Recoveries: 2},
		{Partitions: 1},
		{Partitions: 1, OneWay: true},
		{Partitions: 2, Crashes: 1, Recoveries: 1},
	} {
		t.Run(faultName(f), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, election.New, election.Config{Nodes: 3, Faults: f}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// With four nodes a majority is three: two halves of the nodes cannot both win.
func TestMajorityVoteWithAnEvenNumberOfNodes(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, election.New, election.Config{Nodes: 4}))
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// A forgotten vote does no harm while no node comes back: without crashes, and with nodes
// that crash for good, forgetful voters elect at most one leader.
func TestForgetVoteHoldsWithoutRecoveries(t *testing.T) {
	for _, f := range []actor.Faults{{}, {Crashes: 1}} {
		t.Run(faultName(f), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, election.New, election.Config{Nodes: 3, Faults: f, Bug: election.BugForgetVote}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Crash-recovery: a node that forgets its vote in a crash votes again, for another
// candidate, and both candidates win. The counterexample crashes and recovers that node once,
// and both leaders count its vote.
func TestForgetVoteElectsTwoLeadersAfterARecovery(t *testing.T) {
	sys := actortest.System(t, election.New, election.Config{Nodes: 3, Faults: actor.Faults{Crashes: 1, Recoveries: 1}, Bug: election.BugForgetVote})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("AtMostOneLeader"), distcheck.Workers(1))
	path := twoLeaders(t, res)
	k := path.Kinds()
	assert.Equal(t, 1, k[model.ActionCrash])
	assert.Equal(t, 1, k[model.ActionRecover])
	var crashed, recovered model.NodeID = -1, -2
	for _, st := range path.Steps {
		switch st.Action.Kind {
		case model.ActionCrash:
			crashed = st.Action.Node
		case model.ActionRecover:
			recovered = st.Action.Node
		}
	}
	assert.Equal(t, crashed, recovered)
	last := path.Last()
	leaders := election.Leaders(last)
	require.Len(t, leaders, 2)
	for _, l := range leaders {
		sup := last.Node(l).(interface{ Supporters() []model.NodeID }).Supporters()
		assert.Contains(t, sup, crashed, "leader %d counts the vote of the node that forgot it", l)
	}
}

// Timing is enough to elect one leader when every message arrives before a timeout: only the
// highest node leads.
func TestNoQuorumHoldsOnAConnectedNetwork(t *testing.T) {
	sys := actortest.System(t, election.New, election.Config{Nodes: 3, Bug: election.BugNoQuorum})
	res := distcheck.Check(t, sys)
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// A partition that holds back the highest node's Alive lets a lower node time out and lead
// beside it, whether the split cuts both directions or only the highest node's outgoing links.
func TestNoQuorumElectsTwoLeadersInAPartition(t *testing.T) {
	for _, c := range []struct {
		name   string
		oneWay bool
	}{{"symmetric", false}, {"one-way", true}} {
		t.Run(c.name, func(t *testing.T) {
			f := actor.Faults{Partitions: 1, OneWay: c.oneWay}
			sys := actortest.System(t, election.New, election.Config{Nodes: 3, Faults: f, Bug: election.BugNoQuorum})
			res := distcheck.Check(t, sys, distcheck.ExpectViolation("AtMostOneLeader"), distcheck.Workers(1))
			path := twoLeaders(t, res)
			assert.Equal(t, 1, path.Kinds()[model.ActionPartition])
			assert.Zero(t, path.Kinds()[model.ActionHeal], "the network is still split")
			leaders := election.Leaders(path.Last())
			require.Len(t, leaders, 2)
			assert.Contains(t, leaders, model.NodeID(2), "the highest node leads")
			other := leaders[0]
			split, ok := path.Last().Partitioned()
			require.True(t, ok)
			assert.Equal(t, c.oneWay, split.OneWay)
			highCut, otherCut := slices.Contains(split.Group, 2), slices.Contains(split.Group, other)
			if c.oneWay {
				assert.True(t, highCut && !otherCut, "the highest node cannot send to %d", other)
			} else {
				assert.NotEqual(t, highCut, otherCut, "the highest node and %d are on different sides", other)
			}
		})
	}
}

// The saved counterexamples replay: two leaders at the end of each.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for _, c := range []struct {
		test string
		cfg  election.Config
	}{
		{"TestForgetVoteElectsTwoLeadersAfterARecovery", election.Config{Faults: actor.Faults{Crashes: 1, Recoveries: 1}, Bug: election.BugForgetVote}},
		{"TestNoQuorumElectsTwoLeadersInAPartition/symmetric", election.Config{Faults: actor.Faults{Partitions: 1}, Bug: election.BugNoQuorum}},
		{"TestNoQuorumElectsTwoLeadersInAPartition/one-way", election.Config{Faults: actor.Faults{Partitions: 1, OneWay: true}, Bug: election.BugNoQuorum}},
	} {
		traces, paths, err := counterexamples.LoadDir(filepath.Join(distcheck.DefaultTraceDir, c.test))
		require.NoError(t, err)
		require.NotEmpty(t, traces, "%s saves one", c.test)
		c.cfg.Nodes = 3
		for i, tr := range traces {
			r, err := counterexamples.Replay(actortest.System(t, election.New, c.cfg), tr)
			require.NoError(t, err, paths[i])
			assert.True(t, r.Reproduced, "%s: %s", paths[i], r.Detail)
			assert.Len(t, election.Leaders(r.Path.Last()), 2, paths[i])
		}
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]election.Config{
		"election: nodes is 0, want at least 2":                        {},
		"election: nodes is 1, want at least 2":                        {Nodes: 1},
		`election: unknown bug "nope" (known: forget-vote, no-quorum)`: {Nodes: 3, Bug: "nope"},
		"election: faults: Partitions is -1, want ≥ 0":                 {Nodes: 3, Faults: actor.Faults{Partitions: -1}},
	} {
		_, err := election.New(cfg)
		assert.EqualError(t, err, want)
	}
	// The system itself checks what New does not: here, a split naming a node it lacks.
	sys := actortest.System(t, election.New, election.Config{Nodes: 3, Faults: actor.Faults{Partitions: 1, Splits: [][]model.NodeID{{5}}}})
	assert.ErrorContains(t, sys.Validate(), "split 0 names unknown node 5")
}

package pbft_test

import (
	"context"
	"slices"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/pbft"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The adversaries of the tests.
var (
	equivocating = adversary.Config{Byzantine: 1, Behavior: actor.Equivocate}
	corrupting   = adversary.Config{Byzantine: 1, Behavior: actor.Corrupt}
	silent       = adversary.Config{Byzantine: 1, Behavior: actor.Silent}
)

// The configurations whose counterexamples are saved, by test.
var saved = map[string]pbft.Config{
	"TestThreeReplicasDoNotTolerateAnEquivocatingPrimary": {Replicas: 3, F: 1, Adversary: equivocating},
	"TestNoDigestCheckCommitsTwoRequestsInOneView":        {Replicas: 4, F: 1, Adversary: equivocating, Bug: pbft.BugNoDigestCheck},
	"TestPrepared2fCarriesTheWrongRequestIntoTheNextView": {Replicas: 4, F: 1, Views: 1, Adversary: equivocating, Bug: pbft.BugPrepared2f},
}

// agreementViolation returns the counterexample of Agreement in res after checking that its
// last state has correct replicas that committed both requests. It reports false when Check ran
// no search (it replayed one counterexample, given by -distcheck.replay).
func agreementViolation(t *testing.T, cfg pbft.Config, res *explore.Result[*actor.State]) (explore.Path[*actor.State], bool) {
	t.Helper()
	if res == nil {
		return explore.Path[*actor.State]{}, false
	}
	v, ok := res.Violation("Agreement")
	require.True(t, ok, "Agreement is not violated")
	sys := actortest.System(t, pbft.New, cfg)
	honest := adversary.Honest(cfg.Replicas, sys.Byzantine)
	assert.Equal(t, []pbft.Request{pbft.ClientRequest, pbft.OtherRequest}, pbft.Committed(v.Path.Last(), honest))
	return v.Path, true
}

// assertHolds explores cfg exhaustively and checks that every property holds.
func assertHolds(t *testing.T, cfg pbft.Config) {
	t.Helper()
	res, err := explore.Run(context.Background(), actortest.System(t, pbft.New, cfg), explore.Options{CollectAll: true})
	require.NoError(t, err)
	assert.True(t, res.Exhaustive)
	assert.Empty(t, res.Violations)
}

// With n = 3f+1 = 4 the correct replicas agree, whatever one Byzantine primary does with its
// messages in the normal case: equivocate (a different pre-prepare, prepare or commit to each
// replica; that search is TestEquivocatingPrimaryAllocationsPerState's, which also counts its
// allocations) or corrupt them. Every reachable state is checked.
func TestFourReplicasAgreeDespiteAByzantinePrimary(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, pbft.New, pbft.Config{Replicas: 4, F: 1, Adversary: corrupting}), distcheck.CollectAll())
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// committedInViewOne is true when every correct replica listed is in view 1 and has committed
// the client's request: the view change happened and the protocol went on.
func committedInViewOne(replicas []model.NodeID) model.Property[*actor.State] {
	return properties.Sometimes("CommittedInViewOne", func(s *actor.State) bool {
		for _, id := range replicas {
			r := actor.NodeAs[*pbft.Replica](s, id)
			if r.View != 1 || !slices.Contains(r.CommittedRequests(), pbft.ClientRequest) {
				return false
			}
		}
		return true
	})
}

// A corrupting backup cannot make the correct replicas disagree: it changes the request of its
// prepares and commits, and hides the certificate of its view change. The primary may crash,
// so that the correct backups, short of a commit quorum, time out and start a view change
// (Sometimes ViewChangeStarted). The new view does not complete here: with the primary down and
// the corrupting backup committed in view 0, two replicas are faulty, one more than f; the test
// with a silent primary shows a complete view change.
func TestFourReplicasAgreeDespiteACorruptingBackupAndACrash(t *testing.T) {
	cfg := pbft.Config{Replicas: 4, F: 1, Views: 1, Adversary: corrupting, Faulty: pbft.FaultyBackups,
		Faults: actor.Faults{Crashes: 1}}
	sys := actortest.System(t, pbft.New, cfg)
	sys.Props = append(sys.Props, properties.Sometimes("ViewChangeStarted", func(s *actor.State) bool {
		for _, id := range []model.NodeID{1, 2} {
			if r := actor.NodeAs[*pbft.Replica](s, id); r.View == 0 || !r.Changing {
				return false
			}
		}
		return true
	}))
	res := distcheck.Check(t, sys, distcheck.CollectAll())
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// A silent primary sends nothing: the backups time out, change view, and the new primary gets
// the client's request committed. Agreement holds in every state, and some state has the
// request committed by every correct replica in view 1.
func TestAViewChangeReplacesASilentPrimary(t *testing.T) {
	cfg := pbft.Config{Replicas: 4, F: 1, Views: 1, Adversary: silent}
	sys := actortest.System(t, pbft.New, cfg)
	sys.Props = append(sys.Props, committedInViewOne(adversary.Honest(cfg.Replicas, sys.Byzantine)))
	res := distcheck.Check(t, sys, distcheck.CollectAll())
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// With n = 3f = 3 an equivocating primary splits the two backups: each is prepared with the
// primary's pre-prepare and its own prepare (a quorum of n−f = 2 holds just the two of them),
// and the primary's commits complete both quorums.
func TestThreeReplicasDoNotTolerateAnEquivocatingPrimary(t *testing.T) {
	cfg := saved[t.Name()]
	res := distcheck.Check(t, actortest.System(t, pbft.New, cfg), distcheck.ExpectViolation("Agreement"))
	if _, ok := agreementViolation(t, cfg, res); !ok {
		return
	}
	// The same replicas and adversary with a quorum of all three are safe.
	safe := cfg
	safe.F = 0
	assertHolds(t, safe)
}

// Counting prepares and commits without checking their request lets the equivocating primary
// have r committed at one backup and x at another, in view 0.
func TestNoDigestCheckCommitsTwoRequestsInOneView(t *testing.T) {
	cfg := saved[t.Name()]
	res := distcheck.Check(t, actortest.System(t, pbft.New, cfg), distcheck.ExpectViolation("Agreement"))
	path, ok := agreementViolation(t, cfg, res)
	if !ok {
		return
	}
	for _, st := range path.Steps {
		assert.NotEqual(t, model.ActionTimeout, st.Action.Kind, "no view change is needed")
	}
}

// A prepared certificate of 2f matching messages lets an equivocating primary get both
// requests prepared in view 0; the replicas prepared with x carry it into view 1 over the r
// that others committed in view 0.
func TestPrepared2fCarriesTheWrongRequestIntoTheNextView(t *testing.T) {
	cfg := saved[t.Name()]
	res := distcheck.Check(t, actortest.System(t, pbft.New, cfg), distcheck.ExpectViolation("Agreement"))
	path, ok := agreementViolation(t, cfg, res)
	if !ok {
		return
	}
	newView := slices.ContainsFunc(path.Steps, func(st explore.Step[*actor.State]) bool {
		_, ok := st.Action.Msg.(pbft.NewView)
		return ok && st.Action.Kind == model.ActionDeliver
	})
	assert.True(t, newView, "the second request is committed after a new view")
	// Without a view change, the small certificate does no harm.
	noViewChange := cfg
	noViewChange.Views = 0
	assertHolds(t, noViewChange)
}

// Random walks with five replicas, one of them an equivocating primary, and a view change that
// may start at any moment, find no disagreement in 10,000 walks (1,000 under -short).
func TestRandomWalksAmongFiveReplicas(t *testing.T) {
	cfg := pbft.Config{Replicas: 5, F: 1, Views: 1, Asynchronous: true, Adversary: equivocating}
	res := distcheck.Check(t, actortest.System(t, pbft.New, cfg), distcheck.Strategy(explore.Random), distcheck.Walks(10_000),
		distcheck.MaxDepth(80), distcheck.InShort(distcheck.Walks(1_000)))
	require.NotNil(t, res)
	assert.Equal(t, explore.StopComplete, res.Stopped)
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, pbft.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]pbft.Config{
		"pbft: replicas is 0, want 1 to 7":   {},
		"pbft: f is 4, want 0 to 3":          {Replicas: 4, F: 4},
		"pbft: views is 4, want 0 to 3":      {Replicas: 4, F: 1, Views: 4},
		"pbft: faulty is 4":                  {Replicas: 4, F: 1, Faulty: 4},
		`pbft: unknown bug "nope"`:           {Replicas: 4, F: 1, Bug: "nope"},
		"pbft: faults: Drops is -1":          {Replicas: 4, F: 1, Faults: actor.Faults{Drops: -1}},
		"pbft: byzantine: 5 Byzantine nodes": {Replicas: 4, F: 1, Adversary: adversary.Config{Byzantine: 5}},
	} {
		_, err := pbft.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

type idle struct{}

func (*idle) Init(actor.Context)                                {}
func (*idle) Handle(actor.Context, model.NodeID, actor.Message) {}
func (*idle) Timeout(actor.Context, actor.Timer)                {}

// Build makes a system of anyone's replicas, named as asked, and reports a replica that is nil
// or does not report its commits.
func TestBuildTakesAnyonesReplicas(t *testing.T) {
	cfg := pbft.Config{Replicas: 4, F: 1}
	sys, err := cfg.Build("mine", func(c pbft.ReplicaConfig) actor.Node { return pbft.NewReplica(c) })
	require.NoError(t, err)
	assert.Equal(t, "mine", sys.Protocol)
	assert.Equal(t, []string{"r0", "r1", "r2", "r3"}, sys.Names)

	_, err = actor.Validated(cfg.Build("mine", func(pbft.ReplicaConfig) actor.Node { return nil }))
	assert.EqualError(t, err, "system mine: node r0 is nil")
	_, err = actor.Validated(cfg.Build("mine", func(pbft.ReplicaConfig) actor.Node { return (*pbft.Replica)(nil) }))
	assert.EqualError(t, err, "system mine: node r0 is nil")
	_, err = cfg.Build("mine", func(pbft.ReplicaConfig) actor.Node { return &idle{} })
	assert.ErrorContains(t, err, "mine: the replica r0 made, a *pbft_test.idle, has no method CommittedRequests() []pbft.Request")
	_, err = pbft.Config{}.Build("mine", func(pbft.ReplicaConfig) actor.Node { return &idle{} })
	assert.EqualError(t, err, "pbft: replicas is 0, want 1 to 7")
}

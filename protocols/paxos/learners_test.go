package paxos_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/paxos"
)

// Learners of another implementation (Roles.Learner): the properties judge which values are
// chosen on the votes they are told of, and which are learned on what they report.

// eager learns the value of every vote it hears of, without waiting for a majority; Boots
// counts its starts across crashes, Runs within one.
type eager struct {
	Learned []paxos.Value `distcheck:"durable"`
	Boots   int           `distcheck:"durable"`
	Runs    int
	learn   bool `distcheck:"-"`
}

func (l *eager) Init(actor.Context) { l.Boots, l.Runs = l.Boots+1, l.Runs+1 }
func (l *eager) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) {
	if m, ok := msg.(paxos.Accepted); ok && l.learn && len(l.Learned) == 0 {
		l.Learned = append(l.Learned, m.Value)
	}
}
func (l *eager) Timeout(actor.Context, actor.Timer) {}
func (l *eager) LearnedValues() []paxos.Value       { return l.Learned }

func withLearner(learn bool) paxos.Roles {
	r := paxos.OwnRoles(bugs.None)
	r.Learner = func(paxos.LearnerConfig) paxos.LearnerNode { return &eager{learn: learn} }
	return r
}

func search(t *testing.T, cfg paxos.Config, r paxos.Roles, props ...model.Property[*actor.State]) *explore.Result[*actor.State] {
	t.Helper()
	sys, err := cfg.Build("paxos-learners", r)
	require.NoError(t, err)
	sys.Props = append(sys.Props, props...)
	res, err := explore.Run(context.Background(), sys, explore.Options{CollectAll: true})
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	return res
}

// A learner that learns a value not chosen breaks Agreement when another value is chosen.
func TestALearnerThatLearnsTooEarlyBreaksAgreement(t *testing.T) {
	res := search(t, smallest, withLearner(true))
	v, ok := res.Violation("Agreement")
	require.True(t, ok, "an eager learner learns a value that is not chosen")
	last := v.Path.Last()
	assert.Len(t, paxos.Learned(last), 1)
	assert.NotEqual(t, paxos.Learned(last), paxos.Chosen(last))
}

// A learner that learns nothing still lets the properties see the values chosen, from the
// votes it was told of; only Chosen, which asks for a value learned, fails.
func TestTheVotesALearnerHearsOfAreCountedWhateverItDoes(t *testing.T) {
	res := search(t, smallest, withLearner(false),
		properties.Sometimes("a value is chosen", func(s *actor.State) bool { return len(paxos.Chosen(s)) == 1 }))
	var failed []string
	for _, v := range res.Violations {
		failed = append(failed, v.Property)
	}
	assert.Equal(t, []string{"Chosen"}, failed)
}

// A learner that crashes comes back with its durable fields only, as a node the explorer runs
// itself does.
func TestALearnerRecoversWithItsDurableFields(t *testing.T) {
	cfg := paxos.Config{Proposers: 1, Acceptors: 1, Learners: 1, Rounds: 1, Faults: actor.Faults{Crashes: 1, Recoveries: 1}}
	res := search(t, cfg, withLearner(false),
		properties.Always("a run starts once", func(s *actor.State) bool { return boots(s).Runs == 1 }),
		properties.Sometimes("recovered", func(s *actor.State) bool { return boots(s).Boots == 2 }))
	require.Len(t, res.Violations, 1, "only Chosen fails, since the learner learns nothing")
	assert.Equal(t, "Chosen", res.Violations[0].Property)
}

// boots returns the eager learner of s, the last node.
func boots(s *actor.State) *eager {
	return paxos.Unwrap(s.Node(model.NodeID(s.NumNodes() - 1))).(*eager)
}

func TestANilLearnerIsAnError(t *testing.T) {
	r := paxos.OwnRoles(bugs.None)
	r.Learner = func(paxos.LearnerConfig) paxos.LearnerNode { return (*eager)(nil) }
	sys, err := smallest.Build("paxos-learners", r)
	require.NoError(t, err)
	assert.ErrorContains(t, sys.Validate(), "node l0 is nil")
}

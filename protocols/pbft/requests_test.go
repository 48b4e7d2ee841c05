package pbft_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/pbft"
)

// distinct explores cfg exhaustively and returns its number of distinct states.
func distinct(t *testing.T, cfg pbft.Config) int64 {
	t.Helper()
	res, err := explore.Run(context.Background(), actortest.System(t, pbft.New, cfg), explore.Options{Workers: 1})
	require.NoError(t, err)
	require.True(t, res.Exhaustive)
	require.Empty(t, res.Violations)
	return res.Distinct
}

// Without faults, adversary or view change, the sequence numbers progress independently: a
// step delivers a message of one sequence number and changes only the replicas' state of that
// number, and the network holds the union of each number's messages. So the states of two
// requests are the pairs of states of one, and their count is the square of one request's.
//
// With two replicas and f = 0 one request has six states, counted by hand: the pre-prepare in
// flight; r1 has accepted it (prepared on its own prepare, its commit sent); r0 has r1's
// prepare too (prepared, its commit sent); then r0 committed, r1 committed, or both.
func TestTwoRequestsAreTheSquareOfOne(t *testing.T) {
	for _, c := range []struct {
		replicas int
		one      int64
	}{{2, 6}, {3, 99}} {
		cfg := pbft.Config{Replicas: c.replicas}
		one := distinct(t, cfg)
		if c.replicas == 2 {
			assert.Equal(t, c.one, one, "the hand count")
		}
		cfg.Requests = 2
		assert.Equal(t, one*one, distinct(t, cfg), "%d replicas", c.replicas)
	}
}

// Two client requests among four replicas, the primary equivocating on every message, with
// one view change: random walks find no disagreement at any sequence number, and reach a
// state in which a correct replica committed both requests (AllCommitted). 300 walks (50
// under -short).
func TestTwoRequestsDespiteAnEquivocatingPrimary(t *testing.T) {
	cfg := pbft.Config{Replicas: 4, F: 1, Views: 1, Requests: 2, Adversary: equivocating, Faults: actor.Faults{Drops: 1}}
	res := distcheck.Check(t, actortest.System(t, pbft.New, cfg), distcheck.Strategy(explore.Random), distcheck.Walks(300),
		distcheck.MaxDepth(200), distcheck.InShort(distcheck.Walks(50)))
	require.NotNil(t, res)
	assert.Equal(t, explore.StopComplete, res.Stopped)
}

// requestsSaved are the configurations of this file whose counterexamples are saved, by test.
var requestsSaved = map[string]pbft.Config{
	"TestNewViewHighestOnlyReplacesACommittedRequest": {Replicas: 4, F: 1, Views: 1, Requests: 2, Adversary: equivocating, Bug: pbft.BugNewViewHighestOnly},
	"TestNewViewRenumbersMovesACommittedRequest": {Replicas: 4, F: 1, Views: 1, Requests: 2, Adversary: equivocating,
		Faults: actor.Faults{Drops: 1}, Bug: pbft.BugNewViewRenumbers},
}

// committedTwice returns the counterexample of Agreement that random walks find in the test's
// configuration, and checks that a correct replica in its last state committed two requests
// at one sequence number: more than there are sequence numbers.
func committedTwice(t *testing.T) {
	t.Helper()
	cfg := requestsSaved[t.Name()]
	res := distcheck.Check(t, actortest.System(t, pbft.New, cfg), distcheck.ExpectViolation("Agreement"),
		distcheck.Strategy(explore.Random), distcheck.Walks(2_000), distcheck.MaxDepth(200))
	if res == nil {
		return // a replay of one saved counterexample (-distcheck.replay)
	}
	v, ok := res.Violation("Agreement")
	require.True(t, ok)
	sys := actortest.System(t, pbft.New, cfg)
	last := v.Path.Last()
	twice := false
	for _, id := range adversary.Honest(cfg.Replicas, sys.Byzantine) {
		twice = twice || len(last.Node(id).(pbft.Committer).CommittedRequests()) > cfg.Requests
	}
	assert.True(t, twice, "a correct replica committed more requests than there are sequence numbers")
}

// An equivocating primary gets the other request x committed at sequence number 0 and the
// client's second request prepared, not committed, at 1; the new view carries over only the
// certificate of 1 and pre-prepares the client's first request at 0, which the replicas commit
// there after x.
func TestNewViewHighestOnlyReplacesACommittedRequest(t *testing.T) { committedTwice(t) }

// The equivocating primary's pre-prepares of sequence number 0 differ and one is lost, so 0 is
// prepared nowhere while the client's second request commits at 1; the new view renumbers it
// to 0, and the replicas commit it there and the first request at 1, after it.
func TestNewViewRenumbersMovesACommittedRequest(t *testing.T) { committedTwice(t) }

// Every saved counterexample of this file's configurations replays.
func TestSavedTwoRequestCounterexamplesReplay(t *testing.T) {
	for test, cfg := range requestsSaved {
		distcheck.ReplaySaved(t, actortest.System(t, pbft.New, cfg), test)
	}
}

// inventing is a replica that reports, for each request it committed, one no client sent.
type inventing struct{ R *pbft.Replica }

func (n *inventing) Init(ctx actor.Context) { n.R.Init(ctx) }
func (n *inventing) Handle(ctx actor.Context, from model.NodeID, m actor.Message) {
	n.R.Handle(ctx, from, m)
}
func (n *inventing) Timeout(ctx actor.Context, t actor.Timer) { n.R.Timeout(ctx, t) }
func (n *inventing) CommittedRequests() []pbft.Request {
	var out []pbft.Request
	for range n.R.CommittedRequests() {
		out = append(out, "invented")
	}
	return out
}

// Validity fails when the replicas agree on a request no client sent; Agreement holds.
func TestValidityRejectsAnInventedRequest(t *testing.T) {
	sys, err := actor.Validated(pbft.Config{Replicas: 2, Requests: 2}.Build("inventing", func(c pbft.ReplicaConfig) actor.Node {
		return &inventing{R: pbft.NewReplica(c)}
	}))
	require.NoError(t, err)
	res, err := explore.Run(context.Background(), sys, explore.Options{CollectAll: true})
	require.NoError(t, err)
	_, ok := res.Violation("Validity")
	assert.True(t, ok, "Validity holds")
	_, ok = res.Violation("Agreement")
	assert.False(t, ok, "Agreement is violated")
}

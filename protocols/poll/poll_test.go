package poll_test

import (
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/poll"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sybils has two Sybil identities and may cast one vote from each.
var sybils = adversary.Config{Sybils: 2, Sends: 2}

// The configurations whose counterexamples are saved, by test.
var saved = map[string]poll.Config{
	"TestSybilsOutvoteTheHonestVoters": {Voters: 3, Adversary: sybils, Bug: poll.BugUnboundedIdentities},
}

// A tally that counts only its members is outvoted by no number of Sybils; a Byzantine voter
// counts once, however many votes it sends and whichever way it turns them.
func TestMembershipDefeatsSybils(t *testing.T) {
	for _, adv := range []adversary.Config{
		{},
		sybils,
		{Sybils: 3, Sends: 2},
		{Byzantine: 1, Sybils: 2, Sends: 2},
		{Byzantine: 1, Behavior: actor.Equivocate},
	} {
		t.Run(adv.String(), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, poll.New, poll.Config{Voters: 3, Adversary: adv}), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Counting every identity is harmless while there are no Sybils: links are authenticated, so
// even a Byzantine voter that sends extra votes is counted once.
func TestUnboundedIdentitiesHoldsWithoutSybils(t *testing.T) {
	for _, adv := range []adversary.Config{{}, {Byzantine: 1, Sends: 2}} {
		t.Run(adv.String(), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, poll.New, poll.Config{Voters: 3, Adversary: adv, Bug: poll.BugUnboundedIdentities}), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// With Sybil identities the adversary casts votes that count: when the honest voters split two
// to one, a single Sybil vote joins the minority and the tally decides against the majority.
func TestSybilsOutvoteTheHonestVoters(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, poll.New, saved[t.Name()]), distcheck.ExpectViolation("MajorityDecides"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "MajorityDecides").Path
	var sybilVotes []model.NodeID
	for _, st := range path.Steps {
		if st.Action.Kind == model.ActionByzantine {
			assert.GreaterOrEqual(t, st.Action.From, model.NodeID(4), "%v comes from a Sybil identity (nodes are 0 to 3)", st.Action)
			sybilVotes = append(sybilVotes, st.Action.From)
		}
	}
	require.NotEmpty(t, sybilVotes)
	tally := actor.NodeAs[*poll.Counter](path.Last(), poll.Tally)
	assert.Subset(t, tally.Counted, sybilVotes, "the tally counted the Sybils' votes")
	honest := 0
	for i := model.NodeID(1); i <= 3; i++ {
		if v := actor.NodeAs[*poll.Voter](path.Last(), i); v.Yes == (tally.Decision == poll.DecidedYes) {
			honest++
		}
	}
	assert.Less(t, honest, 2, "a minority of the voters voted %s", tally.Decision)
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, poll.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]poll.Config{
		"voters is 0, want at least 1":                        {},
		`unknown bug "nope"`:                                  {Voters: 3, Bug: "nope"},
		"poll: byzantine: 5 Byzantine nodes but only 4 nodes": {Voters: 3, Adversary: adversary.Config{Byzantine: 5}},
		"Sybils is -1, want ≥ 0":                              {Voters: 3, Adversary: adversary.Config{Sybils: -1}},
		"unknown behaviour 9":                                 {Voters: 3, Adversary: adversary.Config{Byzantine: 1, Behavior: 9}},
	} {
		_, err := poll.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

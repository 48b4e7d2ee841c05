package bank_test

import (
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bank"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replayer controls the relay, which forwards as it should but may send one message again.
var replayer = adversary.Config{Byzantine: 1, Behavior: actor.Follow, Sends: 1}

// The configurations whose counterexamples are saved, by test.
var saved = map[string]bank.Config{
	"TestAReplayedTransferIsAppliedTwice": {Transfers: 2, Adversary: replayer, Bug: bank.BugNoNonce},
}

// Sequence numbers under the signature make every replay stale, however many there are and
// whoever sends them; a relay that inflates amounts breaks the signature.
func TestSequenceNumbersDefeatReplay(t *testing.T) {
	for _, adv := range []adversary.Config{
		{},
		replayer,
		{Byzantine: 1, Behavior: actor.Follow, Sends: 2},
		{Byzantine: 1, Behavior: actor.Follow, Sybils: 1, Sends: 1},
		{Byzantine: 1, Behavior: actor.Corrupt},
	} {
		t.Run(adv.String(), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, bank.New, bank.Config{Transfers: 2, Adversary: adv}), distcheck.CollectAll())
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Without replays each signed transfer arrives once, and a bank without nonces is correct — even
// with a Byzantine relay, as long as it sends nothing of its own accord.
func TestNoNonceHoldsWithoutReplays(t *testing.T) {
	for _, adv := range []adversary.Config{{}, {Byzantine: 1, Behavior: actor.Follow}} {
		t.Run(adv.String(), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, bank.New, bank.Config{Transfers: 2, Adversary: adv, Bug: bank.BugNoNonce}))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// The relay passes the first transfer on and then sends it again; the bank applies both copies
// while the client has signed one transfer.
func TestAReplayedTransferIsAppliedTwice(t *testing.T) {
	res := distcheck.Check(t, actortest.System(t, bank.New, saved[t.Name()]), distcheck.ExpectViolation("BalanceMatchesSignedTransfers"), distcheck.Workers(1))
	path := distcheck.Violation(t, res, "BalanceMatchesSignedTransfers").Path
	seen := map[model.NodeID][]actor.Message{}
	var replays []model.Action
	for _, st := range path.Steps {
		switch st.Action.Kind {
		case model.ActionDeliver:
			seen[st.Action.Node] = append(seen[st.Action.Node], st.Action.Msg)
		case model.ActionByzantine:
			replays = append(replays, st.Action)
		}
	}
	require.Len(t, replays, 1)
	r := replays[0]
	assert.Equal(t, "replay", r.Name)
	assert.Equal(t, bank.Relay, r.From)
	assert.Equal(t, bank.Bank, r.Node)
	assert.Contains(t, seen[bank.Relay], r.Msg, "the relay replays a transfer it was given")
	tr := r.Msg.(bank.Transfer)
	assert.True(t, actor.Verify(tr.Order, tr.Sig), "the copy carries the client's valid signature")
	last := path.Last()
	assert.Equal(t, 1, actor.NodeAs[*bank.Payer](last, bank.Client).Signed)
	assert.Equal(t, bank.Opening-2*bank.Amount, actor.NodeAs[*bank.Ledger](last, bank.Bank).Balance)
}

// Every saved counterexample loads and still reproduces on the configuration it came from.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range saved {
		distcheck.ReplaySaved(t, actortest.System(t, bank.New, cfg), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	for want, cfg := range map[string]bank.Config{
		"transfers is 0, want at least 1":                     {},
		`unknown bug "nope"`:                                  {Transfers: 1, Bug: "nope"},
		"bank: byzantine: 4 Byzantine nodes but only 3 nodes": {Transfers: 1, Adversary: adversary.Config{Byzantine: 4}},
		"Sybils is -1, want ≥ 0":                              {Transfers: 1, Adversary: adversary.Config{Sybils: -1}},
		"unknown behaviour 4":                                 {Transfers: 1, Adversary: adversary.Config{Byzantine: 1, Behavior: 4}},
	} {
		_, err := bank.New(cfg)
		assert.ErrorContains(t, err, want)
	}
}

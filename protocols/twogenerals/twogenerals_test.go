package twogenerals_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/twogenerals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxRounds is the most acknowledgement rounds the tests try.
const maxRounds = 6

// On a link that loses nothing, every protocol of k rounds is right. Its states, counted by
// hand: for each of A's two orders, the k+1 messages delivered one by one (k+2 states), then
// either general deciding first and both decided (3 more): 2(k+5).
func TestEveryProtocolAgreesWhenNothingIsLost(t *testing.T) {
	for k := 0; k <= maxRounds; k++ {
		t.Run(fmt.Sprintf("rounds=%d", k), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, twogenerals.New, twogenerals.Config{Rounds: k}), distcheck.Workers(1))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
			assert.Equal(t, int64(2*(k+5)), res.Distinct)
		})
	}
}

// The impossibility, protocol by protocol: for every k, one lost message — the last one —
// makes its sender attack and its receiver retreat.
func TestEveryProtocolDisagreesWhenTheLastMessageIsLost(t *testing.T) {
	for k := 0; k <= maxRounds; k++ {
		t.Run(fmt.Sprintf("rounds=%d", k), func(t *testing.T) {
			sys := actortest.System(t, twogenerals.New, twogenerals.Config{Rounds: k, Faults: actor.Faults{Drops: 1}})
			res := distcheck.Check(t, sys, distcheck.ExpectViolation("Agreement"), distcheck.Workers(1), distcheck.TraceDir(t.TempDir()))
			v := distcheck.Violation(t, res, "Agreement")
			want := map[model.ActionKind]int{model.ActionDrop: 1, model.ActionTimeout: 2}
			if k > 0 {
				want[model.ActionDeliver] = k
			}
			assert.Equal(t, want, v.Path.Kinds(), "the k messages before the last delivered, the last lost, dawn twice")
			for _, st := range v.Path.Steps {
				if st.Action.Kind == model.ActionDrop {
					assert.Equal(t, k+1, st.Action.Msg.(twogenerals.Messenger).N, "the last message is lost")
				}
			}
			sender := model.NodeID(k % 2) // A sends the odd messages, B the even ones
			last := v.Path.Last()
			assert.Equal(t, twogenerals.Attack, actor.NodeAs[*twogenerals.General](last, sender).Decided)
			assert.Equal(t, twogenerals.Retreat, actor.NodeAs[*twogenerals.General](last, 1-sender).Decided)
		})
	}
}

// Never attacking never disagrees, even with losses, and never attacks when it should.
func TestNeverAttackIsSafeAndUseless(t *testing.T) {
	sys := actortest.System(t, twogenerals.New, twogenerals.Config{Rounds: 2, Faults: actor.Faults{Drops: 1}, Bug: twogenerals.BugNeverAttack})
	sys.Props = sys.Props[:3] // BothAttack is unreachable, and known to be
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("AttackIfNothingIsLost"), distcheck.Workers(1), distcheck.CollectAll())
	assert.Len(t, res.Violations, 1, "Agreement and Validity hold")
	v := distcheck.Violation(t, res, "AttackIfNothingIsLost")
	assert.Zero(t, v.Path.Last().FaultsUsed().Drops)
}

// If silence means attack, a lost order to retreat sends B into battle alone.
func TestSilenceMeansAttackAttacksAgainstOrders(t *testing.T) {
	sys := actortest.System(t, twogenerals.New, twogenerals.Config{Rounds: 1, Faults: actor.Faults{Drops: 1}, Bug: twogenerals.BugSilenceMeansAttack})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("Validity"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "Validity")
	last := v.Path.Last()
	assert.Equal(t, twogenerals.Retreat, actor.NodeAs[*twogenerals.General](last, 0).Order)
	assert.Equal(t, twogenerals.Attack, actor.NodeAs[*twogenerals.General](last, 1).Decided)
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, cfg := range map[string]twogenerals.Config{
		"TestNeverAttackIsSafeAndUseless":            {Rounds: 2, Faults: actor.Faults{Drops: 1}, Bug: twogenerals.BugNeverAttack},
		"TestSilenceMeansAttackAttacksAgainstOrders": {Rounds: 1, Faults: actor.Faults{Drops: 1}, Bug: twogenerals.BugSilenceMeansAttack},
	} {
		assert.Equal(t, 1, distcheck.ReplaySaved(t, actortest.System(t, twogenerals.New, cfg), test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := twogenerals.New(twogenerals.Config{Rounds: -1})
	assert.EqualError(t, err, "two-generals: rounds is -1, want at least 0")
	_, err = twogenerals.New(twogenerals.Config{Bug: "x"})
	assert.EqualError(t, err, `two-generals: unknown bug "x" (known: never-attack, silence-means-attack)`)
}

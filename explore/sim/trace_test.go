package sim_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// dice ticks every 100 ms, chooses a number from 0 to 2 and sends it to the other node; it
// adds up what it gets. Its Init chooses too when initChoice is set.
type dice struct {
	Sum        int `distcheck:"durable"`
	InitChoice bool
}

type throw struct{ V int }

func (d *dice) Init(ctx actor.Context) {
	if d.InitChoice {
		ctx.Choose(2)
	}
	ctx.SetTimer("tick", 100*time.Millisecond)
}

func (d *dice) Handle(_ actor.Context, _ model.NodeID, msg actor.Message) { d.Sum += msg.(throw).V }

func (d *dice) Timeout(ctx actor.Context, _ actor.Timer) {
	ctx.Send(1-ctx.ID(), throw{ctx.Choose(3)})
	ctx.SetTimer("tick", 100*time.Millisecond)
}

func diceConfig(initChoice bool) sim.Config {
	return sim.Config{
		Seed: 7, Duration: 20 * time.Second, Topology: sim.Topology{Kind: sim.FullMesh}, Latency: sim.UniformDist(10*time.Millisecond, 300*time.Millisecond),
		PacketLoss: 0.2, Trace: true,
		Types:       []sim.PeerType{{Name: "dice", Count: 2, New: func(model.NodeID) actor.Node { return &dice{InitChoice: initChoice} }}},
		Disruptions: []sim.Disruption{{Kind: sim.Downtime, Crash: true, Windows: []sim.Window{{Peer: 1, Start: time.Second, End: 1500 * time.Millisecond}}}},
		Props: []model.Property[*actor.State]{properties.Always("SumBelow40", func(s *actor.State) bool {
			return s.Node(0).(*dice).Sum < 40
		})},
	}
}

// A traced run keeps every step as an action of the actor layer — the choices each step made,
// the messages lost to loss and to the crashed peer as drops, the crash and the restart — and
// those steps are a path of the actor.System of the same nodes, which ends in the violation.
func TestTracedStepsReplayOnTheActorLayer(t *testing.T) {
	res := simulate(t, diceConfig(false))
	v := res.Violation
	require.NotNil(t, v, "n0's sum reaches 40 in 20s")
	require.Equal(t, res.Steps, v.Steps)
	kinds := map[model.ActionKind]int{}
	for _, l := range v.Steps {
		a := l.Action
		kinds[a.Kind]++
		if a.Kind == model.ActionTimeout {
			require.Len(t, a.Choices, 1, "a tick chooses once")
			assert.Less(t, a.Choices[0], 3)
		} else {
			assert.Empty(t, a.Choices, "%v", a)
		}
		assert.LessOrEqual(t, l.At, v.At)
	}
	for _, k := range []model.ActionKind{model.ActionDeliver, model.ActionTimeout, model.ActionDrop, model.ActionCrash, model.ActionRecover} {
		assert.Positive(t, kinds[k], "%v steps", k)
	}
	sys := &actor.System{Protocol: "dice", Nodes: []actor.Node{&dice{}, &dice{}}, Props: diceConfig(false).Props,
		Faults: actor.Faults{Drops: kinds[model.ActionDrop], Crashes: 1, Recoveries: 1}}
	tr := &counterexamples.Trace{Format: counterexamples.FormatName, Version: counterexamples.Version, Protocol: "dice",
		Property: "SumBelow40", Kind: "always", Strategy: "simulate"}
	for _, l := range v.Steps {
		tr.Steps = append(tr.Steps, counterexamples.Record(l.Action, sys.ActorNames()))
	}
	rep, err := counterexamples.Replay(sys, tr)
	require.NoError(t, err)
	assert.True(t, rep.Reproduced, rep.Detail)

	// A choice another than the one made leads elsewhere: the replay follows the choices.
	for i := range tr.Steps {
		if c := tr.Steps[i].Choices; len(c) == 1 {
			tr.Steps[i].Choices = []int{(c[0] + 1) % 3}
			break
		}
	}
	rep, err = counterexamples.Replay(sys, tr)
	var diverged *counterexamples.DivergedError
	if err != nil {
		assert.ErrorAs(t, err, &diverged)
	} else {
		assert.False(t, rep.Reproduced, "another choice, another sum")
	}
}

// A node that chooses at random in Init starts in one of several initial states of the actor
// layer: the run has no trace, and says why.
func TestARandomInitLeavesNoTrace(t *testing.T) {
	res := simulate(t, diceConfig(true))
	require.NotNil(t, res.Violation)
	assert.Nil(t, res.Violation.Steps)
	assert.Nil(t, res.Steps)
	assert.Equal(t, "n0 chose at random in Init, which the actor layer explores as several initial states", res.Violation.Untraced)
}

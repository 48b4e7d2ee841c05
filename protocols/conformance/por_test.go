package conformance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/conformance"
)

// twoPings sends two pings from each of two senders to its own receiver; the property reads
// receiver 1, and declares it when declare is set.
type twoPings struct{ to model.NodeID }

func (s *twoPings) Init(ctx actor.Context) {
	ctx.Send(s.to, ping{})
	ctx.Send(s.to, ping{})
}
func (*twoPings) Handle(actor.Context, model.NodeID, actor.Message) {}
func (*twoPings) Timeout(actor.Context, actor.Timer)                {}

func pairsSystem(declare bool) func() (*actor.System, error) {
	return func() (*actor.System, error) {
		p := properties.Always("AtMostTwoPings", func(s *actor.State) bool { return s.Node(1).(*receiver).Pings <= 2 })
		if declare {
			p = properties.Reading(p, 1)
		}
		return &actor.System{
			Nodes:   []actor.Node{&twoPings{to: 1}, &receiver{}, &twoPings{to: 3}, &receiver{}},
			SendsTo: [][]model.NodeID{{1}, {}, {3}, {}},
			Props:   []model.Property[*actor.State]{p},
		}, nil
	}
}

// distcheck.POR reduces the exhaustive scenarios whose systems accept it and searches the
// others in full. Hand count: each receiver has 0, 1 or 2 pings, 3 × 3 = 9 states; reduced,
// receiver 3 takes its pings first (receiver 1's are visible), then receiver 1: 3 + 2 = 5.
func TestPartialOrderReducesTheScenariosThatAcceptIt(t *testing.T) {
	declared := conformance.Scenario{Name: "declared", Doc: "two pairs, reads declared", Build: pairsSystem(true)}
	undeclared := conformance.Scenario{Name: "undeclared", Doc: "two pairs, reads not declared", Build: pairsSystem(false)}
	full := conformance.Run(t, suite(declared, undeclared))
	red := conformance.Run(t, suite(declared, undeclared), distcheck.POR())
	require.Len(t, full.Scenarios, 2)
	require.Len(t, red.Scenarios, 2)
	assert.Equal(t, []int64{9, 9}, []int64{full.Scenarios[0].Distinct, full.Scenarios[1].Distinct})
	assert.Equal(t, []int64{5, 9}, []int64{red.Scenarios[0].Distinct, red.Scenarios[1].Distinct})
	assert.True(t, red.OK())
}

// Scenario.KeepIgnored reaches its system: two nodes that ignore each other's two pings have
// 3 × 3 states (each link holds 0, 1 or 2 pings), and one when an ignored delivery is no step.
func TestKeepIgnoredReachesTheScenariosSystem(t *testing.T) {
	build := func() (*actor.System, error) {
		return &actor.System{
			Nodes: []actor.Node{&twoPings{to: 1}, &twoPings{to: 0}},
			Props: []model.Property[*actor.State]{properties.Always("Up", func(s *actor.State) bool { return s.Up(0) })},
		}, nil
	}
	rep := conformance.Run(t, suite(
		conformance.Scenario{Name: "consumed", Doc: "ignored pings consumed", Build: build},
		conformance.Scenario{Name: "kept", Doc: "ignored pings kept", Build: build, KeepIgnored: true}))
	require.Len(t, rep.Scenarios, 2)
	assert.Equal(t, []int64{9, 1}, []int64{rep.Scenarios[0].Distinct, rep.Scenarios[1].Distinct})
}

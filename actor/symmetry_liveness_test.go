package actor_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/symtest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// passer holds a token or not; when its timer fires it passes the token to a peer it chooses,
// and may (another choice) finish as it does.
type passer struct{ Has, Done bool }

type token struct{}

type passTick struct{}

func (p *passer) Init(ctx actor.Context) { ctx.SetTimer(passTick{}, 0) }
func (p *passer) Handle(ctx actor.Context, _ model.NodeID, _ actor.Message) {
	if !p.Has {
		p.Has = true
		ctx.SetTimer(passTick{}, 0)
	}
}
func (p *passer) Timeout(ctx actor.Context, _ actor.Timer) {
	peers := ctx.Peers()
	k := ctx.Choose(2 * len(peers))
	p.Has, p.Done = false, p.Done || k >= len(peers)
	ctx.Send(peers[k%len(peers)], token{})
}

// passers is n interchangeable passers, each starting with a token: the tokens wander among
// them, so a cycle of orbits is a concrete cycle only after several turns, each turn renaming
// the nodes. AllDone fails (a token may be passed for ever without anyone finishing); Moving
// holds (a token is always held or in flight).
func passers(n int, f model.Fairness) *actor.System {
	sys := &actor.System{Fair: f, MaxCopies: 1}
	var group []model.NodeID
	for i := range n {
		sys.Nodes = append(sys.Nodes, &passer{Has: true})
		group = append(group, model.NodeID(i))
	}
	sys.Symmetry = [][]model.NodeID{group}
	sys.Props = []model.Property[*actor.State]{
		properties.Eventually("AllDone", func(s *actor.State) bool {
			for i := range n {
				if !actor.NodeAs[*passer](s, model.NodeID(i)).Done {
					return false
				}
			}
			return true
		}),
		properties.AlwaysEventually("Moving", func(s *actor.State) bool {
			for i := range n {
				if actor.NodeAs[*passer](s, model.NodeID(i)).Has {
					return true
				}
			}
			return len(s.InFlight()) > 0
		}),
	}
	return sys
}

// TestActorLassosUnderSymmetry: on an actor system whose loops rename its nodes, liveness
// verdicts under symmetry reduction are those of the plain search, under each fairness, with
// one and two workers and DFS, and every lasso is a concrete, weakly fair lasso of the system.
func TestActorLassosUnderSymmetry(t *testing.T) {
	for _, n := range []int{2, 3} {
		for _, f := range []model.Fairness{model.FairNone, model.FairNodes, model.FairActions} {
			t.Run(fmt.Sprintf("n=%d,fairness=%s", n, f), func(t *testing.T) {
				sys := passers(n, f)
				symtest.CheckOrbits[*actor.State](t, sys)
				res := symtest.CompareLiveness[*actor.State](t, sys, explore.Options{CollectAll: true})
				require.Len(t, res.Violations, 1)
				require.Equal(t, "AllDone", res.Violations[0].Property)
				require.GreaterOrEqual(t, res.Violations[0].Loop, 0, "a lasso")
			})
		}
	}
}

package linreg_test

import (
	"math/rand/v2"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
)

// randomRun follows random protocol steps (no faults) from the first initial state until
// nothing can happen, and returns the last state.
func randomRun(sys *actor.System, seed uint64) *actor.State {
	rng := rand.New(rand.NewPCG(seed, 0))
	var s *actor.State
	sys.Init(func(x *actor.State) {
		if s == nil {
			s = x
		}
	})
	for {
		var next []*actor.State
		sys.Next(s, func(a model.Action, t *actor.State) {
			if !a.Kind.IsFault() {
				next = append(next, t)
			}
		})
		if len(next) == 0 {
			return s
		}
		s = next[rng.IntN(len(next))]
	}
}

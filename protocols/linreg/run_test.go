package linreg_test

import (
	"math/rand/v2"

	"github.com/distcheck/distcheck/model"
)

// randomRun follows random protocol steps (no faults) from the first initial state until
// nothing can happen, and returns the last state.
func randomRun(sys *model.System, seed uint64) *model.State {
	rng := rand.New(rand.NewPCG(seed, 0))
	var s *model.State
	sys.Init(func(x *model.State) {
		if s == nil {
			s = x
		}
	})
	for {
		var next []*model.State
		sys.Next(s, func(a model.Action, t *model.State) {
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

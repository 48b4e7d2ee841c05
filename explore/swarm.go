package explore

import (
	"math/rand/v2"

	"github.com/distcheck/distcheck/model"
)

// swarm draws, at the start of every walk, a configuration of its own from the walk's seed
// (swarm testing: Groce, Zhang, Eide, Chen and Regehr, "Swarm Testing", ISSTA 2012): instead of
// one mix of every fault in every walk, each walk enables a random subset of the fault kinds,
// gives each a budget of its own, lets only some nodes crash, and weights timers, deliveries
// and faults differently. Within a walk, the model's own budgets (the user's --drops,
// --crashes, …) still bound everything: a swarm configuration only narrows them. Leaving a
// fault out of a walk is what lets others go deep: a walk that may drop messages at every
// step rarely completes the exchanges that a deep bug needs.
//
// The configuration depends on the seed and the walk index alone, so a walk is reproducible.
type swarm[S any] struct {
	cfg SwarmConfig
	// used counts the faults of each kind taken in the walk.
	used [model.ActionByzantine + 1]int
}

// SwarmConfig is one walk's configuration under the Swarm strategy.
type SwarmConfig struct {
	// Budget is, per action kind, how many faults of that kind the walk may take (0: the
	// kind is disabled); kinds that are not faults are not limited.
	Budget [model.ActionByzantine + 1]int
	// Weight is, per action kind, how likely a step of that kind is relative to others.
	Weight [model.ActionByzantine + 1]float64
	// Crashable says which nodes may crash (bit i: node i; nodes ≥ 64 always may).
	Crashable uint64
}

// maxSwarmBudget bounds the number of faults of one kind a swarm configuration allows; the
// model's own budget bounds it too.
const maxSwarmBudget = 4

// timerPolicies are the weights of timeouts relative to deliveries a walk may draw: rare
// (timers fire when little else happens), even, and eager.
var timerPolicies = [...]float64{0.1, 1, 4}

// DrawSwarmConfig draws a swarm configuration from rng.
func DrawSwarmConfig(rng *rand.Rand) SwarmConfig {
	var c SwarmConfig
	for k := model.ActionStep; k <= model.ActionByzantine; k++ {
		c.Weight[k] = 1
		if k.IsFault() && rng.IntN(2) == 0 {
			c.Budget[k] = 1 + rng.IntN(maxSwarmBudget)
			// Faults are usually rarer than protocol steps, sometimes as frequent.
			c.Weight[k] = []float64{0.05, 0.2, 1}[rng.IntN(3)]
		}
	}
	c.Weight[model.ActionTimeout] = timerPolicies[rng.IntN(len(timerPolicies))]
	c.Crashable = rng.Uint64()
	return c
}

// allows reports whether the configuration lets the walk take a, having used the given faults.
func (c *SwarmConfig) allows(a model.Action, used *[model.ActionByzantine + 1]int) bool {
	if int(a.Kind) >= len(c.Budget) || !a.Kind.IsFault() {
		return true
	}
	if used[a.Kind] >= c.Budget[a.Kind] {
		return false
	}
	if a.Kind == model.ActionCrash && a.Node >= 0 && a.Node < 64 && c.Crashable&(1<<uint(a.Node)) == 0 {
		return false
	}
	return true
}

func (s *swarm[S]) start(rng *rand.Rand, _ int64, n int) int {
	init := rng.IntN(n)
	s.cfg = DrawSwarmConfig(rng)
	s.used = [model.ActionByzantine + 1]int{}
	return init
}

func (s *swarm[S]) choose(rng *rand.Rand, _ int, succ []Step[S]) int {
	j := weighted(rng, len(succ), func(i int) float64 {
		a := succ[i].Action
		if !s.cfg.allows(a, &s.used) {
			return 0
		}
		if int(a.Kind) < len(s.cfg.Weight) {
			return s.cfg.Weight[a.Kind]
		}
		return 1
	})
	if j >= 0 {
		if k := succ[j].Action.Kind; int(k) < len(s.used) {
			s.used[k]++
		}
	}
	return j
}

package swarm_test

import (
	"fmt"
	"os"

	"github.com/distcheck/distcheck/swarm"
)

// Two shards of a swarm write their results; the merge counts their walks, estimates the
// distinct states they reached together, keeps one copy of the counterexample both found
// (the shorter trace), and names the shard still missing.
func ExampleMerge() {
	dir, err := os.MkdirTemp("", "swarm")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	plan := swarm.Plan{Protocol: "raft", Args: []string{"--nodes", "5"}, Shards: 3, Strategies: []string{"swarm", "pct"}, Walks: 1000}
	if err := swarm.SavePlan(dir, plan); err != nil {
		panic(err)
	}
	for i, states := range [][2]int{{0, 6000}, {4000, 10000}} {
		strategy, seed := plan.Shard(i)
		sketch := swarm.NewSketch()
		for fp := states[0]; fp < states[1]; fp++ {
			sketch.Add(uint64(fp))
		}
		found := swarm.Finding{Property: "CommittedSurvives", Fingerprint: "8ed579b0263430ab", Strategy: strategy, Seed: seed, Walk: int64(4 + i), Steps: 20 + i}
		if err := swarm.Write(dir, swarm.Result{Index: i, Strategy: strategy, Seed: seed, Walks: plan.Walks, States: sketch, Findings: []swarm.Finding{found}}); err != nil {
			panic(err)
		}
	}
	m, err := swarm.Merge(dir, plan.Shards)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d of %d shards, missing %v, %d walks, about %.0f thousand states\n", m.Done, m.Shards, m.Missing, m.Walks, m.States/1000)
	for _, f := range m.Findings {
		fmt.Printf("%s: %d steps, found by %v\n", f.Property, f.Steps, f.Found)
	}
	// Output:
	// 2 of 3 shards, missing [2], 2000 walks, about 10 thousand states
	// CommittedSurvives: 20 steps, found by [{swarm 0 4} {pct 0 5}]
}

package linreg_test

import (
	"testing"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/linreg"
)

// BenchmarkRandomWalk1000 runs one random walk of 4 clients invoking 250 operations each —
// about 2,000 steps and a history of 1,000 operations — with the Linearizable property judged
// in every state, as random search does.
func BenchmarkRandomWalk1000(b *testing.B) {
	for _, props := range []struct {
		name string
		n    int
	}{{"model-only", 0}, {"linearizable", 1}} {
		b.Run(props.name, func(b *testing.B) {
			for b.Loop() {
				sys, err := linreg.New(linreg.Config{Clients: 4, Ops: 250})
				if err != nil {
					b.Fatal(err)
				}
				sys.Props = sys.Props[:props.n]
				res, err := explore.Run(b.Context(), sys, explore.Options{Strategy: explore.Random, Walks: 1, MaxDepth: 2100, Workers: 1})
				if err != nil || len(res.Violations) > 0 {
					b.Fatal(err, res.Violations)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/walk")
		})
	}
}

package twopc_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/stretchr/testify/require"
)

// BenchmarkTwoPC4Drops2 explores two-phase commit with 4 participants and 2 lost messages at the
// actor layer (223,817 distinct states), reporting distinct states per second.
func BenchmarkTwoPC4Drops2(b *testing.B) {
	sys, err := twopc.New(twopc.Config{Participants: 4, Faults: actor.Faults{Drops: 2}})
	require.NoError(b, err)
	var res *explore.Result[*actor.State]
	for b.Loop() {
		res, err = explore.Run(context.Background(), sys, explore.Options{Workers: 1})
		require.NoError(b, err)
	}
	b.ReportMetric(float64(res.Distinct), "distinct")
	b.ReportMetric(float64(res.Distinct)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
}

package pbft_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/pbft"
)

// BenchmarkEquivocatingPrimaryAcrossAViewChange explores every state of four replicas whose
// primary equivocates, with one view change: Agreement holds in all of them. It takes minutes,
// which is why the tests check this configuration without the view change, and with it by
// random walks.
func BenchmarkEquivocatingPrimaryAcrossAViewChange(b *testing.B) {
	for b.Loop() {
		sys, err := pbft.New(pbft.Config{Replicas: 4, F: 1, Views: 1, Adversary: equivocating})
		require.NoError(b, err)
		res, err := explore.Run(context.Background(), sys, explore.Options{})
		require.NoError(b, err)
		require.True(b, res.Exhaustive)
		require.Empty(b, res.Violations)
		b.ReportMetric(float64(res.Distinct), "states")
		b.ReportMetric(res.StatesPerSecond(), "states/s")
	}
}

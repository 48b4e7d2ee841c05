package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
)

// RecordFlights keeps the first messages sent, each with its type and its times; none without
// it.
func TestRecordFlightsKeepsTheFirstMessages(t *testing.T) {
	cfg := floodConfig(20, 2, 3*time.Second)
	cfg.PacketLoss = 0.2
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	assert.Nil(t, res.Flights)
	all := res.Messages.Sent

	cfg.RecordFlights = 1 << 30
	res, err = sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	require.Equal(t, all, int64(len(res.Flights)), "every message, the same run")
	lost := 0
	for _, f := range res.Flights {
		assert.Equal(t, "rumor", f.Kind)
		if f.Lost {
			lost++
			assert.Equal(t, f.Sent, f.Arrive)
		} else {
			assert.GreaterOrEqual(t, f.Arrive-f.Sent, 10*time.Millisecond, "the least latency")
		}
	}
	assert.Equal(t, res.Messages.Lost, int64(lost))

	cfg.RecordFlights = 10
	res2, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	assert.Equal(t, res.Flights[:10], res2.Flights)
}

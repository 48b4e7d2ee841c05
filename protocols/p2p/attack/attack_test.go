package attack_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/attack"
)

func run(t *testing.T, b p2p.Behavior, defended bool) sim.Summary {
	t.Helper()
	cfg, err := attack.Experiment(b, defended, 1)
	require.NoError(t, err)
	res, err := sim.Simulate(context.Background(), cfg)
	require.NoError(t, err)
	s := res.Summarize()
	t.Logf("%s, defended %v: coverage %.3f, wrong %d, bogus items %d, disagreements %d, %d messages",
		b, defended, s.Coverage, s.Wrong, s.Bogus, s.Disagreements, s.MessagesSent)
	return s
}

func TestHidingRelaysKeepItemsFromSpreadingUnlessClientsUseSeveral(t *testing.T) {
	assert.Less(t, run(t, p2p.Hide, false).Coverage, 1.0)
	assert.Equal(t, 1.0, run(t, p2p.Hide, true).Coverage)
}

func TestBogusDataIsTakenUnlessSignaturesAreChecked(t *testing.T) {
	open := run(t, p2p.Bogus, false)
	assert.Positive(t, open.Wrong)
	assert.Positive(t, open.Bogus, "forged items in honest peers' names")
	checked := run(t, p2p.Bogus, true)
	assert.Zero(t, checked.Wrong)
	assert.Zero(t, checked.Bogus)
	assert.Equal(t, 1.0, checked.Coverage)
}

func TestEquivocationSplitsTheNetworkUnlessAMajorityMustVouch(t *testing.T) {
	assert.Positive(t, run(t, p2p.Equivocate, false).Disagreements)
	defended := run(t, p2p.Equivocate, true)
	assert.Zero(t, defended.Disagreements)
	assert.Equal(t, 1.0, defended.Coverage, "honest items still get their majority")
}

func TestSybilIdentitiesBuyAMajorityUnlessOnlyMembersCount(t *testing.T) {
	assert.Positive(t, run(t, p2p.Sybil, false).Disagreements)
	defended := run(t, p2p.Sybil, true)
	assert.Zero(t, defended.Disagreements)
	assert.Equal(t, 1.0, defended.Coverage)
}

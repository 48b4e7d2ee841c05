package conformance_test

import (
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A suite takes distcheck's options that mean the same as in Check: Walks sets the walks of
// a random scenario without its own, and InShort's options apply under -short only.
func TestRunTakesTheOptionsOfCheckThatMeanTheSame(t *testing.T) {
	random := walks
	random.Walks = 0
	rep := conformance.Run(t, suite(random), distcheck.Walks(7), distcheck.InShort(distcheck.Walks(3)), distcheck.Workers(1))
	require.Len(t, rep.Scenarios, 1)
	want := int64(7)
	if testing.Short() {
		want = 3
	}
	assert.Equal(t, want, rep.Scenarios[0].Walks)
	rep = conformance.Run(t, suite(random))
	assert.Equal(t, int64(conformance.DefaultWalks), rep.Scenarios[0].Walks*map[bool]int64{true: 10, false: 1}[testing.Short()],
		"DefaultWalks, DefaultShortWalks under -short")
}

// CheckDeterminism makes every scenario check that the nodes are deterministic.
func TestCheckDeterminismChecksEveryScenario(t *testing.T) {
	plain := duplication
	plain.Build = pingSystem(actor.Faults{})
	rep := conformance.Run(t, suite(plain))
	_, ok := rep.Grade(actor.DeterminismProperty)
	assert.False(t, ok, "not checked unless asked")
	rep = conformance.Run(t, suite(plain), conformance.CheckDeterminism())
	g, ok := rep.Grade(actor.DeterminismProperty)
	require.True(t, ok)
	assert.Equal(t, conformance.Passed, g.Status)
}

// Run refuses, naming it, an option that chooses Check's search — a scenario chooses its own
// — even inside InShort, where it would otherwise go unnoticed without -short.
func TestRunRefusesTheOptionsThatChooseChecksSearch(t *testing.T) {
	for want, opt := range map[string]conformance.Option{
		"pingtest: pinger: conformance.Run does not take the option distcheck.MaxDepth (the suites' scenarios choose their own search)":        distcheck.MaxDepth(3),
		"pingtest: pinger: conformance.Run does not take the option distcheck.ExpectViolation (the suites' scenarios choose their own search)": distcheck.InShort(distcheck.ExpectViolation("x")),
	} {
		r, _ := record(t, suite(once), opt)
		assert.True(t, r.Failed())
		assert.Equal(t, want, r.Errors())
	}
}

package causalmem_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/causalmem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every history is causally consistent, and under fairness every replica applies every write.
func TestCausalMemoryIsCausallyConsistent(t *testing.T) {
	for _, c := range []causalmem.Config{{Writers: 1, Readers: 1}, {Writers: 1, Readers: 2}, {Writers: 2, Readers: 1}} {
		t.Run(fmt.Sprintf("writers=%d,readers=%d", c.Writers, c.Readers), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, causalmem.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// Applied as they arrive, x's and y's updates can be applied in the other order: a reader
// reads y new, then x old.
func TestNoCausalDeliveryReadsAnEffectBeforeItsCause(t *testing.T) {
	sys := actortest.System(t, causalmem.New, causalmem.Config{Writers: 1, Readers: 1, Bug: causalmem.BugNoCausalDelivery})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("CausallyConsistent"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "CausallyConsistent")
	h, err := checks.FromState(v.Path.Last())
	require.NoError(t, err)
	pattern, err := checks.CausalViolation(h)
	require.NoError(t, err)
	assert.Equal(t, "WriteCOInitRead", pattern)
}

// The variant is eventually consistent: searching on past its violations finds only causal
// ones, never replicas that disagree once quiet.
func TestNoCausalDeliveryStillConverges(t *testing.T) {
	sys := actortest.System(t, causalmem.New, causalmem.Config{Writers: 1, Readers: 2, Bug: causalmem.BugNoCausalDelivery})
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1, CollectAll: true})
	require.NoError(t, err)
	var violated []string
	for _, v := range res.Violations {
		violated = append(violated, v.Property)
	}
	assert.Equal(t, []string{"CausallyConsistent"}, violated)
}

// The saved counterexample replays and still fails.
func TestSavedCounterexamplesReplay(t *testing.T) {
	sys := actortest.System(t, causalmem.New, causalmem.Config{Writers: 1, Readers: 1, Bug: causalmem.BugNoCausalDelivery})
	assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, "TestNoCausalDeliveryReadsAnEffectBeforeItsCause"))
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := causalmem.New(causalmem.Config{})
	assert.EqualError(t, err, "causal-memory: readers is 0, want at least 1")
	_, err = causalmem.New(causalmem.Config{Writers: 1, Readers: 1, Bug: "x"})
	assert.EqualError(t, err, `causal-memory: unknown bug "x" (known: no-causal-delivery)`)
}

package distcheck_test

import (
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Check and the conformance suites share one option type; Check refuses, naming it, an option
// only a suite takes, and the zero Option — given directly or through InShort.
func TestCheckRefusesTheSuitesOwnOptions(t *testing.T) {
	sys := &actor.System{Nodes: []actor.Node{}}
	for want, opt := range map[string]distcheck.Option{
		"distcheck.Check does not take the option conformance.Only (it is for the conformance suites' Run)":      conformance.Only("x"),
		"distcheck.Check does not take the option conformance.FailFast (it is for the conformance suites' Run)":  distcheck.InShort(conformance.FailFast()),
		"distcheck.Check: an option is the zero Option; make options with their functions (distcheck.Seed, ...)": {},
	} {
		r, res := check(t, "TestRefused", sys, opt, distcheck.TraceDir(t.TempDir()))
		require.True(t, r.Failed())
		assert.Nil(t, res)
		assert.Equal(t, want, r.errors())
	}
}

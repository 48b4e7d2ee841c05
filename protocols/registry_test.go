package protocols_test

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookupNamesTheKnownProtocols(t *testing.T) {
	_, err := protocols.Lookup("nope")
	assert.EqualError(t, err, `unknown protocol "nope" (known: `+strings.Join(protocols.Names(), ", ")+`)`)
	assert.Contains(t, protocols.Names(), "twopc")
	p, err := protocols.Lookup("twophase")
	require.NoError(t, err)
	assert.Equal(t, protocols.SpecLayer, p.Layer)
}

// Every protocol and every one of its bugs builds, and the parameters its traces record turn
// back into the same configuration, so `distcheck replay` can rebuild what `check` ran.
func TestTraceParamsRoundTripForEveryProtocolAndBug(t *testing.T) {
	for _, p := range protocols.For(protocols.CmdCheck) {
		require.NotEmpty(t, p.Bugs, "%s: every protocol ships a named buggy variant", p.Name)
		bugs := append([]string{""}, p.BugNames()...)
		for _, bug := range bugs {
			cfg := p.Defaults()
			cfg.Bug = bug
			if p.Layer == protocols.ActorLayer {
				cfg.Faults = actor.Faults{Drops: 1}
			}
			r, err := p.Build(cfg)
			require.NoError(t, err, "%s bug=%q", p.Name, bug)
			name, params := r.Identity()
			assert.Equal(t, p.Name, name)
			back, err := p.ConfigFromTrace(params)
			require.NoError(t, err)
			r2, err := p.Build(back)
			require.NoError(t, err)
			_, params2 := r2.Identity()
			assert.Equal(t, params, params2, "%s bug=%q", p.Name, bug)
		}
	}
}

func TestBuildRejectsBadConfigurations(t *testing.T) {
	p, err := protocols.Lookup("twophase")
	require.NoError(t, err)
	for want, cfg := range map[string]protocols.Config{
		"--rms 0 is out of range (1 to 32)":               {Params: map[string]int{"rms": 0}},
		`twophase has no parameter "nodes"`:               {Params: map[string]int{"nodes": 3}},
		`twophase: unknown bug "x" (known: early-commit)`: {Bug: "x"},
		"spec-layer model":                                {Faults: actor.Faults{Drops: 1}},
		"Drops is -2":                                     {Faults: actor.Faults{Drops: -2}},
	} {
		_, err := p.Build(cfg)
		assert.ErrorContains(t, err, want)
	}
	_, err = p.ConfigFromTrace(map[string]string{"rms": "three"})
	assert.ErrorContains(t, err, `rms="three" is not a whole number`)
}

package protocols_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols"
)

// The consistency protocols' runners explain a linearizability violation with porcupine's
// drawing, which `distcheck check --save` writes next to the trace.
func TestConsistencyRunnersExplainTheirViolations(t *testing.T) {
	p, err := protocols.Lookup("abd")
	require.NoError(t, err)
	cfg := p.Defaults()
	cfg.Bug = "no-write-back"
	r, err := p.Build(cfg)
	require.NoError(t, err)
	rep, err := r.Explore(t.Context(), explore.Options{Workers: 1})
	require.NoError(t, err)
	require.Len(t, rep.Findings, 1)
	var page bytes.Buffer
	explained, err := r.Tools().Explain(&page, rep.Findings[0].Trace)
	require.NoError(t, err)
	assert.True(t, explained)
	for _, want := range []string{"<!doctype html>", "write(A)", `read() → A`, "c1 (node 4)"} {
		assert.Contains(t, page.String(), want)
	}
}

// A property without an explanation is reported as such.
func TestPropertiesWithoutExplanationsAreNotExplained(t *testing.T) {
	p, err := protocols.Lookup("twophase")
	require.NoError(t, err)
	cfg := p.Defaults()
	cfg.Bug = "early-commit"
	r, err := p.Build(cfg)
	require.NoError(t, err)
	rep, err := r.Explore(t.Context(), explore.Options{Workers: 1})
	require.NoError(t, err)
	require.Len(t, rep.Findings, 1)
	var page bytes.Buffer
	explained, err := r.Tools().Explain(&page, rep.Findings[0].Trace)
	require.NoError(t, err)
	assert.False(t, explained)
	assert.Zero(t, page.Len())
}

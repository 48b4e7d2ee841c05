package protocols_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
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
	e, ok := r.(interface {
		Explain(io.Writer, *counterexamples.Trace) (bool, error)
	})
	require.True(t, ok, "the runner explains")
	var page bytes.Buffer
	explained, err := e.Explain(&page, rep.Findings[0].Trace)
	require.NoError(t, err)
	assert.True(t, explained)
	for _, want := range []string{"<!doctype html>", "write(A)", `read() → A`, "c1 (node 4)"} {
		assert.Contains(t, page.String(), want)
	}
}

// A property without an explanation is reported as such.
func TestPropertiesWithoutExplanationsAreNotExplained(t *testing.T) {
	p, err := protocols.Lookup("linreg")
	require.NoError(t, err)
	r, err := p.Build(p.Defaults())
	require.NoError(t, err)
	e := r.(interface {
		Explain(io.Writer, *counterexamples.Trace) (bool, error)
	})
	tr := &counterexamples.Trace{Format: counterexamples.FormatName, Version: counterexamples.Version, Protocol: "linreg",
		Property: "ValueRead", Kind: "always", Strategy: "bfs"}
	name, params := r.Identity()
	tr.Protocol, tr.Params = name, params
	var page bytes.Buffer
	explained, err := e.Explain(&page, tr)
	require.NoError(t, err)
	assert.False(t, explained)
	assert.Zero(t, page.Len())
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/twopc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomTrace saves, in a new directory, the trace of a random walk of the built-in twopc with
// early commit and a drop and a duplication allowed, that breaks Agreement, and returns its
// path. The walk is longer than the shortest counterexample.
func randomTrace(t *testing.T) string {
	t.Helper()
	sys, err := twopc.New(twopc.Config{Participants: 3, Bug: twopc.BugEarlyCommit, Faults: actor.Faults{Drops: 1, Duplicates: 1}})
	require.NoError(t, err)
	for seed := uint64(1); seed < 100; seed++ {
		res, err := explore.Run[*actor.State](context.Background(), sys, explore.Options{Strategy: explore.Random, Seed: seed, Walks: 100, MaxDepth: 100, Workers: 1})
		require.NoError(t, err)
		v, ok := res.Violation("Agreement")
		if !ok || v.Path.Len() < 8 {
			continue
		}
		tr, err := counterexamples.New[*actor.State](sys, res, v)
		require.NoError(t, err)
		path, err := counterexamples.Save(t.TempDir(), tr)
		require.NoError(t, err)
		return path
	}
	t.Fatal("no random walk of 8 steps or more breaks Agreement")
	return ""
}

func TestReplayWritesHTMLShiVizAndMermaid(t *testing.T) {
	trace := randomTrace(t)
	dir := t.TempDir()
	html, log, md := filepath.Join(dir, "t.html"), filepath.Join(dir, "t.log"), filepath.Join(dir, "t.md")
	code, out, errOut := cli(t, "replay", trace, "--html", html, "--shiviz", log, "--mermaid", md)
	require.Equal(t, exitViolation, code, errOut)
	assert.Empty(t, errOut)
	assert.Contains(t, out, "Still fails: Agreement does not hold in the last state")
	assert.Contains(t, out, "Wrote the HTML page to "+html)
	assert.Contains(t, out, "Wrote the ShiViz log to "+log)
	assert.Contains(t, out, "Wrote the Mermaid diagram to "+md)

	page, err := os.ReadFile(html)
	require.NoError(t, err)
	assert.Contains(t, string(page), `<svg id="spacetime"`)
	assert.Contains(t, string(page), `<input type="range" id="step"`)
	assert.Equal(t, 4, strings.Count(string(page), `<line class="lifeline"`))

	shiviz, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(shiviz), counterexamples.ShiVizRegexp+"\n\ncoord {\"coord\":1}\nstart; sends"), string(shiviz))

	mermaid, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(mermaid), "```mermaid\nsequenceDiagram\n"))
	assert.True(t, strings.HasSuffix(string(mermaid), "```\n"))

	// Without .md, the diagram is bare.
	mmd := filepath.Join(dir, "t.mmd")
	code, _, errOut = cli(t, "replay", "--mermaid", mmd, trace)
	require.Equal(t, exitViolation, code, errOut)
	bare, err := os.ReadFile(mmd)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(bare), "sequenceDiagram\n"))
}

// Without flags, replay prints what it always did.
func TestReplayWithoutFlagsPrintsTheDiagram(t *testing.T) {
	trace := randomTrace(t)
	code, out, errOut := cli(t, "replay", trace)
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, out, "protocol  twopc (bug=early-commit, drops=1, duplicates=1, participants=3)\n")
	assert.Contains(t, out, "Final state:\n")
	assert.NotContains(t, out, "State after step")
	assert.NotContains(t, out, "Wrote")
	assert.True(t, strings.HasSuffix(out, "\nStill fails: "+strings.TrimPrefix(out[strings.LastIndex(out, "Still fails: "):], "Still fails: ")))
}

func TestReplayStepShowsEveryNodesState(t *testing.T) {
	trace := randomTrace(t)
	code, out, errOut := cli(t, "replay", trace, "--step", "2")
	require.Equal(t, exitViolation, code, errOut)
	assert.Contains(t, out, "◀ step shown below")
	assert.Contains(t, out, "State after step 2 (")
	for _, node := range []string{"coord", "p1", "p2", "p3"} {
		assert.Contains(t, out[strings.Index(out, "State after step 2"):], "\n  "+node+" ")
	}
	assert.Contains(t, out, "In flight:")

	code, out, _ = cli(t, "replay", "--step", "0", trace)
	require.Equal(t, exitViolation, code)
	assert.Contains(t, out, "Initial state (step 0):")
}

// Files are written only where named, never over the trace, and two flags cannot share one.
func TestReplayNeverWritesOverTheTrace(t *testing.T) {
	trace := randomTrace(t)
	before, err := os.ReadFile(trace)
	require.NoError(t, err)
	dotted := filepath.Join(filepath.Dir(trace), ".", filepath.Base(trace))
	for _, args := range [][]string{
		{"replay", trace, "--html", trace},
		{"replay", trace, "--shiviz", dotted},
		{"replay", trace, "--mermaid", trace},
	} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.Empty(t, out)
		assert.Contains(t, errOut, "is the trace itself: name another file")
	}
	after, err := os.ReadFile(trace)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	entries, err := os.ReadDir(filepath.Dir(trace))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "nothing was written beside the trace")

	out := filepath.Join(t.TempDir(), "x")
	code, _, errOut := cli(t, "replay", trace, "--html", out, "--shiviz", out)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--html and --shiviz both name")
}

// Bad input to the renderings is one line on stderr and exit status 2; a trace that no longer
// replays says which step diverged.
func TestReplayRenderingBadInput(t *testing.T) {
	trace := randomTrace(t)
	data, err := os.ReadFile(trace)
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	unknown := write("unknown.json", strings.Replace(string(data), `"protocol": "twopc"`, `"protocol": "raft9"`, 1))
	diverged := write("diverged.json", strings.Replace(string(data), `"participants": "3"`, `"participants": "2"`, 1))
	html := filepath.Join(dir, "out.html")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"replay", unknown, "--html", html}, []string{"unknown.json", `unknown protocol "raft9"`}},
		{[]string{"replay", diverged, "--html", html}, []string{"diverged.json", "trace diverges at step"}},
		{[]string{"replay", diverged, "--step", "1"}, []string{"diverged.json", "trace diverges at step"}},
		{[]string{"replay", trace, "--step", "99"}, []string{"--step 99", "want a step from 0 to"}},
		{[]string{"replay", trace, "--step", "x"}, []string{`invalid value "x" for flag -step`}},
		{[]string{"replay", trace, "--html", filepath.Join(unknown, "dir.html")}, []string{"--html", "unknown.json/dir.html: not a directory"}},
		{[]string{"replay", trace, trace}, []string{"one trace file at a time"}},
		{[]string{"replay", trace, "--shiviz", "-"}, []string{"--shiviz -: name a file"}},
		{[]string{"replay", "--html", html}, []string{"name a trace file"}},
	} {
		code, out, errOut := cli(t, c.args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Empty(t, out, "%v", c.args)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: %q", c.args, errOut)
		assert.True(t, strings.HasPrefix(errOut, "distcheck: replay: "), "%v: %q", c.args, errOut)
		for _, w := range c.want {
			assert.Contains(t, errOut, w, "%v", c.args)
		}
	}
	_, err = os.Stat(html)
	assert.True(t, os.IsNotExist(err), "nothing is written for bad input")
}

func TestReplayHelpListsTheRenderings(t *testing.T) {
	code, out, errOut := cli(t, "replay", "--help")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, errOut)
	for _, f := range []string{"--step N", "--html FILE", "--shiviz FILE", "--mermaid FILE"} {
		assert.Contains(t, out, f)
	}
}

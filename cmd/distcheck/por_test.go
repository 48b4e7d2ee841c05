package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCheckPORLeavesStepsOut: --por on Paxos (which declares who sends to whom and what its
// properties read) reaches the same verdict in fewer states and steps, with one worker and
// two, and the summary says what it left out.
func TestCheckPORLeavesStepsOut(t *testing.T) {
	code, plain := checkJSON(t, "paxos", "--symmetry=false", "--por=false")
	assert.Equal(t, exitOK, code)
	var counts []int64
	for _, workers := range []string{"1", "2"} {
		code, rep := checkJSON(t, "paxos", "--por", "--symmetry=false", "--workers", workers)
		assert.Equal(t, exitOK, code)
		assert.True(t, rep.POR)
		assert.True(t, rep.Exhaustive)
		assert.Positive(t, rep.Pruned)
		assert.Less(t, rep.Distinct, plain.Distinct)
		assert.Less(t, rep.Generated, plain.Generated)
		counts = append(counts, rep.Distinct)
	}
	assert.Equal(t, counts[0], counts[1], "1 and 2 workers")
	code, out, _ := cli(t, "check", "paxos", "--por")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "partial-order reduction: ")
}

// TestCheckPORIsRefusedInOneLine: where the reduction would not be sound or cannot apply
// (properties that do not say what they read, a spec-layer model, DFS), --por is refused in
// one line that names it.
func TestCheckPORIsRefusedInOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"raft"}, {"twophase"}, {"paxos", "--strategy", "dfs"},
	} {
		code, _, errOut := cli(t, append(append([]string{"check"}, args...), "--por", "--quiet")...)
		assert.NotEqual(t, exitOK, code, args)
		assert.Contains(t, errOut, "--por", args)
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, errOut)
	}
}

// TestSampledSymmetrySummarySaysOnlyWhatItCounted: random walks under symmetry count orbits but
// not the states they stand for, so the summary gives the orbits alone rather than "stand for 0
// states, 0.0× fewer"; an exhaustive search gives both.
func TestSampledSymmetrySummarySaysOnlyWhatItCounted(t *testing.T) {
	code, out, _ := cli(t, "check", "raft", "--symmetry", "--strategy", "random", "--walks", "20")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "symmetry: ")
	assert.NotContains(t, out, "stand for 0 states")
	code, out, _ = cli(t, "check", "raft", "--symmetry")
	assert.Equal(t, exitOK, code)
	assert.Regexp(t, `symmetry: [0-9,]+ orbits stand for [1-9][0-9,]* states`, out)
}

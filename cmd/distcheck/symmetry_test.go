package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCheckSymmetryStandsForTLCsStates: --symmetry explores TwoPhase's orbits (314 for 5 RMs,
// brute-forced in protocols/twophase) and says they stand for TLC's 8,832 states.
func TestCheckSymmetryStandsForTLCsStates(t *testing.T) {
	for _, workers := range []string{"1", "2"} {
		code, rep := checkJSON(t, "twophase", "--rms", "5", "--symmetry", "--workers", workers)
		assert.Equal(t, exitOK, code)
		assert.Equal(t, int64(314), rep.Distinct)
		assert.Equal(t, int64(8832), rep.Represented)
		assert.True(t, rep.Symmetry)
	}
}

// TestCheckSymmetryIsRefusedWhereNotDeclared: a protocol that declares no interchangeable
// nodes gets a one-line error, not a silent run without the reduction.
func TestCheckSymmetryIsRefusedWhereNotDeclared(t *testing.T) {
	code, _, errOut := cli(t, "check", "multipaxos", "--symmetry", "--quiet")
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errOut, "no symmetry declared")
	assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, errOut)
}

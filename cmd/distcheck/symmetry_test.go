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

// TestCheckReducesByDefaultWhereSound: without --symmetry or --por, check turns each reduction
// on where it is sound and says so: TwoPhase by symmetry alone (a spec-layer model: no POR),
// Paxos by both — its orbits stand for exactly the states that POR alone keeps — and a protocol
// that declares no symmetry by neither, without an error; --symmetry=false and --por=false
// give the full search, TLC's count.
func TestCheckReducesByDefaultWhereSound(t *testing.T) {
	code, rep := checkJSON(t, "twophase", "--rms", "5")
	assert.Equal(t, exitOK, code)
	assert.True(t, rep.Symmetry)
	assert.False(t, rep.POR)
	assert.Equal(t, int64(314), rep.Distinct)
	assert.Equal(t, int64(8832), rep.Represented)
	_, out, _ := cli(t, "check", "twophase", "--rms", "5", "--quiet")
	assert.Contains(t, out, "symmetry: 314 orbits stand for 8,832 states, 28.1× fewer")

	_, both := checkJSON(t, "paxos")
	_, por := checkJSON(t, "paxos", "--symmetry=false")
	_, plain := checkJSON(t, "paxos", "--symmetry=false", "--por=false")
	assert.True(t, both.Symmetry && both.POR)
	assert.True(t, por.POR && !por.Symmetry)
	assert.False(t, plain.POR || plain.Symmetry)
	assert.Equal(t, por.Distinct, both.Represented, "the orbits stand for the states POR keeps")
	assert.Less(t, por.Distinct, plain.Distinct)
	assert.Equal(t, int64(18071), plain.Distinct, "the full count the README quotes")

	code, mp := checkJSON(t, "multipaxos", "--max-states", "2000")
	assert.NotEqual(t, exitUsage, code)
	assert.False(t, mp.Symmetry || mp.POR, "multipaxos declares no symmetry and no reads")
}

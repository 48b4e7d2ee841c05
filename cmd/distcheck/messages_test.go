package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A simulation of one peer is refused in one line that says why, not with a degree error.
func TestSimulateOnePeerSaysWhatIsWrong(t *testing.T) {
	code, _, stderr := cli(t, "simulate", "flooding", "--nodes", "1")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "distcheck: simulate flooding: --nodes 1: a peer-to-peer simulation needs at least 2 peers\n", stderr)
}

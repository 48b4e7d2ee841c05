package reach_test

import (
	"testing"

	"github.com/distcheck/distcheck/internal/reach"
	"github.com/stretchr/testify/assert"
)

// A counter modulo 10 that steps by 4 reaches the even residues only: 5 states; stepping by 3
// it reaches all 10.
func TestCountFollowsEverySuccessor(t *testing.T) {
	step := func(k int) func(int) []int { return func(s int) []int { return []int{(s + k) % 10} } }
	assert.Equal(t, 5, reach.Count(0, step(4)))
	assert.Equal(t, 10, reach.Count(0, step(3)))
	assert.Equal(t, 1, reach.Count(7, func(int) []int { return nil }))
}

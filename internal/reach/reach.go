// Package reach counts the states of a transition system written by hand in a test, by a plain
// search of its own (Count): the independent enumeration that a protocol's test compares the
// explorer's state count with (Explorer), as it does a count derived by hand.
package reach

import (
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Count returns how many distinct states are reachable from init, where next lists the
// successors of a state.
func Count[S comparable](init S, next func(S) []S) int {
	seen := map[S]bool{init: true}
	frontier := []S{init}
	for len(frontier) > 0 {
		s := frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		for _, t := range next(s) {
			if !seen[t] {
				seen[t] = true
				frontier = append(frontier, t)
			}
		}
	}
	return len(seen)
}

// Explorer checks that an exhaustive exploration of sys without reductions finds exactly want
// distinct states, and returns its result.
func Explorer(t *testing.T, sys *actor.System, want int, opts ...distcheck.Option) *explore.Result[*actor.State] {
	t.Helper()
	res := distcheck.Check(t, sys, append([]distcheck.Option{distcheck.NoReductions()}, opts...)...)
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive, "the exploration covers every state")
	assert.EqualValues(t, want, res.Distinct, "distinct states")
	return res
}

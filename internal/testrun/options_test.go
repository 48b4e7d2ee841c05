package testrun

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seed(n uint64) Option {
	return NewOption("distcheck.Seed", func(s *Settings) { s.Explore.Seed = n })
}

func inShort(opts ...Option) Option {
	return NewOption("distcheck.InShort", func(s *Settings) { s.Short = append(s.Short, opts...) })
}

func onlyDistcheck(name string) bool { return strings.HasPrefix(name, "distcheck.") }

// Options apply in order over the defaults, InShort's only under -short (after the others),
// and Given names those that applied.
func TestApplyAppliesInOrderAndInShortLast(t *testing.T) {
	opts := []Option{inShort(seed(9)), seed(1), seed(2)}
	s, err := Apply(Settings{Dir: "d"}, opts, false, onlyDistcheck, "x")
	require.NoError(t, err)
	assert.Equal(t, uint64(2), s.Explore.Seed)
	assert.Equal(t, "d", s.Dir)
	assert.Equal(t, []string{"distcheck.InShort", "distcheck.Seed", "distcheck.Seed"}, s.Given)
	assert.Empty(t, s.Short)

	s, err = Apply(Settings{}, opts, true, onlyDistcheck, "x")
	require.NoError(t, err)
	assert.Equal(t, uint64(9), s.Explore.Seed)
	assert.True(t, s.Gave("distcheck.Seed"))
	assert.False(t, s.Gave("distcheck.Walks"))
}

// An option the caller does not take is refused by name, inside InShort too and without
// -short; so is the zero Option.
func TestApplyRefusesWhatTheCallerDoesNotTake(t *testing.T) {
	only := NewOption("conformance.Only", func(*Settings) {})
	for _, opts := range [][]Option{{only}, {inShort(only)}} {
		_, err := Apply(Settings{}, opts, false, onlyDistcheck, "distcheck.Check")
		assert.EqualError(t, err, "distcheck.Check does not take the option conformance.Only (it is for the conformance suites' Run)")
	}
	_, err := Apply(Settings{}, []Option{{}}, false, onlyDistcheck, "distcheck.Check")
	assert.EqualError(t, err, "distcheck.Check: an option is the zero Option; make options with their functions (distcheck.Seed, ...)")
}

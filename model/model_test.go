package model_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/model"
)

// Every kind of action, property and fairness parses back from its name, and an unknown name
// is an error that names it.
func TestNamesParseBack(t *testing.T) {
	for k := model.ActionStep; k <= model.ActionByzantine; k++ {
		got, err := model.ParseActionKind(k.String())
		require.NoError(t, err, k)
		assert.Equal(t, k, got)
	}
	for k := model.KindAlways; k <= model.KindLeadsTo; k++ {
		got, err := model.ParseKind(k.String())
		require.NoError(t, err, k)
		assert.Equal(t, k, got)
	}
	for _, f := range []model.Fairness{model.FairNone, model.FairNodes, model.FairActions} {
		got, err := model.ParseFairness(f.String())
		require.NoError(t, err, f)
		assert.Equal(t, f, got)
	}
	for _, parse := range []func(string) error{
		func(s string) error { _, err := model.ParseActionKind(s); return err },
		func(s string) error { _, err := model.ParseKind(s); return err },
		func(s string) error { _, err := model.ParseFairness(s); return err },
	} {
		err := parse("sideways")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "sideways")
	}
}

// Permutations lists each permutation of the groups once — as many as GroupOrder counts, by
// hand 2!·3! = 12 for groups {0,1} and {2,3,4} — moving each node only within its group and
// leaving the others in place.
func TestPermutationsStayInTheirGroups(t *testing.T) {
	groups := [][]int{{0, 1}, {2, 3, 4}}
	assert.Equal(t, 12.0, model.GroupOrder(groups))
	seen := map[string]bool{}
	model.Permutations(groups, func(p []int) {
		key := fmt.Sprint(p)
		assert.False(t, seen[key], "permutation %v listed twice", p)
		seen[key] = true
		require.Len(t, p, 5)
		assert.ElementsMatch(t, []int{0, 1}, p[:2], p)
		assert.ElementsMatch(t, []int{2, 3, 4}, p[2:], p)
	})
	assert.Len(t, seen, 12)
	assert.True(t, seen["[0 1 2 3 4]"], "the identity is one of them")

	var all [][]int
	model.EachPermutation(3, func(p []int) { all = append(all, slices.Clone(p)) })
	assert.Len(t, all, 6, "3! permutations of 3 elements")
}

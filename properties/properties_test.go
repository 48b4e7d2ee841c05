package properties_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

func TestConstructorsSetKindAndName(t *testing.T) {
	even := func(n int) bool { return n%2 == 0 }
	for _, c := range []struct {
		p    model.Property[int]
		kind model.Kind
	}{
		{properties.Always("a", even), model.KindAlways},
		{properties.Sometimes("a", even), model.KindSometimes},
		{properties.Eventually("a", even), model.KindEventually},
	} {
		assert.Equal(t, "a", c.p.Name)
		assert.Equal(t, c.kind, c.p.Kind)
		assert.True(t, c.p.Holds(2))
		assert.False(t, c.p.Holds(3))
	}
}

func TestCombinators(t *testing.T) {
	pos := func(n int) bool { return n > 0 }
	even := func(n int) bool { return n%2 == 0 }
	assert.True(t, properties.Not(pos)(-1))
	assert.False(t, properties.Not(pos)(1))
	assert.True(t, properties.And(pos, even)(2))
	assert.False(t, properties.And(pos, even)(3))
	assert.False(t, properties.And(pos, even)(-2))
	assert.True(t, properties.And[int]()(5), "the empty conjunction holds")
	assert.True(t, properties.Implies(pos, even)(-3), "false implies anything")
	assert.True(t, properties.Implies(pos, even)(4))
	assert.False(t, properties.Implies(pos, even)(3))
}

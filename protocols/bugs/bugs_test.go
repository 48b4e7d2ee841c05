package bugs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/distcheck/distcheck/protocols/bugs"
)

func TestCatalogChecksNames(t *testing.T) {
	c := bugs.Catalog{Protocol: "demo", Variants: []bugs.Variant{{"a", "first"}, {"b", "second"}}}
	assert.NoError(t, c.Check(bugs.None))
	assert.NoError(t, c.Check("b"))
	assert.EqualError(t, c.Check("c"), `demo: unknown bug "c" (known: a, b)`)
	assert.EqualError(t, bugs.Catalog{Protocol: "empty"}.Check("c"), `empty: unknown bug "c" (it has none)`)
	assert.Equal(t, []string{"a", "b"}, c.Names())
	assert.Equal(t, []bugs.Bug{"a", "b"}, c.Bugs())
	assert.Equal(t, "second", c.Summary("b"))
	assert.Empty(t, c.Summary("c"))
}

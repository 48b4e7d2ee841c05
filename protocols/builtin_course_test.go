package protocols_test

import (
	"context"
	"testing"

	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each named bug of the course's protocols breaks a property with the protocol's default
// flags, as its catalog line says.
func TestCourseBugsShowWithDefaultFlags(t *testing.T) {
	for _, name := range []string{"lamport-mutex", "token-ring", "maekawa", "snapshot", "termination", "causal-memory"} {
		p, err := protocols.Lookup(name)
		require.NoError(t, err)
		for _, v := range p.Bugs.Variants {
			t.Run(name+"/"+string(v.Bug), func(t *testing.T) {
				c := p.Defaults()
				c.Bug = string(v.Bug)
				r, err := p.Build(c)
				require.NoError(t, err)
				rep, err := r.Explore(context.Background(), explore.Options{Workers: 1})
				require.NoError(t, err)
				require.NotEmpty(t, rep.Findings, "the bug shows no violation with default flags")
				assert.Contains(t, v.Summary, rep.Findings[0].Property, "the catalog names the property that breaks")
			})
		}
	}
}

package protocols

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// A parameter is named once, in the registry: actorBuild finds its field by name, and refuses
// a parameter that has none (or a field of the wrong type) instead of ignoring the flag.
func TestActorBuildFillsFieldsByParameterName(t *testing.T) {
	type config struct {
		Nodes, MaxTerm int
		Faults         actor.Faults
		Bug            bugs.Bug
	}
	var got config
	build := actorBuild(func(c config) (*actor.System, error) {
		got = c
		return &actor.System{Nodes: []actor.Node{}}, nil
	})
	_, err := build(Config{Params: map[string]int{"nodes": 3, "max-term": 2}, Bug: "b", Faults: actor.Faults{Drops: 1}})
	require.NoError(t, err)
	assert.Equal(t, config{Nodes: 3, MaxTerm: 2, Faults: actor.Faults{Drops: 1}, Bug: "b"}, got)

	_, err = build(Config{Params: map[string]int{"rounds": 1}})
	assert.ErrorContains(t, err, "parameter rounds has no int field Rounds")

	type wrong struct{ Bug string }
	_, err = actorBuild(func(wrong) (*actor.System, error) { return nil, nil })(Config{})
	assert.ErrorContains(t, err, "field Bug")
}

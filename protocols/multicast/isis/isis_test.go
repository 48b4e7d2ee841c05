package isis_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multicast/isis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every process delivers every message once, all in one order.
func TestISISDeliversInTotalOrder(t *testing.T) {
	configs := []isis.Config{{Nodes: 2, Messages: 1}, {Nodes: 2, Messages: 2}}
	if !testing.Short() {
		configs = append(configs, isis.Config{Nodes: 3, Messages: 1}) // 191,702 states
	}
	for _, c := range configs {
		t.Run(fmt.Sprintf("nodes=%d,messages=%d", c.Nodes, c.Messages), func(t *testing.T) {
			res := distcheck.Check(t, actortest.System(t, isis.New, c))
			require.NotNil(t, res)
			assert.True(t, res.Exhaustive)
		})
	}
}

// disagree reports whether two processes delivered some two messages in opposite orders.
func disagree(s *actor.State) bool {
	for i := range s.NumNodes() {
		a := actor.NodeAs[*isis.Node](s, model.NodeID(i)).Log
		for k := range s.NumNodes() {
			b := actor.NodeAs[*isis.Node](s, model.NodeID(k)).Log
			for x := range a {
				for y := x + 1; y < len(a); y++ {
					for u := range b {
						for w := u + 1; w < len(b); w++ {
							if a[x] == b[w] && a[y] == b[u] {
								return true
							}
						}
					}
				}
			}
		}
	}
	return false
}

// Delivering on agreement overtakes a message whose priority is not agreed yet.
func TestDeliverOnFinalBreaksTotalOrder(t *testing.T) {
	sys := actortest.System(t, isis.New, isis.Config{Nodes: 2, Messages: 1, Bug: isis.BugDeliverOnFinal})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("TotalOrder"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "TotalOrder")
	assert.True(t, disagree(v.Path.Last()))
}

// Two messages agreed at the same number are ordered by arrival, differently at each process.
func TestNoTiebreakBreaksTotalOrder(t *testing.T) {
	sys := actortest.System(t, isis.New, isis.Config{Nodes: 2, Messages: 1, Bug: isis.BugNoTiebreak})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("TotalOrder"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "TotalOrder")
	last := v.Path.Last()
	assert.True(t, disagree(last))
	assert.Equal(t, actor.NodeAs[*isis.Node](last, 0).Clock, actor.NodeAs[*isis.Node](last, 1).Clock, "both messages agreed at one number")
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, bug := range map[string]bugs.Bug{
		"TestDeliverOnFinalBreaksTotalOrder": isis.BugDeliverOnFinal,
		"TestNoTiebreakBreaksTotalOrder":     isis.BugNoTiebreak,
	} {
		sys := actortest.System(t, isis.New, isis.Config{Nodes: 2, Messages: 1, Bug: bug})
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := isis.New(isis.Config{Nodes: 1, Messages: 1})
	assert.EqualError(t, err, "isis-broadcast: nodes is 1, want at least 2")
	_, err = isis.New(isis.Config{Nodes: 2, Messages: 1, Bug: "x"})
	assert.EqualError(t, err, `isis-broadcast: unknown bug "x" (known: deliver-on-final, no-tiebreak)`)
}

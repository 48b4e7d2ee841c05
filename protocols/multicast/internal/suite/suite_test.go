package suite_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/distcheck/distcheck/protocols/multicast/causal"
	"github.com/distcheck/distcheck/protocols/multicast/internal/suite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func names(props []model.Property[*actor.State]) []string {
	var out []string
	for _, p := range props {
		out = append(out, p.Name)
	}
	return out
}

// The suites check the reliable-broadcast properties and the orders; without liveness under
// crashes, the leads-to ones are left out.
func TestPropertiesAreTheReliableOnesAndTheOrders(t *testing.T) {
	assert.Equal(t, []string{"NoDuplication", "NoCreation", "SomeoneElsesDelivered", "Validity", "Agreement", "FIFOOrder", "CausalOrder"},
		names(suite.Properties(3, false, multicast.FIFO|multicast.Causal)))
	assert.Equal(t, []string{"NoDuplication", "NoCreation", "SomeoneElsesDelivered", "TotalOrder"},
		names(suite.Properties(3, true, multicast.Total)))
}

// A scenario with crashes checks Validity and Agreement only if the suite says processes must
// still deliver then; the system's nodes are the constructor's, named after the suite and the
// implementation.
func TestCrashScenariosDropLivenessUnlessAsked(t *testing.T) {
	newNode := func(c suite.NodeConfig) suite.Node {
		return &causal.Node{V: make([]int, len(c.Nodes)), Sender: multicast.Sender{Left: c.Messages}}
	}
	scenarios := []suite.Scenario{suite.Exhaustive("crash", "", 3, 1, 1), suite.TwoSenders()}
	for live, want := range map[bool][]string{
		true:  {"NoDuplication", "NoCreation", "SomeoneElsesDelivered", "Validity", "Agreement", "CausalOrder"},
		false: {"NoDuplication", "NoCreation", "SomeoneElsesDelivered", "CausalOrder"},
	} {
		s, err := suite.New("t", "impl", scenarios, nil, newNode, suite.Checked{Orders: multicast.Causal, LiveUnderCrashes: live})
		require.NoError(t, err)
		sys, err := s.Scenarios[0].Build()
		require.NoError(t, err)
		assert.Equal(t, want, names(sys.Props))
		assert.Equal(t, "t/impl", sys.Protocol)
		assert.Equal(t, actor.Faults{Crashes: 1}, sys.Faults)
		assert.Len(t, sys.Nodes, 3)
		sys, err = s.Scenarios[1].Build()
		require.NoError(t, err)
		assert.Contains(t, names(sys.Props), "Validity", "no crash: liveness checked")
		assert.Len(t, sys.Nodes, 2)
	}
	_, err := suite.New("t", "impl", nil, scenarios, nil, suite.Checked{})
	assert.ErrorIs(t, err, suite.ErrNoNode)
}

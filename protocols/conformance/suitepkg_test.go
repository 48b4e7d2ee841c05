package conformance_test

import (
	"errors"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/conformance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quiet is a node that does nothing.
type quiet struct{ N int }

func (*quiet) Init(actor.Context)                                {}
func (*quiet) Handle(actor.Context, model.NodeID, actor.Message) {}
func (*quiet) Timeout(actor.Context, actor.Timer)                {}

// hooked holds a func, which the explorer cannot clone.
type hooked struct {
	quiet
	Hook func()
}

// Nodes calls the constructor once per ID, in order, and names the node it cannot use.
func TestNodesNamesTheNodeItCannotUse(t *testing.T) {
	var ids []model.NodeID
	nodes, err := conformance.Nodes(3, func(id model.NodeID) *quiet { ids = append(ids, id); return &quiet{} })
	require.NoError(t, err)
	assert.Len(t, nodes, 3)
	assert.Equal(t, []model.NodeID{0, 1, 2}, ids)

	_, err = conformance.Nodes(3, func(id model.NodeID) *quiet {
		if id == 1 {
			return nil
		}
		return &quiet{}
	})
	assert.EqualError(t, err, "the constructor returned no node for node 1")
	_, err = conformance.Nodes(2, func(id model.NodeID) actor.Node { return nil })
	assert.EqualError(t, err, "the constructor returned no node for node 0")
	_, err = conformance.Nodes(2, func(id model.NodeID) *hooked { return &hooked{} })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "node 0: ")
	assert.Contains(t, err.Error(), "Hook")
}

// RunNamed names the implementation after the test when it has no name, and fails the test
// at once, naming suite and implementation, when the suite cannot be built.
func TestRunNamedNamesAndFails(t *testing.T) {
	var got string
	r := conformance.Record(t, func(tb testing.TB) {
		conformance.RunNamed(tb, "mytest", "", "", func(impl string) (conformance.Suite, error) {
			got = impl
			return conformance.Suite{}, errors.New("no constructor")
		})
	})
	assert.Equal(t, t.Name(), got)
	assert.Equal(t, "mytest: "+t.Name()+": no constructor", r.Errors())
}

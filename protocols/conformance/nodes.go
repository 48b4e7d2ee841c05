package conformance

import (
	"fmt"
	"reflect"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

// Nodes makes n nodes with newNode, a suite's implementation's constructor, called with the
// IDs 0 to n-1 in order: for suites whose scenarios build their systems themselves. It
// returns an error naming the node for which newNode returns nil or a node the explorer
// cannot clone or hash (one holding a func or a channel, say).
func Nodes[N actor.Node](n int, newNode func(id model.NodeID) N) ([]actor.Node, error) {
	nodes := make([]actor.Node, n)
	for i := range nodes {
		var nd actor.Node = newNode(model.NodeID(i))
		if nd == nil || reflect.ValueOf(nd).Kind() == reflect.Pointer && reflect.ValueOf(nd).IsNil() {
			return nil, fmt.Errorf("the constructor returned no node for node %d", i)
		}
		if err := value.Check(nd); err != nil {
			return nil, fmt.Errorf("node %d: %w", i, err)
		}
		nodes[i] = nd
	}
	return nodes, nil
}

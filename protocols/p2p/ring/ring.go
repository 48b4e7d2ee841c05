// Package ring is consistent hashing: nodes placed on a ring of 64-bit hashes, each at several
// points (virtual nodes) so that keys spread evenly, and a key owned by the nodes that follow
// its hash clockwise. When a node leaves, only its keys move, to the nodes after it.
package ring

import (
	"slices"

	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/model/value"
)

type token struct {
	hash uint64
	node model.NodeID
}

// Ring places nodes on the hash ring. It is immutable once made.
type Ring struct {
	tokens []token
	nodes  int
}

// New returns the ring of nodes, each at vnodes points (at least 1).
func New(nodes []model.NodeID, vnodes int) *Ring {
	vnodes = max(vnodes, 1)
	r := &Ring{nodes: len(nodes)}
	for _, n := range nodes {
		for v := range vnodes {
			r.tokens = append(r.tokens, token{value.Finalize(value.Mix(value.Mix(0x7269, uint64(n)), uint64(v))), n})
		}
	}
	slices.SortFunc(r.tokens, func(a, b token) int {
		if a.hash != b.hash {
			if a.hash < b.hash {
				return -1
			}
			return 1
		}
		return int(a.node - b.node)
	})
	return r
}

// Hash returns the ring position of key.
func Hash(key any) uint64 { return value.Hash(key) }

// Owners returns the first n distinct nodes clockwise from key's hash: its owner first, then
// the nodes it fails over to (fewer if the ring has fewer nodes).
func (r *Ring) Owners(key any, n int) []model.NodeID {
	if len(r.tokens) == 0 {
		return nil
	}
	h := Hash(key)
	i, _ := slices.BinarySearchFunc(r.tokens, h, func(t token, h uint64) int {
		switch {
		case t.hash < h:
			return -1
		case t.hash > h:
			return 1
		}
		return 0
	})
	n = min(n, r.nodes)
	out := make([]model.NodeID, 0, n)
	for k := 0; len(out) < n && k < len(r.tokens); k++ {
		node := r.tokens[(i+k)%len(r.tokens)].node
		if !slices.Contains(out, node) {
			out = append(out, node)
		}
	}
	return out
}

// Owner returns the node that owns key.
func (r *Ring) Owner(key any) model.NodeID { return r.Owners(key, 1)[0] }

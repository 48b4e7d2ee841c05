package value_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/distcheck/distcheck/model/value"
)

type id int

type renamed struct {
	Self   id
	Peers  map[id]bool
	Votes  []bool `distcheck:"bynode"`
	Last   any
	Next   *renamed
	Config string `distcheck:"-"`
}

// TestRenamerHashesTheRenamedValue: hashing a value under a permutation gives the hash of the
// value written with the new names, whether IDs sit in fields, map keys, interfaces or behind
// pointers, and slices tagged bynode move their elements.
func TestRenamerHashesTheRenamedValue(t *testing.T) {
	r := value.NewRenamer(reflect.TypeFor[id]())
	swap01 := []int64{1, 0, 2}
	none := []int64{0, 1, 2}
	a := &renamed{Self: 0, Peers: map[id]bool{1: true, 2: false}, Votes: []bool{true, false, true}, Last: id(1), Next: &renamed{Self: 2}}
	b := &renamed{Self: 1, Peers: map[id]bool{0: true, 2: false}, Votes: []bool{false, true, true}, Last: id(0), Next: &renamed{Self: 2}, Config: "ignored"}
	assert.Equal(t, r.Hash(b, none), r.Hash(a, swap01))
	assert.NotEqual(t, r.Hash(a, none), r.Hash(a, swap01))
	c := *b
	c.Votes = []bool{true, false, true} // not the renamed votes
	assert.NotEqual(t, r.Hash(&c, none), r.Hash(a, swap01))
	cyc := &renamed{Self: 1}
	cyc.Next = cyc
	assert.NotEqual(t, r.Hash(cyc, none), r.Hash(cyc, swap01)) // terminates on cycles
}

type withSet struct {
	Promised []id `distcheck:"durable,set"`
	Order    []id
}

// TestRenamerHashesSetsInAnyOrder: a slice tagged set is hashed as a multiset, so a sorted list
// of IDs renamed (and so unsorted) hashes as the sorted list of the new names; an untagged
// slice keeps its order, and a set still counts its elements.
func TestRenamerHashesSetsInAnyOrder(t *testing.T) {
	r := value.NewRenamer(reflect.TypeFor[id]())
	swap02 := []int64{2, 1, 0}
	none := []int64{0, 1, 2}
	a := withSet{Promised: []id{0, 1}}
	b := withSet{Promised: []id{1, 2}}
	assert.Equal(t, r.Hash(b, none), r.Hash(a, swap02))
	assert.NotEqual(t, r.Hash(withSet{Promised: []id{1, 1, 2}}, none), r.Hash(b, none))
	assert.NotEqual(t, r.Hash(withSet{Order: []id{1, 2}}, none), r.Hash(withSet{Order: []id{0, 1}}, swap02))
	field, _ := reflect.TypeFor[withSet]().FieldByName("Promised")
	assert.True(t, value.HasTag(field, "durable"))
	assert.True(t, value.HasTag(field, value.SetTag))
	assert.False(t, value.HasTag(field, value.ByIndexTag))
}

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

package value_test

import (
	"errors"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/model/value"
)

type (
	raftNode struct {
		id    int
		peers []func()
	}
	withChan struct {
		ok  int
		box struct{ in map[string]chan int }
	}
	withUnsafe struct{ p *struct{ u unsafe.Pointer } }
	keyed      struct{ m map[chan int]int }
	tagged     struct {
		id   int
		send func(int)    `distcheck:"-"`
		ch   chan int     `distcheck:"-"`
		up   func() error `distcheck:"-"`
	}
	inbox struct {
		msgs []any
		last any
	}
	handler struct {
		name string
		fn   func()
	}
	recursive struct {
		next *recursive
		vals map[int]*recursive
		any  any
	}
)

func TestCheckNamesThePath(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"slice of funcs", raftNode{}, `value: value_test.raftNode.peers[]: func() cannot be cloned or hashed (tag the field distcheck:"-" if it never changes)`},
		{"pointer root", &raftNode{}, `value: *value_test.raftNode.peers[]: func() cannot be cloned or hashed (tag the field distcheck:"-" if it never changes)`},
		{"chan in map in struct", withChan{}, "value: value_test.withChan.box.in[]: chan int cannot be cloned"},
		{"unsafe pointer behind pointer", withUnsafe{}, "value: value_test.withUnsafe.p.u: unsafe.Pointer cannot be cloned"},
		{"map key", keyed{}, "value: value_test.keyed.m[key]: chan int cannot be cloned"},
		{"func itself", func() {}, "value: func() cannot be cloned"},
		{"func in interface", inbox{msgs: []any{1, func() {}}}, "value: value_test.inbox.msgs[](func()): func() cannot be cloned"},
		{"struct with func in interface", inbox{last: &handler{name: "h"}}, "value: value_test.inbox.last(*value_test.handler).fn: func() cannot be cloned"},
		{"deep in recursive type", &recursive{next: &recursive{vals: map[int]*recursive{1: {any: make(chan int)}}}},
			"value: *value_test.recursive.next.vals[].any(chan int): chan int cannot be cloned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := value.Check(tt.v)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var ve *value.Error
			require.ErrorAs(t, err, &ve)
			assert.NotNil(t, ve.Type)
		})
	}
}

func TestCheckAccepts(t *testing.T) {
	cyc := &recursive{}
	cyc.next = cyc
	cyc.any = cyc
	for _, v := range []any{nil, 1, "s", newNode(), *newNode(), tagged{send: func(int) {}}, inbox{msgs: []any{1, "x", newNode()}}, cyc, ring(3)} {
		assert.NoError(t, value.Check(v), "%T", v)
	}
}

func TestTaggedFuncFieldsWork(t *testing.T) {
	calls := 0
	v := tagged{id: 1, send: func(int) { calls++ }}
	c := value.Clone(v)
	c.send(1)
	assert.Equal(t, 1, calls, "the func is shared")
	assert.Equal(t, value.Hash(v), value.Hash(tagged{id: 1}))
	assert.Equal(t, "value_test.tagged{id:1}", value.Format(v))
}

// recoverError runs f and returns the *value.Error it panicked with.
func recoverError(t *testing.T, f func()) (err *value.Error) {
	t.Helper()
	defer func() {
		r := recover()
		require.NotNil(t, r, "no panic")
		e, ok := r.(*value.Error)
		require.True(t, ok, "panicked with %T: %v", r, r)
		err = e
	}()
	f()
	return nil
}

func TestFuncInInterfacePanicsWithError(t *testing.T) {
	var fn any = func() {}
	holder := inbox{msgs: []any{1, fn}}
	tests := []struct {
		name string
		f    func()
	}{
		{"Clone any", func() { value.Clone(fn) }},
		{"CloneAny", func() { value.CloneAny(fn) }},
		{"Hash", func() { value.Hash(fn) }},
		{"HashValue", func() { value.HashValue(fn) }},
		{"Format", func() { value.Format(fn) }},
		{"Clone field", func() { value.Clone(holder) }},
		{"Hash field", func() { value.Hash(holder) }},
		{"Format field", func() { value.Format(holder) }},
		{"Hash struct with func in interface", func() { value.Hash(inbox{last: handler{}}) }},
		{"Clone chan", func() { value.Clone(make(chan int)) }},
		{"Hash static func field", func() { value.Hash(raftNode{}) }},
		{"Clone static func field", func() { value.Clone(raftNode{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := recoverError(t, tt.f)
			assert.Contains(t, err.Error(), "cannot be cloned or hashed")
			assert.True(t, errors.Is(err, err))
		})
	}
	// The package still works afterwards.
	assert.Equal(t, value.Hash(newNode()), value.Hash(newNode()))
}

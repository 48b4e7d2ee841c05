package value_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/distcheck/distcheck/model/value"
)

type (
	prepare struct {
		Txn   int
		Votes []byte
	}
	ack   struct{}
	term  uint64
	label string
	flag  bool
	// withString has a String method, which Format must not use.
	withString struct{ n int }
	wrapper    struct {
		Msg   any
		Named stringer
		Term  term
		F     float32
		C     complex128
		skip  func() `distcheck:"-"`
		_     int
		last  bool
	}
)

func (withString) String() string { return "not this" }

func TestFormat(t *testing.T) {
	nilEntry := (*Entry)(nil)
	type emb struct {
		Entry
		x int8
	}
	type mapKeys struct {
		byInt  map[int]string
		byStr  map[string]int
		nilMap map[int]int
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, "nil"},
		{"int", 42, "42"},
		{"negative int", -7, "-7"},
		{"int64", int64(1), "int64(1)"},
		{"uint8", uint8(255), "uint8(255)"},
		{"named uint", term(3), "value_test.term(3)"},
		{"bool", true, "true"},
		{"named bool", flag(false), "value_test.flag(false)"},
		{"string", "quoted string", `"quoted string"`},
		{"string escapes", "a\"b\n", `"a\"b\n"`},
		{"named string", label("x"), `value_test.label("x")`},
		{"float64", 1.5, "float64(1.5)"},
		{"float64 integral", 2.0, "float64(2)"},
		{"float NaN", math.NaN(), "float64(NaN)"},
		{"float -Inf", math.Inf(-1), "float64(-Inf)"},
		{"complex", complex(1, -2), "complex128((1-2i))"},
		{"bytes", []byte{1, 2, 3}, "[1 2 3]"},
		{"nil slice", []int(nil), "[]"},
		{"empty slice", []int{}, "[]"},
		{"array", [3]int{1, 2, 3}, "[1 2 3]"},
		{"strings", []string{"a", "b"}, `["a" "b"]`},
		{"struct", prepare{Txn: 1, Votes: []byte{1, 2}}, "value_test.prepare{Txn:1, Votes:[1 2]}"},
		{"empty struct", ack{}, "value_test.ack{}"},
		{"anonymous empty struct", struct{}{}, "struct {}{}"},
		{"pointer to struct", &Entry{Term: 2}, `&value_test.Entry{Term:2, Index:0, Cmd:""}`},
		{"pointer to int", new(int), "&0"},
		{"pointer to int64", new(int64), "&int64(0)"},
		{"typed nil pointer", nilEntry, "(*value_test.Entry)(nil)"},
		{"map", map[string]int{"b": 2, "a": 1}, `map[string]int{"a":1, "b":2}`},
		{"nil map", map[string]int(nil), "map[string]int{}"},
		{"map sorted by formatted key", map[int]bool{10: true, 2: false, 1: true}, "map[int]bool{1:true, 10:true, 2:false}"},
		{"map of any", map[string]any{"x": int64(1), "y": nil}, `map[string]interface {}{"x":int64(1), "y":nil}`},
		{"unexported fields", peer{id: 1, match: 2}, "value_test.peer{id:1, match:2}"},
		{"embedded", emb{Entry: Entry{Term: 1}, x: -1}, `value_test.emb{Entry:value_test.Entry{Term:1, Index:0, Cmd:""}, x:-1}`},
		{"String method ignored", withString{n: 1}, "value_test.withString{n:1}"},
		{"interfaces and skipped fields", wrapper{Msg: ack{}, Named: named{s: []string{"z"}}, Term: 4, F: 0.1, C: 1i, skip: func() {}, last: true},
			`value_test.wrapper{Msg:value_test.ack{}, Named:value_test.named{s:["z"]}, Term:4, F:0.1, C:(0+1i), last:true}`},
		{"interface holding scalars", []any{1, int64(1), "s", nil, nilEntry}, `[1 int64(1) "s" nil (*value_test.Entry)(nil)]`},
		{"nested nil pointer", struct{ p *Entry }{}, "struct { p *value_test.Entry }{p:nil}"},
		{"maps in structs", mapKeys{byInt: map[int]string{3: "c", 1: "a"}, byStr: map[string]int{"b": 1, "a": 2}},
			`value_test.mapKeys{byInt:map[int]string{1:"a", 3:"c"}, byStr:map[string]int{"a":2, "b":1}, nilMap:map[int]int{}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, value.Format(tt.v))
		})
	}
}

func TestFormatCycles(t *testing.T) {
	r := ring(2)
	assert.Equal(t, "&value_test.listNode{val:0, next:&value_test.listNode{val:1, next:<cycle>}}", value.Format(r))
	self := &node{ID: 1}
	self.pending = self
	assert.Contains(t, value.Format(self), "pending:<cycle>")

	// A shared (acyclic) pointee prints in full at each place.
	shared := &peer{id: 1}
	type two struct{ a, b *peer }
	assert.Equal(t, "value_test.two{a:&value_test.peer{id:1, match:0}, b:&value_test.peer{id:1, match:0}}", value.Format(two{shared, shared}))
}

func TestFormatMapKeyOrderIsStable(t *testing.T) {
	type k struct {
		a int
		b string
	}
	m1, m2 := map[k][]int{}, map[k][]int{}
	for i := range 30 {
		m1[k{i % 7, string(rune('a' + i))}] = []int{i}
		m2[k{(29 - i) % 7, string(rune('a' + 29 - i))}] = []int{29 - i}
	}
	assert.Equal(t, value.Format(m1), value.Format(m2))
	// Distinct pointer keys that print alike are ordered by their values.
	p1, p2 := &peer{}, &peer{}
	assert.Equal(t, "map[*value_test.peer]int{&value_test.peer{id:0, match:0}:1, &value_test.peer{id:0, match:0}:2}",
		value.Format(map[*peer]int{p2: 2, p1: 1}))
}

func TestFormatOfCloneIsEqual(t *testing.T) {
	n := newNode()
	assert.Equal(t, value.Format(n), value.Format(value.Clone(n)))
	assert.Equal(t, value.Format(n), value.Format(newNode()))
}

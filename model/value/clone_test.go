package value_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/model/value"
)

func TestCloneIsIndependent(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *node)
	}{
		{"exported int", func(c *node) { c.ID = 99 }},
		{"unexported int", func(c *node) { c.term = 99 }},
		{"string", func(c *node) { c.role = "follower" }},
		{"slice element", func(c *node) { c.log[3].Cmd = "changed" }},
		{"slice append in place", func(c *node) { c.log = append(c.log[:1], Entry{Term: 9}) }},
		{"map entry", func(c *node) { c.nextIndex[3] = 0 }},
		{"map delete", func(c *node) { delete(c.nextIndex, 1) }},
		{"array element", func(c *node) { c.votes[0] = 7 }},
		{"pointee", func(c *node) { c.leader.match = 0 }},
		{"nested struct slice in unexported field", func(c *node) { c.inner.acks[0] = 42 }},
		{"slice inside map in unexported field", func(c *node) { c.inner.byKey["y"][1] = 42 }},
		{"pointee in nested struct", func(c *node) { c.inner.last.Cmd = "x" }},
		{"pointee held in interface", func(c *node) { c.pending.(*Entry).Term = 42 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := newNode()
			c := value.Clone(orig)
			require.NotSame(t, orig, c)
			require.Equal(t, newNode(), c, "the clone starts equal")
			tt.mutate(c)
			assert.Equal(t, newNode(), orig, "the original is unchanged")
		})
	}
}

func TestCloneValueType(t *testing.T) {
	orig := *newNode()
	c := value.Clone(orig)
	c.inner.acks[1] = 100
	c.log[0].Term = 100
	c.leader.id = 100
	assert.Equal(t, *newNode(), orig)
}

func TestCloneSharesTaggedField(t *testing.T) {
	orig := newNode()
	c := value.Clone(orig)
	assert.Same(t, orig.cfg, c.cfg, "a distcheck:\"-\" field is shared")
	assert.NotSame(t, orig.leader, c.leader, "other pointers are not")
}

func TestCloneSharesStrings(t *testing.T) {
	orig := []string{"some long string"}
	c := value.Clone(orig)
	assert.Same(t, unsafe.StringData(orig[0]), unsafe.StringData(c[0]))
	assert.NotSame(t, unsafe.SliceData(orig), unsafe.SliceData(c))
}

func TestClonePreservesAliasing(t *testing.T) {
	type pair struct {
		a, b *peer
		s    []*peer
		m    map[int]*peer
		i    any
	}
	shared := &peer{id: 1}
	orig := pair{a: shared, b: shared, s: []*peer{shared, {id: 2}}, m: map[int]*peer{1: shared}, i: shared}
	c := value.Clone(orig)
	require.NotSame(t, shared, c.a)
	assert.Same(t, c.a, c.b)
	assert.Same(t, c.a, c.s[0])
	assert.Same(t, c.a, c.m[1])
	assert.Same(t, c.a, c.i.(*peer))
	c.a.match = 5
	assert.Equal(t, 5, c.b.match)
	assert.Equal(t, 0, shared.match)
}

func TestCloneCycles(t *testing.T) {
	orig := ring(5)
	c := value.Clone(orig)
	seen := map[*listNode]bool{}
	cur := c
	for i := range 5 {
		require.Equal(t, i, cur.val)
		require.False(t, seen[cur])
		seen[cur] = true
		for o, j := orig, 0; j < 5; o, j = o.next, j+1 {
			require.NotSame(t, o, cur, "no clone node is an original node")
		}
		cur = cur.next
	}
	assert.Same(t, c, cur, "the clone is a ring of 5")

	self := &node{}
	self.pending = self
	cs := value.Clone(self)
	assert.Same(t, cs, cs.pending.(*node))
	assert.NotSame(t, self, cs)
}

func TestCloneLongList(t *testing.T) {
	head := &listNode{}
	cur := head
	for i := 1; i < 10000; i++ {
		cur.next = &listNode{val: i}
		cur = cur.next
	}
	c := value.Clone(head)
	n := 0
	for o, k := head, c; o != nil; o, k = o.next, k.next {
		require.NotSame(t, o, k)
		require.Equal(t, o.val, k.val)
		n++
	}
	assert.Equal(t, 10000, n)
}

func TestCloneKeepsNilAndEmpty(t *testing.T) {
	type holder struct {
		nilSlice   []int
		emptySlice []int
		nilMap     map[int]int
		emptyMap   map[int]int
		nilPtr     *int
		nilIface   any
		emptyInAny any
		ptrSlice   []*int
		emptyPtrs  []*int
	}
	orig := holder{emptySlice: []int{}, emptyMap: map[int]int{}, emptyInAny: []string{}, emptyPtrs: make([]*int, 0, 4)}
	c := value.Clone(orig)
	assert.Nil(t, c.nilSlice)
	assert.NotNil(t, c.emptySlice)
	assert.Empty(t, c.emptySlice)
	assert.Nil(t, c.nilMap)
	assert.NotNil(t, c.emptyMap)
	assert.Empty(t, c.emptyMap)
	assert.Nil(t, c.nilPtr)
	assert.Nil(t, c.nilIface)
	assert.NotNil(t, c.emptyInAny.([]string))
	assert.Nil(t, c.ptrSlice)
	assert.NotNil(t, c.emptyPtrs)
	c.emptyPtrs = append(c.emptyPtrs, new(int))
	assert.Nil(t, orig.emptyPtrs[:1][0], "appending to the clone does not write into the original's array")
}

func TestClonePointerTypeReturnsNewPointer(t *testing.T) {
	orig := &peer{id: 3, match: 4}
	c := value.Clone(orig)
	require.NotSame(t, orig, c)
	assert.Equal(t, *orig, *c)
	assert.Nil(t, value.Clone[*peer](nil))
}

func TestCloneAny(t *testing.T) {
	orig := newNode()
	c := value.CloneAny(orig)
	cn, ok := c.(*node)
	require.True(t, ok, "same dynamic type, got %T", c)
	require.NotSame(t, orig, cn)
	cn.log[0].Cmd = "changed"
	assert.Equal(t, newNode(), orig)

	for _, v := range []any{nil, 1, int64(1), "s", Entry{Term: 1}, []int{1, 2}, map[string]bool{"a": true}, [2]*int{}} {
		assert.Equal(t, v, value.CloneAny(v))
	}
	arr := [1]*peer{{id: 1}}
	ca := value.CloneAny(arr).([1]*peer)
	assert.NotSame(t, arr[0], ca[0], "a pointer-shaped array held in an interface is cloned too")
	assert.Equal(t, arr[0], ca[0])
}

func TestCloneInterfaceFields(t *testing.T) {
	type msg struct{ body any }
	type envelope struct {
		msgs  []any
		inner any
	}
	orig := envelope{msgs: []any{[]int{1, 2}, map[int][]int{1: {1}}, &msg{body: []byte("x")}, 3, "s"}, inner: msg{body: &peer{id: 1}}}
	c := value.Clone(orig)
	c.msgs[0].([]int)[0] = 100
	c.msgs[1].(map[int][]int)[1][0] = 100
	c.msgs[2].(*msg).body.([]byte)[0] = 'y'
	c.inner.(msg).body.(*peer).id = 100
	assert.Equal(t, []int{1, 2}, orig.msgs[0])
	assert.Equal(t, map[int][]int{1: {1}}, orig.msgs[1])
	assert.Equal(t, []byte("x"), orig.msgs[2].(*msg).body)
	assert.Equal(t, 1, orig.inner.(msg).body.(*peer).id)
}

type stringer interface{ String() string }

type named struct{ s []string }

func (n named) String() string { return n.s[0] }

func TestCloneNonEmptyInterface(t *testing.T) {
	type holder struct{ s stringer }
	orig := holder{s: named{s: []string{"a"}}}
	c := value.Clone(orig)
	c.s.(named).s[0] = "b"
	assert.Equal(t, "a", orig.s.String())
	assert.Equal(t, "b", c.s.String())
}

func TestCloneMapWithPointerKeys(t *testing.T) {
	k1, k2 := &peer{id: 1}, &peer{id: 2}
	orig := map[*peer][]int{k1: {1}, k2: {2}}
	c := value.Clone(orig)
	require.Len(t, c, 2)
	for k, v := range c {
		assert.NotSame(t, k1, k)
		assert.NotSame(t, k2, k)
		assert.Equal(t, []int{k.id}, v)
	}
}

// counted has its own Clone method, which counts its calls.
type counted struct {
	n    []int
	mark string
}

var cloneCalls atomic.Int64

func (c counted) Clone() counted {
	cloneCalls.Add(1)
	return counted{n: append([]int(nil), c.n...), mark: "by method"}
}

// ptrCounted has a pointer-receiver Clone method.
type ptrCounted struct{ n []int }

var ptrCloneCalls atomic.Int64

func (c *ptrCounted) Clone() *ptrCounted {
	ptrCloneCalls.Add(1)
	if c == nil {
		panic("called on nil")
	}
	return &ptrCounted{n: append([]int(nil), c.n...)}
}

// byPtr has a pointer-receiver Clone method returning a value.
type byPtr struct{ n []int }

func (c *byPtr) Clone() byPtr { return byPtr{n: []int{-1}} }

// notExact has a Clone method with another result type: it is ignored.
type notExact struct{ n []int }

func (notExact) Clone() any { panic("must not be called") }

func TestCloneUsesCloneMethod(t *testing.T) {
	cloneCalls.Store(0)
	c := value.Clone(counted{n: []int{1}})
	assert.Equal(t, "by method", c.mark)
	assert.EqualValues(t, 1, cloneCalls.Load())

	type holder struct {
		a  counted
		bs []counted
		p  *counted
		i  any
	}
	h := value.Clone(holder{a: counted{n: []int{1}}, bs: []counted{{}, {}}, p: &counted{}, i: counted{}})
	assert.EqualValues(t, 6, cloneCalls.Load(), "top level, field, 2 elements, pointee, interface")
	for _, m := range []string{h.a.mark, h.bs[0].mark, h.bs[1].mark, h.p.mark, h.i.(counted).mark} {
		assert.Equal(t, "by method", m)
	}

	ptrCloneCalls.Store(0)
	orig := &ptrCounted{n: []int{1}}
	pc := value.Clone(orig)
	assert.NotSame(t, orig, pc)
	assert.EqualValues(t, 1, ptrCloneCalls.Load())
	assert.Nil(t, value.Clone[*ptrCounted](nil), "a nil pointer is not passed to the method")
	type ph struct{ p, q *ptrCounted }
	value.Clone(ph{p: orig})
	assert.EqualValues(t, 2, ptrCloneCalls.Load(), "the nil field is not passed to the method")

	var held any = orig // a pointer type's method, reached through an interface and a slice
	ch := value.Clone(struct {
		i  any
		ps []*ptrCounted
	}{held, []*ptrCounted{orig, nil}})
	assert.EqualValues(t, 4, ptrCloneCalls.Load(), "the interface and the non-nil element")
	require.NotSame(t, orig, ch.i)
	assert.Equal(t, orig, ch.i)
	assert.NotSame(t, orig, ch.ps[0])
	assert.Nil(t, ch.ps[1])
	assert.EqualValues(t, 2, testing.AllocsPerRun(100, func() { _ = value.CloneAny(held) }),
		"the method's own two allocations: it is called directly, not through reflect.Value.Call")

	assert.Equal(t, byPtr{n: []int{-1}}, value.Clone(byPtr{n: []int{5}}))
	assert.Equal(t, []byPtr{{n: []int{-1}}}, value.Clone([]byPtr{{n: []int{5}}}))

	ne := notExact{n: []int{1}}
	cne := value.Clone(ne)
	cne.n[0] = 2
	assert.Equal(t, 1, ne.n[0])
}

func TestCloneDoesNotAllocateForPointerFreeValues(t *testing.T) {
	type flat struct {
		a, b int
		c    [4]uint64
		s    string
		f    float64
	}
	v := flat{a: 1, s: "x"}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = value.Clone(v) }))
	ints := []int{1, 2, 3, 4, 5}
	assert.EqualValues(t, 1, testing.AllocsPerRun(100, func() { _ = value.Clone(ints) }), "just the new array")
	p := &peer{id: 1}
	assert.EqualValues(t, 1, testing.AllocsPerRun(100, func() { _ = value.Clone(p) }), "just the new pointee")
}

func TestCloneIsSafeForConcurrentUse(t *testing.T) {
	orig := newNode()
	want := value.Hash(orig)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				c := value.Clone(orig)
				c.log[0].Term++
				c.nextIndex[1]++
				if value.Hash(orig) != want {
					t.Error("hash changed")
					return
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, newNode(), orig)
}

// Shapes that stress the plans: zero-size parts, arrays of references, recursion through a
// slice and a map, a pointer in a non-empty interface, uintptr and complex numbers.
type (
	treeOfKids struct {
		val  int
		kids []treeOfKids
	}
	nestedMap map[string]nestedMap
	oddShapes struct {
		empty   struct{}
		zeroArr [0]int
		unit    []struct{}
		ptrs    [3]*peer
		ifaces  [2]any
		named   stringer
		up      uintptr
		cx      complex64
		flags   [3]bool
		mixed   struct {
			b bool
			n int64
		}
		pp **peer
	}
)

func (p *peer) String() string { return "peer" }

func TestCloneOddShapes(t *testing.T) {
	pp := &peer{id: 7}
	orig := oddShapes{
		unit:   make([]struct{}, 3),
		ptrs:   [3]*peer{{id: 1}, nil, {id: 3}},
		ifaces: [2]any{&peer{id: 4}, []int{1}},
		named:  &peer{id: 5},
		up:     9,
		cx:     1 + 2i,
		flags:  [3]bool{true, false, true},
		pp:     &pp,
	}
	orig.mixed.b, orig.mixed.n = true, -1
	want := value.Format(orig)
	wantHash := value.Hash(orig)
	c := value.Clone(orig)
	assert.Equal(t, orig, c)
	assert.Equal(t, wantHash, value.Hash(c))
	c.ptrs[0].id = 100
	c.ifaces[0].(*peer).id = 100
	c.ifaces[1].([]int)[0] = 100
	c.named.(*peer).id = 100
	(*c.pp).id = 100
	assert.Equal(t, want, value.Format(orig))
	assert.Equal(t, wantHash, value.Hash(orig))
	assert.NotSame(t, orig.named.(*peer), c.named.(*peer))
	assert.NotSame(t, *orig.pp, *c.pp)

	tree := treeOfKids{val: 1, kids: []treeOfKids{{val: 2}, {val: 3, kids: []treeOfKids{{val: 4}}}}}
	ct := value.Clone(tree)
	ct.kids[1].kids[0].val = 40
	assert.Equal(t, 4, tree.kids[1].kids[0].val)
	assert.Equal(t, value.Hash(tree), value.Hash(treeOfKids{val: 1, kids: []treeOfKids{{val: 2}, {val: 3, kids: []treeOfKids{{val: 4}}}}}))
	assert.Equal(t, "value_test.treeOfKids{val:1, kids:[value_test.treeOfKids{val:2, kids:[]} value_test.treeOfKids{val:3, kids:[value_test.treeOfKids{val:4, kids:[]}]}]}", value.Format(tree))

	nm := nestedMap{"a": {"b": {}}, "c": nil}
	cm := value.Clone(nm)
	cm["a"]["b"]["x"] = nil
	assert.Empty(t, nm["a"]["b"])
	assert.Equal(t, `value_test.nestedMap{"a":value_test.nestedMap{"b":value_test.nestedMap{}}, "c":value_test.nestedMap{}}`, value.Format(nm))
	assert.NotEqual(t, value.Hash(nm), value.Hash(cm))
}

func TestClonePointerToInterface(t *testing.T) {
	type holder struct {
		a *any
		s *stringer
	}
	var a any = []int{1}
	var s stringer = &peer{id: 1}
	orig := holder{a: &a, s: &s}
	c := value.Clone(orig)
	require.NotSame(t, orig.a, c.a)
	(*c.a).([]int)[0] = 2
	(*c.s).(*peer).id = 2
	assert.Equal(t, []int{1}, a)
	assert.Equal(t, 1, s.(*peer).id)
	assert.Equal(t, value.Hash(orig), value.Hash(holder{a: &a, s: &s}))
	assert.Equal(t, "value_test.holder{a:&[1], s:&&value_test.peer{id:1, match:0}}", value.Format(orig))
}

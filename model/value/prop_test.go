package value_test

import (
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/distcheck/distcheck/model/value"
)

// tree is a random value with every kind of part, recursive through a pointer, a slice, a map
// and an interface.
type tree struct {
	N     int
	small int8
	u     uint32
	f     float64
	ok    bool
	name  string
	bytes []byte
	arr   [3]int16
	kids  []*tree
	byKey map[string]tree
	next  *tree
	any   any
	pair  struct{ a, b string }
}

// peerBox is boxed when stored in an interface; [1]*peer is stored in the data word itself.
type peerBox struct{ p *peer }

func treeGen(depth int) *rapid.Generator[tree] {
	return rapid.Custom(func(t *rapid.T) tree {
		v := tree{
			N:     rapid.IntRange(-3, 3).Draw(t, "N"),
			small: rapid.Int8().Draw(t, "small"),
			u:     rapid.Uint32Range(0, 2).Draw(t, "u"),
			f:     float64(rapid.IntRange(-2, 2).Draw(t, "f")) / 2,
			ok:    rapid.Bool().Draw(t, "ok"),
			name:  rapid.StringMatching(`[ab]{0,3}`).Draw(t, "name"),
			arr:   [3]int16{rapid.Int16Range(0, 1).Draw(t, "a0"), 0, rapid.Int16Range(0, 1).Draw(t, "a2")},
		}
		v.pair.a = rapid.StringMatching(`[ab]{0,2}`).Draw(t, "pa")
		v.pair.b = rapid.StringMatching(`[ab]{0,2}`).Draw(t, "pb")
		if rapid.Bool().Draw(t, "hasBytes") {
			v.bytes = rapid.SliceOfN(rapid.Byte(), 0, 70).Draw(t, "bytes")
		}
		switch rapid.IntRange(0, 7).Draw(t, "any") {
		case 1:
			v.any = rapid.IntRange(0, 2).Draw(t, "anyInt")
		case 2:
			v.any = int64(rapid.IntRange(0, 2).Draw(t, "anyInt64"))
		case 3:
			v.any = rapid.StringMatching(`[ab]{0,2}`).Draw(t, "anyStr")
		case 4:
			v.any = rapid.SliceOfN(rapid.IntRange(0, 2), 0, 3).Draw(t, "anySlice")
		case 5:
			v.any = &peer{id: rapid.IntRange(0, 2).Draw(t, "anyPeer")}
		case 6:
			v.any = peerBox{p: &peer{id: rapid.IntRange(0, 2).Draw(t, "boxPeer")}}
		case 7:
			v.any = [1]*peer{{id: rapid.IntRange(0, 2).Draw(t, "arrPeer")}}
		}
		if depth > 0 {
			sub := treeGen(depth - 1)
			if rapid.Bool().Draw(t, "hasKids") {
				v.kids = rapid.SliceOfN(rapid.Ptr(sub, true), 0, 3).Draw(t, "kids")
			}
			if rapid.Bool().Draw(t, "hasMap") {
				v.byKey = rapid.MapOfN(rapid.StringMatching(`[ab]{1,2}`), sub, 0, 3).Draw(t, "byKey")
			}
			v.next = rapid.Ptr(sub, true).Draw(t, "next")
		}
		return v
	})
}

func TestPropertyCloneHashFormat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := treeGen(2).Draw(t, "v")
		if rapid.Bool().Draw(t, "cycle") && v.next != nil {
			v.next.next = &v // a cycle back to the root (through a copy of it)
		}
		before := value.Format(v)
		c := value.Clone(v)
		if value.Hash(c) != value.Hash(v) {
			t.Fatalf("Hash(Clone(v)) != Hash(v) for %s", before)
		}
		if got := value.Format(c); got != before {
			t.Fatalf("Format(Clone(v)) = %s, want %s", got, before)
		}
		if value.Hash(v) != value.HashValue(v) {
			t.Fatal("Hash != HashValue")
		}
		if v.next == nil || v.next.next != &v {
			if !reflect.DeepEqual(c, v) {
				t.Fatalf("clone not deeply equal: %s", before)
			}
		}
		// Changing the clone everywhere leaves the original alone.
		mutate(&c, 3)
		if after := value.Format(v); after != before {
			t.Fatalf("original changed:\n%s\n%s", before, after)
		}
	})
}

// mutate changes every mutable part of v reachable within depth.
func mutate(v *tree, depth int) {
	if v == nil || depth == 0 {
		return
	}
	v.N++
	for i := range v.bytes {
		v.bytes[i]++
	}
	for _, k := range v.kids {
		mutate(k, depth-1)
	}
	for k, x := range v.byKey {
		x.N++
		v.byKey[k] = x
	}
	if s, ok := v.any.([]int); ok && len(s) > 0 {
		s[0]++
	}
	switch x := v.any.(type) {
	case *peer:
		x.id++
	case peerBox:
		x.p.id++
	case [1]*peer:
		x[0].id++
	}
	mutate(v.next, depth-1)
}

func TestPropertyHashAgreesWithFormat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := treeGen(1).Draw(t, "a")
		b := treeGen(1).Draw(t, "b")
		fa, fb := value.Format(a), value.Format(b)
		ha, hb := value.Hash(a), value.Hash(b)
		if (fa == fb) != (ha == hb) {
			t.Fatalf("Format equal %v but Hash equal %v:\n%s\n%s", fa == fb, ha == hb, fa, fb)
		}
	})
}

package value_test

import (
	"testing"

	"github.com/distcheck/distcheck/model/value"
)

// The node of the benchmarks: a few ints and a string, a log of 20 entries, a map of 5 peers,
// a [8]uint64, nested structs in unexported fields, two pointers and an interface.

func BenchmarkClone(b *testing.B) {
	n := newNode()
	b.ReportAllocs()
	for b.Loop() {
		_ = value.Clone(n)
	}
}

func BenchmarkCloneValue(b *testing.B) {
	n := *newNode()
	b.ReportAllocs()
	for b.Loop() {
		_ = value.Clone(n)
	}
}

func BenchmarkClonePointerFree(b *testing.B) {
	type flat struct {
		term, vote, commit int
		role               string
		votes              [8]uint64
	}
	v := flat{term: 1, role: "leader"}
	b.ReportAllocs()
	for b.Loop() {
		_ = value.Clone(v)
	}
}

func BenchmarkHash(b *testing.B) {
	n := newNode()
	b.ReportAllocs()
	for b.Loop() {
		_ = value.Hash(n)
	}
}

func BenchmarkHashValue(b *testing.B) {
	n := *newNode()
	b.ReportAllocs()
	for b.Loop() {
		_ = value.HashValue(n)
	}
}

func BenchmarkHashNoMap(b *testing.B) {
	n := *newNode()
	n.nextIndex = nil
	n.inner.byKey = nil
	b.ReportAllocs()
	for b.Loop() {
		_ = value.HashValue(n)
	}
}

func BenchmarkFormat(b *testing.B) {
	n := newNode()
	b.ReportAllocs()
	for b.Loop() {
		_ = value.Format(n)
	}
}

func BenchmarkCloneParallel(b *testing.B) {
	n := newNode()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_ = value.Clone(n)
		}
	})
}

func BenchmarkHashParallel(b *testing.B) {
	n := newNode()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_ = value.Hash(n)
		}
	})
}

package actortest

import (
	"testing"
)

// System builds a protocol for a test with its constructor and configuration, and fails the
// test at once if the constructor returns an error:
//
//	sys := actortest.System(t, raft.New, raft.Config{Nodes: 3})
func System[C, S any](t testing.TB, build func(C) (S, error), cfg C) S {
	t.Helper()
	s, err := build(cfg)
	if err != nil {
		t.Fatalf("building the system: %v", err)
	}
	return s
}

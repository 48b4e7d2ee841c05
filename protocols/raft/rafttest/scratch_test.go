package rafttest_test

import (
	"testing"

	"github.com/distcheck/distcheck/protocols/raft"
	"github.com/distcheck/distcheck/protocols/raft/rafttest"
)

func TestScratch(t *testing.T) {
	for _, bug := range []raft.Bug{raft.BugNoPrevTermCheck, raft.BugAppendAtEnd} {
		newPeer, _ := raft.Variant(bug)
		_, rep := runOn(t, newPeer, rafttest.Implementation(string(bug)), rafttest.FailFast(), rafttest.TraceDir(t.TempDir()))
		t.Log(rep.String())
	}
}

package raftstudent

import (
	"os"
	"testing"

	"github.com/distcheck/distcheck/protocols/raft/rafttest"
)

// The server satisfies the interface the suite checks.
var _ rafttest.Peer = (*Server)(nil)

// TestRaft runs the conformance suite on Server. The skeleton does nothing yet, so the suite
// would fail it: the test runs only when RAFT_STUDENT is set (see README.md).
func TestRaft(t *testing.T) {
	if os.Getenv("RAFT_STUDENT") == "" {
		t.Skip("the Raft skeleton is not implemented yet: run RAFT_STUDENT=1 go test ./examples/raft-student/ to check it (see README.md)")
	}
	rafttest.Run(t, rafttest.Implementation{NewPeer: NewServer})
}

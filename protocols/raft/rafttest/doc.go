// Package rafttest is a conformance suite for implementations of Raft, in the manner of
// net/http/httptest: it checks anyone's server — a student's, say — against the properties of
// package raft, under faults, and grades it.
//
// A server implements Peer: it is a deterministic model.Node (Init, Handle, Timeout; it acts
// only through its model.Context, with messages and timers of its own choosing) that reports
// its term, role, log and commit index, and appends a client command when Propose is called
// while it leads. Its persistent state — currentTerm, votedFor, the log — lives in fields
// tagged `distcheck:"durable"`, which survive a crash; the rest is lost, and Init runs again
// when the server recovers. A test hands Run the server's constructor:
//
//	func TestRaft(t *testing.T) {
//		rafttest.Run(t, func(id model.NodeID, peers []model.NodeID) rafttest.Peer {
//			return NewServer(id, peers)
//		})
//	}
//
// Run explores each Scenario (DefaultScenarios: three servers exhaustively with crash-recovery,
// lost messages and a partition, five servers in 10,000 random walks), fails the test for each
// property violated with a sequence diagram of its counterexample, saves the counterexample
// under testdata/counterexamples/<TestName>/<scenario>/ and replays it first next time (as
// distcheck.Check does), prints a graded summary — each property: passed, or the path of its
// counterexample — and writes it as JSON with JSON or -rafttest.json:
//
//	rafttest: 6/7 properties hold (TestRaft, 4 scenarios)
//	  ElectionSafety      passed
//	  LogMatching         passed
//	  LeaderCompleteness  FAILED in lost-messages: testdata/counterexamples/TestRaft/lost-messages/0f3c9a4e5b6d7a81.json
//	  ...
//
// A counterexample replays on its own with
//
//	go test -run '^TestRaft$' -distcheck.replay=testdata/counterexamples/TestRaft/lost-messages/0f3c9a4e5b6d7a81.json
//
// The suite runs the server inside raft's harness (raft.NewSystem): timers fire only when no
// message can be delivered, a server that reaches a scenario's highest term and does not lead
// gets no more timers, and a leader whose log is shorter than the scenario's number of commands
// may be given the next command at any quiet moment. The project's raft.Server passes the
// suite; each of its named bugs fails it.
package rafttest

// Package rafttest is a conformance suite for implementations of Raft, in the manner of
// net/http/httptest: it checks anyone's server — a student's, say — against the properties of
// package raft, under faults, and grades it.
//
// A server implements Peer: it is a deterministic actor.Node (Init, Handle, Timeout; it acts
// only through its actor.Context, with messages and timers of its own choosing) that reports
// its term, role, log and commit index, and appends a client command when Propose is called
// while it leads. Its persistent state — currentTerm, votedFor, the log — lives in fields
// tagged `distcheck:"durable"`, which survive a crash; the rest is lost, and Init runs again
// when the server recovers. A test hands Run an Implementation with the server's
// constructor, as every suite of the project takes its implementation
// (paxostest.Run(t, impl, opts...), ...):
//
//	func TestRaft(t *testing.T) {
//		rafttest.Run(t, rafttest.Implementation{NewPeer: func(id model.NodeID, peers []model.NodeID) rafttest.Peer {
//			return NewServer(id, peers)
//		}})
//	}
//
// # The suite
//
// Run explores each Scenario (Scenarios: three servers exhaustively with crash-recovery
// and with lost messages, three across a partition to a depth of 12 steps, two commands in
// swarm walks, five servers in 10,000 PCT walks, and, last, five servers exhaustively, one
// state per orbit of the interchangeable servers — symmetry reduction, applied when the
// servers are copies of each other up to their IDs). In each it checks the properties of package raft — ElectionSafety,
// LogMatching, LeaderCompleteness, StateMachineSafety, CommittedSurvives and CommandCommitted
// — and that no server panics (and, with conformance.CheckDeterminism, that every server is
// deterministic). A search stops at its first violation, and a property that failed is not
// searched for again in later scenarios (distcheck.CollectAll changes both). Each counterexample is
// saved under testdata/counterexamples/<TestName>/<scenario>/ and replayed first the next time
// the test runs, as distcheck.Check does.
//
// Run prints a graded summary to the test's log — each property passed, or the path of its
// counterexample, and each scenario's search — returns it as a Report, which the option
// conformance.JSON and the flag -rafttest.json also write to a file, and fails the test for each check that
// failed, with the counterexample's sequence diagram. The first line counts the checks that
// passed, FAILED and were not checked (a search stops at its first violation, so the other
// properties of that scenario are not checked in it):
//
//	rafttest: TestRaft: 36/37 checks passed: 1 FAILED
//	  ElectionSafety     passed (6 scenarios)
//	  ...
//	  CommandCommitted   FAILED in crash-recovery: never held in any of the 5 distinct states explored (the search was exhaustive)
//	  no-panic           passed (6 scenarios)
//	  scenarios:
//	    crash-recovery  bfs: 5 states, depth 3, exhaustive, 0.00s
//	    ...
//
// A counterexample replays on its own with
//
//	go test -run '^TestRaft$' -distcheck.replay=testdata/counterexamples/TestRaft/lost-messages/0f3c9a4e5b6d7a81.json
//
// The suite runs the server inside raft's harness (raft.New with Config.NewPeer): timers fire only when no
// message can be delivered, a server that reaches a scenario's highest term and does not lead
// gets no more timers, and a leader whose log is shorter than the scenario's number of commands
// may be given the next command at any quiet moment. The project's raft.Server passes the
// suite (Reference); each of its named bugs fails it (Buggy).
//
// The runner that does all this is package conformance's, which every conformance suite
// shares: Report is its, and so are the options (conformance.Option, which is
// distcheck.Option): distcheck.Seed, Walks, MaxStates, Workers, CollectAll, TraceDir and
// InShort, as distcheck.Check takes them, and conformance.FailFast, Only, Output, JSON and
// CheckDeterminism. What is Raft's stays here: Peer, Implementation, the scenarios and how
// each is searched.
//
// # Readable counterexamples
//
// Give your messages and your server a String method: the diagrams of its failures then show
// what it returns instead of every field (a role as "leader", not "role:2"), e.g.
//
//	func (m AppendReq) String() string { return fmt.Sprintf("Append(t%d prev=%d@t%d %v commit=%d)", m.Term, m.PrevIndex, m.PrevTerm, m.Entries, m.LeaderCommit) }
//
// A long text is cut in its row and given in full in a note under the diagram; see package
// conformance, "Readable counterexamples", for a diagram with and without.
package rafttest

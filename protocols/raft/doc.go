// Package raft is the Raft consensus algorithm — leader election, log replication and
// commitment — written to be read beside the paper: Diego Ongaro and John Ousterhout, "In Search
// of an Understandable Consensus Algorithm", USENIX ATC 2014. Server follows Figure 2 rule by
// rule, each quoted where it is implemented, with the paper's section numbers.
//
// # The model
//
// A Server keeps the persistent state of Figure 2 — currentTerm, votedFor and the log — in
// fields tagged `distcheck:"durable"`: after a crash they survive, the rest is lost, and the
// server restarts as a follower. Each server runs inside a harness node (New) that plays
// the client and the state machine: while a leader's log holds fewer than Config.Commands
// entries, a timer (ClientTimer) may give it the next command, and the entries a server
// commits are recorded as applied. The same harness runs a student's implementation in
// package rafttest.
//
// Terms are bounded (Config.MaxTerm): a server at the highest term starts no election, so that
// exhaustive search ends. Leaders send AppendEntries upon election, when a command arrives,
// when their commitIndex advances (so followers learn it), after a rejection, and when their
// retry timer fires while some follower lags (§5.3: "the leader retries AppendEntries RPCs
// indefinitely"); there are no periodic heartbeats, which in an untimed model add states and
// no behaviour. A message identical to one already in flight on the same link is not sent
// again (actor.System.MaxCopies).
//
// # Timing
//
// Raft's safety "must not depend on timing" (§5.6), so ideally any timer could fire at any step
// (actor.TimersAnytime). That explodes: three servers and two terms have more than 13 million
// states by depth 15. The system uses actor.TimersWhenQuiet instead — a timer fires only once no
// message can be delivered, which is Raft's own assumption for liveness, broadcastTime ≪
// electionTimeout — and the faults put asynchrony back where it matters: a lost message
// (--drops) is one slower than every timeout, a partition holds messages back while timers
// fire on both sides and delivers them late when it heals, and a crashed server's timers stop
// while the others' run. The same three servers and two terms have 844 states, and every
// named bug is found within a few faults. With crashes, prefer Faults.LoseWhileDown (messages
// to a crashed server are lost, as a reset connection loses them): kept messages are
// delivered in every order after a recovery, which multiplies the states by twenty.
//
// # Properties
//
// The four invariants of Figure 3 — ElectionSafety, LogMatching, LeaderCompleteness and
// StateMachineSafety (Leader Append-Only is not checked) — and CommittedSurvives, the lemma in
// the proof of Leader Completeness (§5.4.3): every applied entry is in the log of every server
// that could still win an election. It fails the moment an entry is committed unsafely, a
// term before a leader shows it. CommandCommitted is sometimes true: a search that never
// commits a command fails, so a model that does nothing cannot pass.
//
// The tests search three servers with crash-recovery and two lost messages over two terms, and
// with four lost messages over three terms, exhaustively; across a partition, every path of up
// to 12 steps (the whole space has millions of states); and five servers with crashes, losses
// and a partition in random walks. `distcheck check raft [flags] --json` reports the counts of
// each configuration.
//
// # Named bugs
//
// Each breaks a rule of the paper. paper_test.go checks Server one rule of Figure 2 at a
// time, in the manner of etcd's raft_paper_test.go — one handler run with a recording context
// (actor/actortest) — and shows each bug breaking the rule it is listed beside; a search
// in raft_test.go finds what it leads to, with a counterexample saved under
// testdata/counterexamples (`distcheck list -v` gives the flags that show each):
//
//	forget-vote      Figure 2, persistent state       crash, recovery, 2 drops, 2 terms  ElectionSafety
//	stale-votes      Figure 2, RequestVote reply      1 partition, 2 terms               ElectionSafety
//	no-log-check     §5.4.1 election restriction      4 drops, 3 terms                   LeaderCompleteness
//	commit-old-term  §5.4.2 and Figure 8              4 drops, 3 terms                   CommittedSurvives
//	no-truncate      Figure 2, AppendEntries 3        4 drops, 3 terms                   CommittedSurvives
//	fixed-quorum     Figure 2, leaders' commit rule   5 servers                          CommittedSurvives
//	always-truncate  Figure 2, AppendEntries 3 and 4  1 drop, 1 partition                CommittedSurvives
//	ack-log-length   Figure 2, AppendEntries reply    1 drop, 1 partition                CommittedSurvives
//	no-prev-term-check Figure 2, AppendEntries 2      2 drops, 1 partition, 3 terms      LeaderCompleteness
//	append-at-end    Figure 2, AppendEntries 4        2 commands                         LogMatching
package raft

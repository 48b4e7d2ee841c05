// Package multipaxostest checks anyone's implementation of Multi-Paxos against the properties
// of package multipaxos, in the idiom of net/http/httptest: a student writes a leader and an
// acceptor, and a test hands them to Run, which builds systems around them, explores them
// under faults with package conformance's runner and grades the result.
//
//	func TestMyMultiPaxos(t *testing.T) {
//		multipaxostest.Run(t, multipaxostest.Implementation{
//			Name:        "my-multipaxos",
//			NewLeader:   func(c multipaxos.LeaderConfig) multipaxostest.Leader { return NewLeader(c) },
//			NewAcceptor: func(c multipaxos.AcceptorConfig) multipaxostest.Acceptor { return NewAcceptor(c) },
//		})
//	}
//
// # The contract
//
// Leaders and acceptors are deterministic actor.Node values (pointers to structs: no
// goroutines, clocks, randomness or global state) that speak the messages of package
// multipaxos. The leaders are the first nodes, the acceptors — which are the replicas too —
// come after them (multipaxos.Config.LeaderIDs, AcceptorIDs).
//
//   - A leader's ballot is LeaderConfig.Index+1. The first leader starts when Init runs; a
//     leader with LeaderConfig.Standby sets a timer in Init and starts when it fires. To
//     start, it sends multipaxos.Prepare for its ballot to every acceptor, once for the whole
//     log, and collects multipaxos.Promise replies for that ballot from a majority of the
//     acceptors — counting acceptors, not messages, since a message may be delivered twice.
//   - Taking over, a leader must not overwrite what may have been chosen: in every slot up to
//     the highest one any promise reported, it proposes (multipaxos.Accept) the command of the
//     highest-numbered proposal the promises reported for that slot, or multipaxos.NoOp for a
//     slot none reported, so that no gap stays in the log; its own LeaderConfig.Commands go,
//     in order, in the slots after, up to LeaderConfig.Slots.
//   - When a majority of the acceptors have told it (multipaxos.Accepted) that they accepted
//     its proposal in a slot, the command is chosen, and the leader sends multipaxos.Commit
//     for that slot to every acceptor.
//   - A leader leads at most once, under one ballot: it keeps its ballot in a durable field,
//     and after a crash it stays a follower.
//   - An acceptor answers multipaxos.Prepare, unless it promised a higher ballot, with a
//     multipaxos.Promise to the leader that asked, reporting the proposal it accepted in each
//     slot where it accepted one. On multipaxos.Accept it accepts the command in the slot,
//     unless it promised a higher ballot, and tells the leader with multipaxos.Accepted.
//   - As a replica, an acceptor commits the command a multipaxos.Commit names for its slot and
//     executes the committed commands in slot order, never past a slot not committed yet.
//
// A node survives a crash only through the fields of its struct tagged
// `distcheck:"durable"`: on recovery a fresh node made by the factory gets those fields back
// and its Init runs again. An acceptor keeps its promise, its accepted proposals and what it
// committed and executed in durable fields.
//
// Every distinct state of the nodes is a state to explore, so keep the state space small: hold
// sets in maps or sorted slices (an order of arrival that does not matter makes as many states
// as there are orders), and send the accept requests only to the acceptors that promised, as
// the project's leader does. An exhaustive search stops at conformance.DefaultMaxStates
// states; an implementation that needs more is checked only that far, breadth first, and
// fails AllExecuted if no replica executed the whole log within it.
//
// # What the properties read
//
// The properties judge what the acceptors report through multipaxos.Replica, which an
// Acceptor must implement:
//
//   - VoteHistory returns every proposal the acceptor ever accepted (slot, ballot, command),
//     in any order: a history variable, as in Lamport's specifications, which the algorithm
//     never reads; a proposal accepted stays in it after a higher ballot replaces it. A
//     command is chosen in a slot when a majority of the acceptors voted for it there at one
//     ballot.
//   - CommittedLog returns, per slot (index slot−1), the command committed, "" for none.
//   - ExecutedLog returns the commands executed, in order.
//
// All three must be kept in durable fields, so that a crash does not erase them.
//
// The properties (see multipaxos.Config.Build): Agreement (in each slot at most one command is
// chosen), Validity (every command chosen is a leader's or NoOp), CommitsChosen (every command
// committed is the one chosen for its slot), ExecutedPrefix (every replica has executed the
// commands chosen for slots 1..k, in order, for some k) and AllExecuted (sometimes a replica
// executes the whole log) — and, built in, that no node panics, and in the first scenario that
// every node is deterministic.
//
// # The suite
//
// Run explores seven scenarios (Scenarios). Six are exhaustive breadth-first searches: a
// stable leader filling three slots among three acceptors, every step run twice to catch a
// node that is not deterministic (stable-leader); then a leader and a standby, three
// acceptors, two slots, without faults (leader-change); the standby taking over at any
// moment, while the leader's messages are still on their way, in one slot (standby-anytime:
// two ballots over one slot, where an acceptor's promise and acceptance rules matter); and
// again two slots with one lost message (message-loss), with one duplicated message
// (duplication), and with one crash and recovery that loses the messages sent to the node
// while it is down (crash-recovery). Outside standby-anytime the standby's timer fires only
// when no message can be delivered: it takes over once the leader is done, has crashed, or
// lost a message. Every exhaustive scenario but crash-recovery leaves a message that its
// receiver ignores in flight (actor.System.KeepIgnored): the same reachable node states, in
// fewer states. The seventh, five-acceptors, makes 3,000 PCT walks under each of three seeds
// (600 under -short) of at most 60 steps among two leaders, five acceptors and three slots,
// the standby taking over at any moment, with two crashes and recoveries, a lost and a
// duplicated message.
//
// A search stops at its first violation (distcheck.CollectAll grades every property in
// every scenario), and a property that failed is not searched for again in later scenarios;
// conformance.FailFast stops the suite at the first failing scenario. Each counterexample is
// saved under testdata/counterexamples/<TestName>/<scenario>/, in a system named
// "multipaxostest/<implementation>", and is replayed first the next time the test runs.
// Run prints a graded summary and returns it as a conformance.Report, which
// conformance.JSON also writes to a file. The test fails when a check fails, with the
// counterexample's sequence diagram.
//
// The project's implementation (Reference) passes the suite. Its named bugs fail it:
// execute-out-of-order on ExecutedPrefix in stable-leader (the commit of slot 2 overtakes
// that of slot 1), skip-recovery on Agreement in leader-change (the standby overwrites the
// chosen log).
//
// # Readable counterexamples
//
// Give your messages and your replica a String method: the diagrams of its failures then show
// what it returns instead of every field (a role as "leader", not "role:2"), e.g.
//
//	func (m Accept) String() string { return fmt.Sprintf("Accept(b%d slot %d v=%v)", m.Ballot, m.Slot, m.Value) }
//
// A long text is cut in its row and given in full in a note under the diagram; see package
// conformance, "Readable counterexamples", for a diagram with and without.
package multipaxostest

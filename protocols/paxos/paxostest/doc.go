// Package paxostest checks anyone's implementation of single-decree Paxos against the
// properties of package paxos, in the idiom of net/http/httptest: a student writes a
// proposer, an acceptor and, optionally, a learner, and a test hands them to Run, which builds systems around them, explores
// them under faults and grades the result.
//
//	func TestMyPaxos(t *testing.T) {
//		paxostest.Run(t, paxostest.Implementation{
//			Name:        "my-paxos",
//			NewProposer: func(c paxos.ProposerConfig) paxostest.Proposer { return NewProposer(c) },
//			NewAcceptor: func(c paxos.AcceptorConfig) paxostest.Acceptor { return NewAcceptor(c) },
//			NewLearner:  func(c paxos.LearnerConfig) paxostest.Learner { return NewLearner(c) },
//		})
//	}
//
// # The contract
//
// Proposers, acceptors and learners are deterministic actor.Node values (pointers to structs)
// that speak the messages of package paxos:
//
//   - A proposer starts when Init runs: with Config.Input as its value, it sends paxos.Prepare
//     to the acceptors for a ballot of its own — paxos.BallotFor(round, Config.Index,
//     Config.Proposers) — collects paxos.Promise replies for that ballot from a majority, and
//     sends paxos.Accept for that ballot with the value the promises require (the value of the
//     highest-numbered accepted proposal they report, else its input). It may try again with
//     a higher ballot when a timer fires, but no more than Config.Rounds rounds in all, and it
//     must never issue the same ballot twice, even after a crash.
//   - An acceptor answers paxos.Prepare with paxos.Promise, to the proposer that asked, and
//     on paxos.Accept, if it accepts, sends paxos.Accepted with the ballot and value to every
//     learner in Config.Learners.
//   - A learner, if the implementation has one (Implementation.NewLearner; otherwise the
//     learners are package paxos's), hears of every acceptance through paxos.Accepted and
//     learns a value once a majority of the acceptors accepted one proposal of it; its
//     LearnedValues method reports what it learned. The suite records the votes each learner
//     is told of, so which values are chosen is judged on the acceptances, not on the learner.
//
// A node survives a crash only through its fields tagged `distcheck:"durable"`; on recovery a
// fresh node made by the factory gets those fields back and its Init runs again.
//
// # The suite
//
// Run explores seven scenarios (Scenarios): four exhaustive breadth-first searches at the
// smallest interesting size — two proposers, three acceptors, a learner, one round each —
// without faults, with one crash and recovery, with one lost message and with one duplicated
// message; an exhaustive search with three ballots, where the first proposer retries once at
// any moment, so that its second ballot meets the votes of both earlier ones (the third
// ballot is where a proposer's choice among reported values, and its bookkeeping across
// rounds, matter); and 3,000 PCT walks under each of three seeds (600 under -short) with two
// proposers of two rounds each, five acceptors, crashes, recoveries, a lost and a duplicated
// message; and, last, two proposers, five acceptors and a crash and recovery exhaustively, one
// state per orbit of the interchangeable acceptors (symmetry reduction, applied when the
// implementation's acceptors are copies of each other up to their IDs). The first scenario also runs every step twice, to catch a node that is not
// deterministic. The exhaustive searches leave a message that its receiver ignores in flight
// (actor.System.KeepIgnored): the same reachable node states, in about a third of the states.
//
// In each scenario it checks the properties of package paxos — Agreement, Validity, Chosen —
// and that no node panics. A search stops at its first violation, like distcheck.Check (the
// option distcheck.CollectAll grades every property in every scenario); a property that failed is not
// searched for again in later scenarios, whose longer counterexamples would only repeat it.
// Each counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/ and is
// replayed first the next time the test runs, as distcheck.Check does.
//
// Run prints a graded summary — each property passed, or the path of its counterexample —
// and returns it as a conformance.Report, which the option conformance.JSON also writes to a file. The test fails
// when a check fails, with the counterexample's sequence diagram.
//
// The runner that does all this is package conformance's, which every conformance suite
// shares: Run takes its options (conformance.JSON, conformance.FailFast, ...) and returns its
// Report. What is Paxos's stays here: the contract, the Implementation and the scenarios.
//
// # Readable counterexamples
//
// Give your messages and your acceptor a String method: the diagrams of its failures then show
// what it returns instead of every field (a role as "leader", not "role:2"), e.g.
//
//	func (m Accept) String() string { return fmt.Sprintf("Accept(b%d v=%v)", m.Ballot, m.Value) }
//
// A long text is cut in its row and given in full in a note under the diagram; see package
// conformance, "Readable counterexamples", for a diagram with and without.
package paxostest

// Package conformance runs conformance suites: the packages, like paxostest, that check
// anyone's implementation of a protocol — a student's, say — against the protocol's
// properties, in the idiom of net/http/httptest. It holds what every suite shares: the
// exploration of each scenario (exhaustive breadth-first search or random walks), the replay
// of saved counterexamples before any search, the saving of new ones, the graded summary, the
// JSON report and the failing of the test.
//
// # Writing a suite
//
// A suite is a package <protocol>test whose Run takes the implementation — a struct of factory
// functions, one per role — and hands package conformance a Suite: its name, which starts the
// summary; the implementation's name; and its scenarios, each a function that builds a fresh
// actor.System of the implementation's nodes with the protocol's properties. Name the systems
// "<suite>/<implementation>", so that `distcheck replay` does not take a trace of a student's
// nodes for one of the project's own protocol.
//
//	func Run(t testing.TB, impl Implementation, opts ...conformance.Option) *conformance.Report {
//		t.Helper()
//		if impl.NewReplica == nil {
//			t.Fatalf("pbfttest: implementation %q: NewReplica must be set", impl.Name)
//		}
//		build := func(c pbft.Config) func() (*actor.System, error) {
//			return func() (*actor.System, error) { return c.Build("pbfttest/"+impl.Name, impl.NewReplica) }
//		}
//		return conformance.Run(t, conformance.Suite{
//			Name:           "pbfttest",
//			Implementation: impl.Name,
//			Scenarios: []conformance.Scenario{
//				{Name: "normal-case", Doc: "one request, no faults (exhaustive)", Build: build(small), Deterministic: true},
//				{Name: "view-change", Doc: "a faulty primary (random walks)", Build: build(viewChange), Random: true},
//			},
//		}, opts...)
//	}
//
// The suite's own tests run it on the project's correct implementation, which must pass, and
// on each named bug, which must fail: Record runs a suite without failing the test around it,
// and ExpectFailure checks that a property failed in a given scenario.
//
// A suite whose implementation is a node constructor and whose scenarios build their systems
// themselves (ratest, ringtest, bullytest, clockstest, causaltest, totaltest, fdtest,
// snapshottest) can lean on three helpers: RunNamed (the implementation named after the test,
// the suite's -<suite>.json flag, a build error failing the test at once), NewSuite (the
// suite's own scenarios, or its defaults, made this package's) and Nodes (a system's nodes from
// the constructor, with an error naming a node that is nil or cannot be cloned).
//
// # What Run does
//
// Run explores the scenarios in order. In each it first replays the counterexamples saved
// under testdata/counterexamples/<TestName>/<scenario>/; if one still fails, the scenario
// fails without a search. Otherwise it searches — breadth first to DefaultMaxStates states
// (or to a scenario's own bound on states or on depth), or DefaultWalks random walks of
// WalkDepth steps — and saves a counterexample for each violation. It checks each property of the system, and the built-in ones (no node panics,
// every node is deterministic in a scenario marked Deterministic). A search stops at its first
// violation, and a property that failed is not searched for again in later scenarios, whose
// longer counterexamples would only repeat it (distcheck.CollectAll changes both).
//
// # Options
//
// Option is distcheck.Option: one option set for distcheck.Check and the suites. Run takes
// the options of package distcheck whose meaning is the same as in Check — distcheck.Seed,
// Walks, MaxStates, Workers, CollectAll, TraceDir, InShort — and this package's FailFast,
// Only, Output, JSON and CheckDeterminism; Check refuses this package's, and Run refuses the
// options that choose Check's search (distcheck.Strategy, MaxDepth, Time, ...), since each
// scenario chooses its own. A refused option fails the test at once, naming it:
//
//	paxostest.Run(t, impl, distcheck.Seed(7), distcheck.TraceDir(dir), conformance.Only("asynchrony"))
//
// Run prints a graded summary — each property passed, or the path of its counterexample, and
// each scenario's search — returns it as a Report, which the option JSON also writes to a
// file, and fails the test for each check that failed, with the counterexample's sequence
// diagram and the command that replays it alone:
//
//	go test -run '^TestMyPBFT$' -distcheck.replay=testdata/counterexamples/TestMyPBFT/view-change/35b53fe21d6501bc.json
//
// Asked so, with distcheck's flag -distcheck.replay or DISTCHECK_REPLAY, Run searches
// nothing: it replays that one file in the scenario it is of, as distcheck.Check does.
//
// # Readable counterexamples
//
// A failure's sequence diagram shows each message and each node's state by its String method
// when its type has one, and otherwise by its fields. A long text is cut in its row and given
// in full in a numbered note under the diagram, and the states after the last step are listed
// in full. Fields read well enough for small types; a String method makes a large message or
// state read at a glance. A student's Raft AppendEntries without one, then with
//
//	func (m AppendReq) String() string {
//		return fmt.Sprintf("Append(t%d prev=%d@t%d %v commit=%d)", m.Term, m.PrevIndex, m.PrevTerm, m.Entries, m.LeaderCommit)
//	}
//	func (e Entry) String() string { return fmt.Sprintf("%d@t%d", e.Cmd, e.Term) }
//
// and a similar one on the server (role, term, log length, commit index):
//
//	1  o------------>*   deliver n0→n1 raft.AppendReq{Term:1, PrevIndex:0, Prev… [2]   n1: {id:1, term:1, role:0, log:[{Term:1… [3]
//	1  o------------>*   deliver n0→n1 Append(t1 prev=0@t0 [7@t1 8@t1] commit=2)   n1: follower t1 log=2 commit=2
//
// (counterexamples.ExampleRender_stringMethods prints both diagrams whole.) A String method
// is for people only: traces store and compare messages by their content.
package conformance

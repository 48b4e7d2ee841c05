// Package fdtest is a conformance suite for failure detectors by heartbeats (package
// failuredetector describes them): the perfect detector P, which Cachin, Guerraoui and
// Rodrigues implement by Algorithm 2.5, "Exclude on Timeout", in a synchronous system, and the
// eventually perfect ◇P, Algorithm 2.7, "Increasing Timeout", in a partially synchronous one.
// In the manner of net/http/httptest, it checks anyone's nodes — a student's, say — against
// the detector's properties, with crashes, and grades them.
//
// # The contract
//
// A node is a deterministic actor.Node (Init, Handle, Timeout; it acts only through its
// actor.Context, with messages and timers of its own choosing) that says whether its detector
// outputs a process (Node: Suspects). One process, node 0, runs the detector
// (NodeConfig.Monitor): it asks the others for heartbeats and sets a timer, and every other
// process answers it. (One monitor suffices, since detectors do not interact; with a timer
// at every process, weak fairness would let one process's rounds starve another's timer
// forever, a schedule that synchrony rules out.) Processes crash and stay down (crash-stop);
// messages to a crashed process are never delivered.
//
// Timers fire only when no message can be delivered (actor.TimersWhenQuiet). In the perfect
// detector's scenarios that is synchrony: a timeout is longer than any message delay, so a
// process whose reply has not come has crashed. The eventually perfect detector's scenarios
// are partially synchronous: a delay bound exists (Scenario.Bound, in Δs) but the detector
// does not know it. The suite reads the monitor's timeout from its ctx.SetTimer(timer,
// after) — so set the timer with the timeout — and while that timeout is Bound·Δ or less, a
// message to the monitor may miss the timeout: the suite holds it back and delivers it after
// the monitor's next timeout fires, before the one after. Such a message is shown as
// fdtest.Late in diagrams. A detector that lengthens its timeout by Δ (NodeConfig.Delta) after
// each mistake soon waits longer than the bound and is not wrong any more.
//
//	func TestDetector(t *testing.T) {
//		fdtest.Run(t, fdtest.Implementation{Detector: fdtest.EventuallyPerfect,
//			NewNode: func(c fdtest.NodeConfig) fdtest.Node { return NewNode(c) }})
//	}
//
// # The suite
//
// Run explores each Scenario of the implementation's Detector (Scenarios). For both detectors
// it checks StrongCompleteness (leads-to, under weak fairness of actions: once processes have
// crashed, the monitor, if it runs, eventually suspects every one of them) and that no node
// panics; the first scenario also checks that every node is deterministic. For the perfect
// detector: StrongAccuracy (always: the monitor detects no process that runs) and, sometimes,
// CrashDetected (with crashes: so that a detector that never detects does not pass) or
// MonitorTimedOut (without: the monitor's timer fires). For the eventually perfect one,
// eventual strong accuracy, as two properties: MistakesAreFinite (always: the monitor
// withdraws suspicions in at most (n−1)·(Bound+2) steps — a detector that does not lengthen
// its timeout is wrong without end) and FalseSuspicionsEnd (leads-to: once the monitor
// suspects a process that runs, a state comes where it suspects none), and, sometimes,
// FalseSuspicion (a detector that is never wrong was not tested).
//
// A counterexample is saved under testdata/counterexamples/<TestName>/<scenario>/, replayed
// first the next time the test runs, and replays alone with -distcheck.replay (the failure
// prints the command). The options are those of every suite (conformance.Option, which is
// distcheck.Option); the flag -fdtest.json also writes the report as JSON.
//
// The project's nodes pass the suite (Reference); each of package failuredetector's named
// bugs fails it (Buggy). examples/fd-student is a skeleton to start from.
package fdtest

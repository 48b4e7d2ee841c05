// Package failuredetector is the perfect and the eventually perfect failure detector of Cachin,
// Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed Programming" (2nd
// ed., §2.6): Algorithm 2.5, "Exclude on Timeout", which implements the perfect failure detector
// P (Module 2.6) in a synchronous system, and Algorithm 2.7, "Increasing Timeout", which
// implements the eventually perfect failure detector ◇P (Module 2.8) in a partially synchronous
// one.
//
// The monitor, node 0, sends a heartbeat request to every other process at each timeout, and
// every process replies. At a timeout the perfect detector detects (for good) each process that
// did not reply since the last one. The eventually perfect detector suspects it instead, and
// when a suspected process turns out to have replied it withdraws the suspicion and lengthens
// its timeout by Δ. Processes crash (crash-stop, --crashes); the detectors detect crashes and
// nothing else. Each process could run its own detector the same way; one monitor is checked
// because the instances do not interact, and because with every process's timer in an untimed
// model, weak fairness would let one process's rounds starve another's timer forever — a
// schedule that synchrony rules out.
//
// Whether a timeout means a crash depends on the model of time, and the explorer shows both
// outcomes. With actor.TimersWhenQuiet a timer fires only once every message that can be
// delivered has been — a timeout longer than any delay, which is synchrony — and the perfect
// detector is accurate. With timers that fire at any step (the variant BugAsynchronous) the
// reply can still be on its way when the timeout fires, and a live process is detected.
//
// Partial synchrony, for ◇P: a delay bound exists but the processes do not know it
// (Config.Bound, in increments of Δ). A request carries the monitor's current timeout, and while
// it is below the bound the replying process may be late — its reply misses this timeout and
// arrives with the reply to the next request. At the bound or beyond, replies are in time. So
// the detector can be wrong, and every mistake it finds lengthens its timeout, until the timeout
// reaches the bound and it is not wrong any more. The timeout saturates at the bound: a longer
// one behaves the same.
//
// Properties. Both detectors: StrongCompleteness (leads-to, under weak fairness of actions: once
// a process has crashed, the monitor, if it runs, eventually detects it). The perfect detector:
// StrongAccuracy (always: no process is detected before it crashes) and, sometimes,
// CrashDetected (with --crashes) or EveryoneReplied (without). The eventually perfect one,
// eventual strong accuracy as two properties: MistakesAreFinite (always: the monitor withdraws
// suspicions at no more than Bound+1 timeouts — each raises the timeout, and suspicions made
// while it was below the bound can be found at up to two timeouts after it reaches it) and
// FalseSuspicionsEnd (leads-to: once a running process suspects a running process, a state
// comes where none does), and, sometimes, FalseSuspicion.
//
// The named buggy variants:
//
//   - BugAsynchronous (perfect): the correct algorithm with timers that fire at any step.
//     StrongAccuracy fails at the first timeout, before the reply has arrived.
//   - BugNoReset (perfect): the monitor never empties its set of processes that replied, so a
//     process that replied once and then crashed is never detected (--crashes 1).
//     StrongCompleteness fails.
//   - BugNoIncrease (eventually perfect): the timeout stays as it is after a mistake, so
//     the monitor stays below the bound and goes on making mistakes. MistakesAreFinite fails.
//   - BugNeverRestore (eventually perfect): a suspected process stays suspected when it
//     replies. FalseSuspicionsEnd fails.
//
// Package fdtest checks anyone's detectors against the same properties (examples/fd-student is
// a skeleton to start from).
package failuredetector

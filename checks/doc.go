// Package checks judges what clients of a replicated object observed: whether the history of
// their operations is linearizable, sequentially consistent, causally consistent, or converges
// once they stop.
//
// A history is recorded in the explored state itself. Client nodes — the Client of this
// package, which runs a Workload of register, key-value or queue operations (Input) against
// servers through Request and Reply messages, or a protocol's own — record each invocation and
// return with actor.Context.Invoke and Return, so every interleaving that the explorer visits
// has its own history (actor.State.History), and two interleavings with the same real-time
// order of invocations and returns are the same state. The properties built here judge it:
//
//   - Linearizable(name, m): porcupine's linearizability check against the sequential
//     specification m (a porcupine.Model: RegisterModel, KVModel — partitioned by key —,
//     QueueModel, or your own), with verdicts cached by history fingerprint; on a violation it
//     explains itself with porcupine's HTML drawing of the history, annotated with the trace's
//     steps, which distcheck.Check and `distcheck check --save` write next to the trace;
//   - SequentiallyConsistent(name, m): a search for a total order that keeps each client's
//     program order and that m accepts;
//   - CausallyConsistent(name) and CausallyConvergent(name): causal consistency (CC) and causal
//     convergence (CCv, causal+) as Bouajjani et al. define them (POPL 2017), of read/write
//     histories whose values are written once, by the bad patterns that characterize them
//     (CausalViolation and ConvergenceViolation name the one found);
//   - Converges(name, replicas): in every quiet state (no message in flight, no timer, no client
//     waiting) the replicas agree, and some state is quiet.
//
// Operations that never returned — a crashed server, a lost reply — may or may not have taken
// effect: they are given to the model with the output Unknown{} (which every model must accept)
// and may be linearized at any point after their invocation, or never matter.
//
// Histories are also built by hand — NewHistory from operations with call and return times,
// FromOps from recorded operations — and checked with IsLinearizable, IsSequentiallyConsistent,
// IsCausallyConvergent, IsCausallyConsistent and drawn with Visualize. A history that cannot
// have happened (an operation that returns before it is invoked, a client with two operations
// at once, a real-time order with a cycle) or that the model refuses (an operation of an
// unknown kind) is an error that says what is wrong, never a verdict.
package checks

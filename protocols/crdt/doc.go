// Package crdt is a last-writer-wins register, a state-based CRDT, replicated on replicas that
// spread every write by gossip: the replicas converge once the clients stop and the gossip has
// been delivered, whatever the order it arrives in and however often.
//
// Each replica keeps a Lamport clock and a register: a value and the stamp of the write that
// put it there — the clock of the replica that took the write, and that replica's ID. A
// replica takes a client's write with its clock advanced by one, and sends the stamped value to
// every other replica; a replica that receives gossip advances its clock to the stamp's and
// keeps the write with the greater stamp. Stamps are totally ordered — clock first, then ID —
// so merging is commutative, associative and idempotent, and every replica ends with the same
// write: the greatest.
//
// The buggy variant BugNoTiebreak compares clocks only. Two replicas that take concurrent
// writes stamp both with clock 1; each receives the other's gossip, sees no greater clock, and
// keeps its own value: they disagree for good once everything is delivered (two clients, two
// replicas, six steps).
//
// Clients (checks.Client): client i writes a value of its own, then reads, then alternately
// writes and reads; it sends its k-th operation to replica (i+k) mod the number of replicas.
// Links are reliable (no anti-entropy: a lost gossip message is never resent, so --drops breaks
// convergence); duplicated and reordered messages are absorbed by the merge, and a crashed
// replica is left out of the comparison.
//
// Properties (checks.Converges): Converges (always: in a quiet state — no message in flight,
// no client waiting — the running replicas hold the same value) and "Converges (quiet)"
// (sometimes a state is quiet).
package crdt

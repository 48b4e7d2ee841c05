// Package isis is total-order broadcast by agreed priorities, the ISIS algorithm of Birman and
// Joseph ("Reliable communication in the presence of failures", ACM TOCS 1987), as Coulouris,
// Dollimore, Kindberg and Blair describe it ("Distributed Systems: Concepts and Design", 5th
// ed., §15.4.3) — Lamport timestamps agreed among the processes — read beside the total-order
// broadcast of Cachin, Guerraoui and Rodrigues ("Introduction to Reliable and Secure Distributed
// Programming", 2nd ed., §6.1, Module 6.1's properties).
//
// To broadcast a message, a process asks every process, itself included, for a priority. Each
// proposes one larger than any it has proposed or seen agreed (a Lamport clock), made unique by
// its own ID, and queues the message, undeliverable, at that priority. Once the sender has
// every proposal it sends the largest as the agreed priority; each process moves the message to
// that place in its queue, marks it deliverable, and delivers from the head of the queue for as
// long as the head is deliverable. A message still waiting for its agreed priority holds back
// every message behind it: its agreed priority can only be larger than its proposed one.
//
// Each process broadcasts Config.Messages messages, each at any step, over reliable links, and
// no process crashes (the algorithm waits for every process's proposal). Properties (package
// multicast): TotalOrder, NoDuplication, NoCreation (always), AllDelivered (eventually, under
// weak fairness) and SomeoneElsesDelivered (sometimes).
//
// The named buggy variants:
//
//   - BugDeliverOnFinal delivers a message as soon as its priority is agreed, ahead of a
//     message before it in the queue that still waits for its own — whose agreed priority may
//     turn out smaller. TotalOrder fails.
//   - BugNoTiebreak compares priorities by number alone and keeps equal ones in the order they
//     were queued, which differs from process to process. TotalOrder fails.
package isis

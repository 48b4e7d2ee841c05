// Package lamportmutex is the mutual exclusion of Lamport's "Time, Clocks, and the Ordering of
// Events in a Distributed System" (CACM 21(7), 1978, the algorithm of its rules 1–5), as
// Coulouris, Dollimore, Kindberg and Blair set it beside Ricart–Agrawala ("Distributed Systems:
// Concepts and Design", 5th ed., §15.2): every node keeps a queue of every node's requests,
// ordered by Lamport timestamp with node IDs breaking ties, and channels are FIFO.
//
// The rules, as the paper numbers them:
//
//  1. A node that wants the resource stamps a Request with its Lamport clock (clocks.Lamport),
//     puts it on its own queue and sends it to every other node.
//  2. A node that receives a Request puts it on its queue and sends the requester an Ack,
//     stamped later than the request.
//  3. A node that releases the resource removes its request from its queue and sends a Release
//     to every other node.
//  4. A node that receives a Release removes the releaser's request from its queue.
//  5. A node enters when (i) its request comes before every other request on its queue in the
//     order (timestamp, ID) and (ii) it has received, from every other node, a message stamped
//     later than its request.
//
// Rule 5(ii) with FIFO channels is what makes rule 5(i) sound: a message later than my request
// from node j means any earlier request of j has already arrived. Here each node enters a given
// number of times (Config.Entries), wanting and leaving at any step, on a reliable FIFO network
// (actor.Ordered); the algorithm tolerates no crash.
//
// Properties (package mutex): MutualExclusion (always: at most one node holds the critical
// section), EveryoneEnters (eventually, under weak fairness of actions: every node enters as many
// times as it wants — starvation freedom, and so deadlock freedom) and Entered (sometimes).
//
// The named buggy variants:
//
//   - BugNoAcks enters as soon as its request heads its own queue, skipping rule 5(ii): a node
//     that has not yet heard of an earlier request enters beside its sender. MutualExclusion
//     fails.
//   - BugNoTiebreak orders requests by timestamp alone, a request counting as first unless
//     another is strictly earlier: two requests stamped alike each count as first, and both
//     nodes enter. MutualExclusion fails.
//   - BugUnorderedChannels runs the algorithm on a network that reorders messages: an Ack can
//     overtake the request its sender made before it, rule 5 is satisfied too early, and two
//     nodes enter. MutualExclusion fails — the FIFO assumption is not decoration.
package lamportmutex

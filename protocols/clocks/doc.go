// Package clocks is logical time: Lamport clocks and vector clocks as helpers a node embeds,
// and a small protocol that exchanges messages among a few nodes so that the explorer can check
// the clocks against happened-before on every execution.
//
// Read it beside Lamport, "Time, Clocks, and the Ordering of Events in a Distributed System"
// (CACM 1978), and Coulouris, Dollimore, Kindberg and Blair, "Distributed Systems: Concepts
// and Design" (5th ed., §14.4, logical time and logical clocks). A Lamport clock is a counter:
// a node increments it before each event (Lamport.Tick), stamps each message it sends with it
// (Lamport.Send, which ticks), and on receipt sets it to the maximum of its own value and the
// message's stamp, plus one (Lamport.Receive). A vector clock keeps one counter per node: a
// node increments its own entry before each event, stamps messages with the whole vector, and
// on receipt takes the element-wise maximum, then increments its own entry. Vectors are
// ordered element-wise: V < W when every entry of V is at most W's and they differ (Less).
//
// Happened-before (→) is the least transitive relation with a → b when a comes before b on one
// node, or a sends a message that b receives. The properties are the two theorems of the
// chapter, checked over every pair of events recorded on every explored execution, with → computed
// from the recorded events alone (which event sent which message), not from the clocks:
//
//   - ClockCondition (always): a → b implies L(a) < L(b) — Lamport's clock condition. The
//     converse does not hold, and nothing here asks it to.
//   - VectorCharacterization (always): a → b if and only if Less(V(a), V(b)) — vector clocks
//     characterize causality, so concurrent events are exactly those with incomparable vectors.
//   - CausalChain (sometimes): some event has heard, through a chain of messages, from every
//     node: its vector has no zero entry.
//
// Each node of the demonstration (Node) has a budget of events. While it has some left, a
// timer lets it, at any step, either do a local event or send a message to a peer of its
// choice; it receives whatever arrives. Every event is recorded in the node's state with both
// clocks' values.
//
// The named buggy variants are the mistakes students make when they write the helpers:
//
//   - BugNoMax: on receipt the Lamport clock ticks but ignores the message's stamp. A node
//     that has done little receives from one that has done much, and the receipt has a smaller
//     clock than the send that caused it: ClockCondition fails.
//   - BugNoTickOnSend: the Lamport clock stamps a message without ticking. A send that follows
//     another event on its node has the same clock as that event: ClockCondition fails.
//   - BugNoTickOnReceive: the vector clock merges on receipt but does not increment the
//     receiver's entry, so a receipt can carry the very vector of the send before it, and
//     VectorCharacterization fails (a → b but not V(a) < V(b)).
//   - BugCompareAny: vectors are compared by "some entry is smaller" instead of "no entry is
//     larger and one is smaller", so two concurrent events look ordered: VectorCharacterization
//     fails the other way.
//
// No fault breaks the correct clocks: lost messages leave fewer receipts, duplicated ones
// more, and both theorems still hold (--drops, --duplicates).
package clocks

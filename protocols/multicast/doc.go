// Package multicast holds what the broadcast protocols of the course share: the record each
// process keeps of what it broadcast and delivered (Record), and the properties of Cachin,
// Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed Programming" (2nd
// ed., chapters 3 and 6), judged from those records alone — not from the clocks or sequence
// numbers a protocol uses, so a protocol cannot pass by agreeing with itself.
//
// The protocols are in the packages below: multicast/causal (Waiting Causal Broadcast, with
// vector clocks), multicast/sequencer (total order by a fixed sequencer) and multicast/isis
// (total order by agreed Lamport timestamps, the ISIS algorithm). Each process broadcasts a
// few messages, at any step; a message is identified by its sender and the sender's count
// (ID), which is all the properties need.
//
// Two conformance suites check students' broadcasts by these properties: multicast/causaltest
// (causal order) and multicast/totaltest (total order, by whatever algorithm), with skeletons
// under examples/causal-student and examples/total-order-student.
//
// The properties:
//
//   - NoDuplication (always): no process delivers a message twice.
//   - NoCreation (always): a process delivers a message only if its sender broadcast it.
//   - AllDelivered (eventually, under weak fairness): every process delivers every message —
//     validity and agreement together, on a system where no process crashes.
//   - FIFOOrder (always): a process that delivers a sender's kth message has delivered the
//     sender's earlier ones before it.
//   - CausalOrder (always): a process that delivers m has delivered before it every message
//     whose broadcast happened before m's — the messages its sender had delivered, or
//     broadcast, when it broadcast m. Checking each message's direct past, in every log,
//     covers the transitive closure.
//   - TotalOrder (always): two processes that deliver the same two messages deliver them in
//     the same order.
//   - SomeoneElsesDelivered (sometimes): a process has delivered a message of another process.
package multicast

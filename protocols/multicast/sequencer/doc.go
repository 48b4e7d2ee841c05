// Package sequencer is total-order broadcast by a fixed sequencer, as Coulouris, Dollimore,
// Kindberg and Blair describe it ("Distributed Systems: Concepts and Design", 5th ed., §15.4.3)
// and Cachin, Guerraoui and Rodrigues discuss it beside their consensus-based total-order
// broadcast ("Introduction to Reliable and Secure Distributed Programming", 2nd ed., §6.1).
//
// A process that broadcasts a message sends it to the sequencer, node 0 (itself a member). The
// sequencer gives each message it receives the next number of a single global sequence and
// sends the message with its number to every process. A process holds numbered messages back
// and delivers them in the order of their numbers, without gaps. Each process broadcasts
// Config.Messages messages, each at any step, over reliable links; the sequencer does not crash
// (a fixed sequencer is a single point of failure, and the algorithm does not claim otherwise).
//
// Properties (package multicast, judged from what the processes broadcast and delivered):
// TotalOrder, NoDuplication and NoCreation (always), AllDelivered (eventually, under weak
// fairness) and SomeoneElsesDelivered (sometimes). FIFO order is not promised: the links do not
// keep order, so the sequencer can number a process's second message before its first.
//
// The named buggy variants:
//
//   - BugNoHoldback delivers each numbered message on arrival, in whatever order the network
//     brings them. TotalOrder fails.
//   - BugSenderNumbers does without the sequencer: each sender numbers its own messages and
//     sends them to everyone, and a process delivers each sender's messages in their order.
//     That is FIFO order, not total: two processes deliver two senders' messages in opposite
//     orders. TotalOrder fails.
package sequencer

// Package causal is causal-order broadcast by Algorithm 3.15 of Cachin, Guerraoui and
// Rodrigues, "Introduction to Reliable and Secure Distributed Programming" (2nd ed., §3.9,
// "Waiting Causal Broadcast"), with the vector clocks of package clocks.
//
// A process keeps a vector V: V[k] is the number of messages of process k it has delivered.
// To broadcast, it stamps the message with W, a copy of V whose own entry is the number of
// messages it broadcast before — the causal past of the message, counted per sender — and sends
// it to every process (delivering it itself at once, as its copy to itself would be). A process
// that receives a message with stamp W waits until W ≤ V, entry by entry: until it has
// delivered everything the sender had delivered, and the sender's earlier messages. Then it
// delivers it and increments V's entry of the sender.
//
// Each process broadcasts Config.Messages messages, each at any step. No process crashes and
// links are reliable, so sending to every process is reliable broadcast here; what is checked
// is the order. Properties (package multicast, from the processes' records of what they
// broadcast and delivered, not from the clocks): CausalOrder and FIFOOrder (always),
// NoDuplication and NoCreation (always), AllDelivered (eventually, under weak fairness: every
// process delivers every message) and SomeoneElsesDelivered (sometimes).
//
// The named buggy variants:
//
//   - BugNoWait delivers each message on arrival. A message can overtake one it depends on:
//     CausalOrder fails, and with two messages per process FIFOOrder too.
//   - BugSenderEntryOnly waits only for the sender's earlier messages (W[sender] ≤ V[sender]),
//     not for what the sender had delivered: FIFO order, not causal. With three processes, a
//     reply overtakes the message it answers: CausalOrder fails.
package causal

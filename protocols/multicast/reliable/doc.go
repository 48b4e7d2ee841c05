// Package reliable is reliable broadcast in the crash-stop model, beside Cachin, Guerraoui and
// Rodrigues, "Introduction to Reliable and Secure Distributed Programming" (2nd ed., §3.3–3.4):
// Algorithm 3.3, "Eager Reliable Broadcast" (Module 3.2, reliable broadcast), and Algorithm 3.5,
// "Majority-Ack Uniform Reliable Broadcast" (Module 3.3, uniform reliable broadcast), which
// Config.Uniform selects, and Algorithm 3.12, "Broadcast with Sequence Number" (Module 3.8, FIFO
// reliable broadcast) on the eager one, which Config.FIFO selects: a message's number among its
// sender's is in its ID, and a process holds back a message until the sender's earlier ones are
// delivered.
//
// Node 0 broadcasts Config.Messages messages. In the eager algorithm a process delivers the
// first copy of a message it receives (the sender, its own message at once) and relays it to
// every other process. In the uniform one a process relays the first copy too, but delivers a
// message only once more than half the processes have relayed it (it counts itself): a message
// delivered by anyone, even a process that then crashes, has reached a correct process that
// relays it.
//
// A broadcast is a sequence of sends, not one atomic step: the copies wait in an outbox and go
// out one at a time (SendTimer), so a process can crash (--crashes, crash-stop) after sending
// some of them and not the others — the failure these algorithms exist for. Links are perfect:
// what is sent arrives, even from a process that crashed since.
//
// Properties (package multicast.Reliable, from the processes' records): NoDuplication and
// NoCreation (always), SomeoneElsesDelivered (sometimes), and as leads-to properties under weak
// fairness (once violated, they hold again later): Validity (a running process has delivered
// what it broadcast), Agreement (every running process has delivered what any running process
// delivered) and, for the uniform algorithm, UniformAgreement (... what any process delivered);
// with FIFO, FIFOOrder (always).
// The eager algorithm is not uniform: its sender delivers its own message at once, and if it
// crashes before its copies go out, no one else ever delivers it — the uniform-broadcast
// variant BugDeliverOnReceipt shows it. The uniform algorithm needs a majority of correct
// processes: New refuses more crashes than a minority.
//
// The named buggy variants:
//
//   - BugNoRelay (eager): processes do not relay — best-effort broadcast. The sender crashes
//     after sending to one process: Agreement fails (--crashes 1).
//   - BugDeliverEveryCopy (eager): every copy is delivered, the relays' too: NoDuplication fails.
//   - BugDeliverOnReceipt (uniform): delivering on receipt, as the eager algorithm does. The
//     sender delivers and crashes before sending (--crashes 1): UniformAgreement fails.
//   - BugNoHoldback (FIFO): messages delivered as they come: FIFOOrder fails.
//   - BugDropEarly (FIFO): a message that arrives ahead of its turn is discarded, and since
//     reliable broadcast delivers each message once it is never delivered: Agreement fails.
//   - BugHalfIsMajority (uniform): delivering once half the processes, rounded down, relayed.
//     With 3 processes that is the sender alone, and the same run breaks UniformAgreement.
package reliable

// Package abd is the register of Attiya, Bar-Noy and Dolev ("Sharing memory robustly in
// message-passing systems", 1995): a linearizable read/write register replicated on servers, any
// majority of which is enough to serve a request, so that a minority may crash.
//
// Every replica holds a value and its sequence number — a logical clock and the ID of the
// server that wrote it. As in Stateright's example (examples/linearizable-register.rs), a client
// sends its request to one server, which coordinates it in two phases. Phase 1 queries the
// servers and waits for a majority of answers, counting its own. Phase 2 records a value at a
// majority: for a write, the new value with a clock one higher than any answer; for a read, the
// newest value it was told — the read writes it back before it returns it. A server adopts a
// recorded value whose sequence number is newer than its own. Any two majorities share a
// server, so a read's query meets every write that has completed, and every read that has.
//
// The write-back is what makes reads linearizable and not only regular. In the buggy variant
// BugNoWriteBack a read returns as soon as its query is answered. With three servers, a writer
// and two readers, the first reader's query can meet the one server that already holds the new
// value, return it, and finish; the second reader, starting afterwards, queries the two servers
// that do not hold it yet and returns the old value: a new value, then an old one, in real time
// — not linearizable, though sequentially consistent.
//
// Clients (checks.Client): the first Writers clients write a value of their own and then read,
// from the start; the other clients read once, and the first of them starts at once while the
// rest wait a nondeterministic time (checks.Client.Wait), so that a read can begin after
// another has ended. Client i sends its k-th operation to server (i+k) mod the number of
// servers.
//
// Properties: Linearizable (always, checks.Linearizable with checks.RegisterModel) and
// ValueRead (sometimes a read returns a value that was written).
//
// # State counts
//
// With 2 servers and 2 clients that each write and then read, breadth-first search finds 574
// distinct states; Stateright reports 544 for the same configuration. The 30 more are states
// in which a server holds a client's request that arrived while it was coordinating another
// one. Stateright leaves such a request in the network — its actor ignores it, and a delivery
// that changes nothing is no transition there — to be delivered once the server is free.
// distcheck consumes every message it delivers, so the server keeps the request in a queue
// (Server.Waiting) and starts it when it answers the current one; in the other 544 states the
// two models agree. With 3 servers the state space grows fast — 754,354 states for one writer
// and one reader, and far more with a second reader that may wait — so the tests check those
// configurations with random walks.
package abd

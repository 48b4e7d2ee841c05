// Package centralmutex is mutual exclusion by a central server, the first algorithm of
// Coulouris, Dollimore, Kindberg and Blair, "Distributed Systems: Concepts and Design" (5th ed.,
// §15.2): a client that wants the critical section asks the server, which grants the token to
// one client at a time and queues the others' requests in order; a client that leaves returns
// the token, and the server grants it to the oldest request in the queue.
//
// Node 0 is the server and the others are clients; each client enters a given number of times
// (Config.Entries), wanting and leaving at any step, on a reliable asynchronous network. The
// server is a single point of failure: the algorithm tolerates no crash.
//
// Properties: MutualExclusion (always: at most one client holds the critical section),
// EveryoneEnters (eventually, under weak fairness of actions: every client enters as many times
// as it wants — no deadlock, no starvation) and Entered (sometimes).
//
// The named buggy variants:
//
//   - BugGrantAlways grants every request at once, without checking that the token is out: two
//     clients are inside. MutualExclusion fails.
//   - BugNoGrantOnRelease takes the token back on a release but forgets the queue: a client
//     that asked while another held the token waits forever. EveryoneEnters fails, with a path
//     where nothing more can happen.
package centralmutex

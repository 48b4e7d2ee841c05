// Package ricartagrawala is the distributed mutual exclusion of Ricart and Agrawala, "An optimal
// algorithm for mutual exclusion in computer networks" (CACM 1981), as Coulouris, Dollimore,
// Kindberg and Blair describe it ("Distributed Systems: Concepts and Design", 5th ed., §15.2):
// a node that wants the critical section asks every other node and enters once all have
// replied; requests are ordered by Lamport timestamps, ties broken by node ID.
//
// A node in state Released that wants the critical section moves to Wanted, stamps a Request
// with its Lamport clock (clocks.Lamport, from package clocks) and sends it to every peer. A node
// that receives a Request replies at once unless it holds the critical section, or wants it and
// its own request is earlier — (timestamp, ID) compared lexicographically — in which case it
// defers the reply until it leaves. A node that has a reply from every peer enters (Held); when
// it leaves it replies to every request it deferred. Here each node enters a given number of
// times (Config.Entries), wanting and leaving at any step, on a reliable asynchronous network;
// the algorithm tolerates no crash.
//
// Properties: MutualExclusion (always: at most one node holds the critical section),
// EveryoneEnters (eventually, under weak fairness of actions: every node enters as many times as
// it wants — starvation freedom, and so deadlock freedom) and Entered (sometimes).
//
// The named buggy variants:
//
//   - BugReplyWhileHeld replies to a request while in the critical section instead of deferring
//     it: the requester enters too. MutualExclusion fails.
//   - BugNoTiebreak compares timestamps alone, deferring to any request whose timestamp is not
//     larger: two nodes that ask with the same timestamp each defer to the other, and neither
//     ever enters. EveryoneEnters fails, with a path where nothing more can happen.
package ricartagrawala

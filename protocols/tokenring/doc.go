// Package tokenring is the ring-based mutual exclusion of Coulouris, Dollimore, Kindberg and
// Blair ("Distributed Systems: Concepts and Design", 5th ed., §15.2, "A ring-based
// algorithm"; the token ring of Le Lann, 1977): the nodes form a logical ring, and the right to
// enter the critical section is a token that travels around it, one way, from each node to its
// successor.
//
// Node 0 holds the token at the start. A node that receives the token enters the critical
// section if it wants it; otherwise it passes the token on to its successor at once. A node that
// leaves the critical section passes the token on. Each node enters a given number of times
// (Config.Entries), wanting and leaving at any step; the network is reliable and asynchronous.
// The algorithm tolerates neither crashes nor lost messages: a lost token is gone for good, as
// running with --drops 1 shows (EveryoneEnters fails).
//
// Properties (package mutex): MutualExclusion (always: at most one node holds the critical
// section), EveryoneEnters (eventually, under weak fairness of actions: every node enters as
// many times as it wants — starvation freedom, and so deadlock freedom) and Entered (sometimes).
// With two or more tokens in the ring — which the correct algorithm never makes — the first
// property fails; with none, the second.
//
// The named buggy variants:
//
//   - BugKeepToken keeps the token after leaving the critical section, waiting to be asked for
//     it, instead of passing it on: the other nodes never get it. EveryoneEnters fails, with a
//     path where nothing more can happen.
//   - BugRetransmit guards against a lost token by resending it when the successor's
//     acknowledgement has not come back before a timer fires — in an asynchronous system the
//     timer can fire while the token and its acknowledgement are merely slow, and the ring then
//     holds two tokens. MutualExclusion fails.
package tokenring

// Package maekawa is Maekawa's voting algorithm for mutual exclusion, "A √N algorithm for
// mutual exclusion in decentralized systems" (ACM TOCS 3(2), 1985), as Coulouris, Dollimore,
// Kindberg and Blair present it ("Distributed Systems: Concepts and Design", 5th ed., §15.2,
// Figure 15.6) and with the deadlock avoidance that the paper adds and Sanders ("The information
// structure of distributed mutual exclusion algorithms", ACM TOCS 5(3), 1987) sets in a general
// frame.
//
// Every node i has a voting set V_i, and any two voting sets share a node (here: both nodes for
// 2 nodes, {i, i+1 mod 3} for 3, a node's row and column of a 2×2 grid for 4, a majority
// {i, …, i+⌊n/2⌋ mod n} for 5 and 6, and for 7 the lines of the Fano plane, Maekawa's own
// example: sets of K = 3 with K(K−1)+1 = 7). A node that wants
// the critical section sends a Request, stamped with its Lamport clock, to every member of its
// voting set, itself included, and enters when all of them have voted for it (Locked). Each
// node, as a voter, votes for one request at a time and queues the others; a Release from the
// node it voted for frees its vote for the next request in line. Because the voting sets
// intersect, two nodes never hold every vote they need at once.
//
// Figure 15.6 stops there, and the book notes that it can deadlock: with three nodes that each
// vote for themselves first, each waits for a vote the next one holds. Maekawa's full algorithm
// orders requests by (timestamp, ID) and breaks such cycles: a voter that queues a request behind
// an earlier one tells its sender Failed; a voter that receives a request earlier than the one it
// voted for sends that voter an Inquire; a requester that has been told Failed answers an Inquire
// by giving the vote back (Relinquish), and the voter gives it to the earliest request. A voter
// here also tells Failed to a request it had queued without telling, once an earlier request
// arrives behind it (so that its sender gives back the votes it holds); with three nodes a
// voter serves two and the case does not arise — the search finds no deadlock without it.
//
// Four nodes and more, all requesting, are more than an exhaustive search covers: the 2×2 grid,
// each node entering once, has 1.76 million states within depth 15 after a minute, and grew
// past 11 GB. With fewer requesters (Config.Requesters: the others only vote) the search is
// exhaustive again: two requesters give 3,387 states at 4 nodes, 3,505 at 5, 35,969 at 6 and
// 2,677 at 7 (distcheck check maekawa --nodes 7 --requesters 2); three give 454,461 at 4
// nodes and 273,566 at 7 (under 10 s each), while at 6, whose sets of four overlap more, they
// pass 2 million states within depth 15 in 90 s. With every node requesting, swarm walks check 4 to 7 nodes (distcheck check
// maekawa --nodes 7 --strategy swarm --depth 400), judging EveryoneEnters once faults stop and
// scheduling turns fair, and find both named bugs in a few walks.
//
// Here each node enters a given number of times (Config.Entries), wanting and leaving at any step,
// on reliable FIFO channels (actor.Ordered); the algorithm tolerates no crash.
//
// Properties (package mutex): MutualExclusion (always), EveryoneEnters (eventually, under weak
// fairness of actions: no deadlock, no starvation) and Entered (sometimes).
//
// The named buggy variants — the first is the algorithm of Figure 15.6, which is what the
// "bug" is: running it as the whole algorithm:
//
//   - BugNoInquire is Figure 15.6 alone: no Failed, Inquire or Relinquish. Every node votes for
//     itself, then waits for a vote held by another: EveryoneEnters fails with a deadlock, a path
//     where nothing more can happen.
//   - BugExcludeSelf leaves a node out of its own voting set (asking "the others" only): the
//     sets lose their common members, two nodes collect every vote they need, and
//     MutualExclusion fails.
package maekawa

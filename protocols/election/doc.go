// Package election is leader election in a single round by majority vote — the core of the
// elections of Raft and Paxos, with the terms taken away — beside two naive variants, each
// broken by a benign fault that the majority vote was designed for.
//
// Every node may time out and stand as a candidate: it votes for itself and asks the others
// for their votes. A node grants its vote to the first candidate that asks, and never to
// another; a candidate that collects the votes of a majority of the nodes is the leader. Two
// majorities of the same nodes always share a node, and that node votes once, so at most one
// candidate can win. The argument holds whatever the timing, so the correct protocol is
// explored in a fully asynchronous system, where any pending timer may fire at any step
// (actor.TimersAnytime), with crashes, recoveries and partitions.
//
// "Votes once" has to survive a crash. In the buggy variant BugForgetVote a node keeps its
// vote in volatile memory, not tagged `distcheck:"durable"`: a node that votes, crashes and
// recovers has forgotten it, votes again for another candidate, and two leaders are elected
// (crash-recovery: Faults{Crashes: 1, Recoveries: 1} is enough). The correct Voter persists its
// vote before it sends it, as Raft persists votedFor.
//
// The buggy variant BugNoQuorum replaces votes with timing, in the manner of the bully
// algorithm: every node announces itself to the others when it starts and, when its timer
// fires, declares itself leader if it has heard from no node with a higher ID. That is right in
// a synchronous system, where a timeout is longer than any message delay; the variant is
// explored with actor.TimersWhenQuiet, under which a timer fires only once every message that
// can be delivered has been, and then only the highest node becomes leader. A partition
// breaks the timing assumption: a split that holds back the highest node's announcement —
// symmetric, or one-way so that only its outgoing links are cut — lets a lower node time out
// and declare itself leader while the highest node does too. A majority vote needs no timing
// assumption for safety: a minority side of a partition cannot collect a majority.
//
// Properties: AtMostOneLeader (always, at most one node is leader, counting nodes that are
// down) and LeaderElected (sometimes a leader is elected). There is no liveness property: a
// single round may split its votes and elect no one, which is why real protocols add terms.
package election
